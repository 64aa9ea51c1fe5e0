// Batch front end to Berth's version comparators, for the oracle tests: reads one
// tab-separated pair per line on stdin and prints one result per line.
//
//   berth_version_oracle_tool cmp <scheme>          "a\tb"        -> "<" "=" ">" or "invalid"
//   berth_version_oracle_tool valid <scheme>        "v"           -> "valid" or "invalid"
//   berth_version_oracle_tool npm-range <0|1>       "v\trange"    -> "true" "false"
//                                                   "invalid-version" or "invalid-range"
//   berth_version_oracle_tool pep440-spec <0|1>     "v\tspec"     -> same as npm-range
//   berth_version_oracle_tool match <scheme>        "v\tconstraint" (Trivy syntax) -> same
// The 0|1 argument is node-semver's includePrerelease / packaging's prereleases flag.
#include <iostream>
#include <string>

#include "scan/version/npm_range.h"
#include "scan/version/pep440_specifier.h"
#include "scan/version/version_scheme.h"

using namespace berth::scan;

namespace {

std::pair<std::string, std::string> split_tab(const std::string& line) {
  size_t tab = line.find('\t');
  if (tab == std::string::npos) return {line, ""};
  return {line.substr(0, tab), line.substr(tab + 1)};
}

const char* cmp_text(int c) {
  return c < 0 ? "<" : c > 0 ? ">" : "=";
}

int usage() {
  std::cerr << "usage: berth_version_oracle_tool cmp|valid|match <scheme> | npm-range <0|1> | "
               "pep440-spec <0|1>\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) return usage();
  std::string mode = argv[1], arg = argv[2];
  std::optional<VersionScheme> scheme = version_scheme_from_name(arg);
  bool flag = arg == "1";
  if ((mode == "cmp" || mode == "valid" || mode == "match") && !scheme) return usage();
  if ((mode == "npm-range" || mode == "pep440-spec") && arg != "0" && arg != "1") return usage();
  std::ios::sync_with_stdio(false);
  std::string line;
  while (std::getline(std::cin, line)) {
    auto [a, b] = split_tab(line);
    if (mode == "cmp") {
      auto c = compare_versions(*scheme, a, b);
      std::cout << (c ? cmp_text(*c) : "invalid") << '\n';
    } else if (mode == "valid") {
      std::cout << (version_valid(*scheme, a) ? "valid" : "invalid") << '\n';
    } else if (mode == "match") {
      if (!version_valid(*scheme, a)) {
        std::cout << "invalid-version\n";
        continue;
      }
      auto m = version_matches(*scheme, a, b);
      std::cout << (m ? (*m ? "true" : "false") : "invalid-range") << '\n';
    } else if (mode == "npm-range") {
      auto v = NpmSemVer::parse(a);
      auto r = NpmRange::parse(b, {.include_prerelease = flag, .trivy_syntax = false});
      std::cout << (!r                    ? "invalid-range"
                    : !v                  ? "invalid-version"
                    : r->satisfied_by(*v) ? "true"
                                          : "false")
                << '\n';
    } else if (mode == "pep440-spec") {
      auto v = Pep440Version::parse(a);
      auto s = Pep440SpecifierSet::parse(b, {.prereleases = flag, .trivy_syntax = false});
      std::cout << (!s                ? "invalid-range"
                    : !v              ? "invalid-version"
                    : s->contains(*v) ? "true"
                                      : "false")
                << '\n';
    } else {
      return usage();
    }
  }
  return 0;
}
