// Range (blob GET) and Content-Range (chunked upload) headers.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace berth::http {

struct ByteRange {
  uint64_t first = 0;
  uint64_t last = 0;  // inclusive
  uint64_t length() const { return last - first + 1; }
};

enum class RangeStatus { kNone, kSatisfiable, kUnsatisfiable };

struct RangeResult {
  RangeStatus status = RangeStatus::kNone;
  ByteRange range;
};

// RFC 9110 "bytes=first-last", "bytes=first-", "bytes=-suffix" against a resource of `size`.
// Several ranges or other units are answered with the whole resource (kNone), as RFC allows.
RangeResult parse_range(std::string_view header, uint64_t size);

// Upload chunk ranges as clients send them: "first-last", also "bytes first-last/*" or
// "bytes=first-last". nullopt when malformed.
std::optional<ByteRange> parse_content_range(std::string_view header);

}  // namespace berth::http
