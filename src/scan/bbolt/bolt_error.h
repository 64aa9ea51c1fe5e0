// The one exception type of the bbolt reader: a file that is not a valid bbolt database, or an
// I/O failure while mapping it.
#pragma once

#include <stdexcept>
#include <string>

namespace berth::scan::bbolt {

class BoltError : public std::runtime_error {
 public:
  explicit BoltError(const std::string& what) : std::runtime_error("bbolt: " + what) {}
};

}  // namespace berth::scan::bbolt
