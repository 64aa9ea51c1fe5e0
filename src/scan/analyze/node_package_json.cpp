#include <nlohmann/json.hpp>

#include "scan/analyze/lang_parsers.h"

namespace berth::scan {

std::vector<Package> parse_node_package_json(std::string_view text) {
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (!j.is_object()) return {};
  auto str = [&](const char* key) {
    auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  Package p;
  p.name = str("name");
  p.version = str("version");
  if (p.name.empty() || p.version.empty()) return {};
  if (auto lic = str("license"); !lic.empty()) p.licenses.push_back(lic);
  return {p};
}

}  // namespace berth::scan
