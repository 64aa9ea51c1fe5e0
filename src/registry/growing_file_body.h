// A proxied blob still downloading (store::GrowingFile) as the server's streaming body.
#pragma once

#include <memory>

#include "http/growing_body.h"
#include "store/growing_file.h"

namespace berth::registry {

class GrowingFileBody : public http::GrowingBody {
 public:
  explicit GrowingFileBody(std::shared_ptr<store::GrowingFile> file) : file_(std::move(file)) {}

  Progress progress() const override {
    auto st = file_->state();
    return {st.available, st.done, st.failed, std::move(st.error)};
  }
  std::shared_ptr<int> fd() const override { return file_->fd(); }
  void when_beyond(uint64_t have, std::function<void()> ready) override {
    file_->when_beyond(have, std::move(ready));
  }

 private:
  std::shared_ptr<store::GrowingFile> file_;
};

}  // namespace berth::registry
