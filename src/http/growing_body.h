// A response body that is still being produced (a proxied blob on its way in): the server sends
// the bytes as they become available. Defined here so that http/ needs nothing of the layers
// that produce such bodies; they implement it.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace berth::http {

class GrowingBody {
 public:
  struct Progress {
    uint64_t available = 0;  // bytes [0, available) of fd() are written and readable
    bool done = false;       // complete: no more bytes will come
    bool failed = false;     // the producer gave up; error says why
    std::string error;
  };
  virtual ~GrowingBody() = default;
  virtual Progress progress() const = 0;
  // The file the bytes are in (sent with sendfile(2) on plain connections).
  virtual std::shared_ptr<int> fd() const = 0;
  // Calls `ready` (from any thread, or at once) when more than `have` bytes are available or
  // the body is over.
  virtual void when_beyond(uint64_t have, std::function<void()> ready) = 0;
};

}  // namespace berth::http
