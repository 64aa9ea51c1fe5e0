// The mapped file plus its current meta: hands out bounds-checked logical pages by id.
// Internal to the reader; buckets and cursors keep a pointer to it.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "scan/bbolt/bolt_meta.h"
#include "scan/bbolt/bolt_page.h"
#include "scan/bbolt/mapped_file.h"

namespace berth::scan::bbolt {

class PageSource {
 public:
  PageSource(std::string path, std::unique_ptr<MappedFile> file, Meta meta)
      : path_(std::move(path)), file_(std::move(file)), meta_(meta) {}

  // The branch or leaf page `id` with its overflow pages. Throws BoltError when the id is a meta
  // or unused page, the header names another page, or the page runs past the used area.
  PageView page(std::uint64_t id) const;

  const Meta& meta() const { return meta_; }
  const std::string& path() const { return path_; }
  std::string_view bytes() const { return file_->bytes(); }

 private:
  std::string path_;
  std::unique_ptr<MappedFile> file_;
  Meta meta_;
};

}  // namespace berth::scan::bbolt
