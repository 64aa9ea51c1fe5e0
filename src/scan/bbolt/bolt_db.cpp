#include "scan/bbolt/bolt_db.h"

#include <filesystem>

#include "scan/bbolt/page_source.h"

namespace berth::scan::bbolt {

BoltDb BoltDb::open(const std::string& path) {
  auto file = std::make_unique<MappedFile>(path);
  Meta meta;
  try {
    meta = select_meta(file->bytes());
  } catch (const BoltError& e) {
    throw BoltError(std::filesystem::path(path).filename().string() + ": " +
                    (e.what() + std::string_view("bbolt: ").size()));
  }
  return BoltDb(std::make_unique<PageSource>(path, std::move(file), meta));
}

BoltDb::BoltDb(std::unique_ptr<PageSource> source) : source_(std::move(source)) {}
BoltDb::BoltDb(BoltDb&&) noexcept = default;
BoltDb& BoltDb::operator=(BoltDb&&) noexcept = default;
BoltDb::~BoltDb() = default;

Bucket BoltDb::root() const {
  return Bucket(source_.get(), source_->meta().root, {}, source_->meta().root_sequence);
}

const Meta& BoltDb::meta() const {
  return source_->meta();
}
std::size_t BoltDb::file_size() const {
  return source_->bytes().size();
}
const std::string& BoltDb::path() const {
  return source_->path();
}

}  // namespace berth::scan::bbolt
