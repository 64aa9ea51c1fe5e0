#include "scan/version/pep440_specifier.h"

#include "scan/version/version_util.h"

namespace berth::scan {
namespace {

// "v? (N!)? N(.N)*", the only thing allowed before ".*".
bool plain_release(std::string_view s) {
  if (!s.empty() && (s[0] == 'v' || s[0] == 'V')) s.remove_prefix(1);
  if (size_t bang = s.find('!'); bang != std::string_view::npos) {
    if (!all_digits(s.substr(0, bang))) return false;
    s.remove_prefix(bang + 1);
  }
  bool ok = true;
  for_each_split(s, ".", [&](std::string_view p) { ok = ok && all_digits(p); });
  return ok;
}

// packaging's _version_split: dot-separated, with "3rc1" split into "3", "rc1".
std::vector<std::string> version_split(std::string_view s) {
  std::vector<std::string> out;
  for_each_split(s, ".", [&](std::string_view item) {
    size_t i = 0;
    while (i < item.size() && is_digit(item[i])) ++i;
    std::string_view rest = item.substr(i);
    size_t label = rest.starts_with("rc")                                                    ? 2
                   : (!rest.empty() && (rest[0] == 'a' || rest[0] == 'b' || rest[0] == 'c')) ? 1
                                                                                             : 0;
    if (i > 0 && label > 0 && all_digits(rest.substr(label))) {
      out.emplace_back(item.substr(0, i));
      out.emplace_back(rest);
    } else {
      out.emplace_back(item);
    }
  });
  return out;
}

bool is_digit_str(const std::string& s) {
  return all_digits(s);
}

// packaging's canonicalize_version(..., strip_trailing_zero=False); legacy text is kept as is.
std::string canonical_text(std::string_view s) {
  auto v = Pep440Version::parse(s);
  return v ? v->canonical(false) : std::string(s);
}

bool prefix_match(const Pep440Version& v, std::string_view spec_prefix) {
  auto spec = version_split(canonical_text(spec_prefix));
  auto prospective = version_split(v.public_str());
  size_t lrel = 0, rrel = 0;
  while (lrel < prospective.size() && is_digit_str(prospective[lrel])) ++lrel;
  while (rrel < spec.size() && is_digit_str(spec[rrel])) ++rrel;
  std::vector<std::string> padded(prospective.begin(), prospective.begin() + lrel);
  for (size_t i = lrel; i < rrel; ++i) padded.emplace_back("0");
  padded.insert(padded.end(), prospective.begin() + lrel, prospective.end());
  if (padded.size() > spec.size()) padded.resize(spec.size());
  return padded == spec;
}

bool starts_with_suffix(const std::string& s) {
  for (std::string_view p : {"dev", "a", "b", "rc", "post"}) {
    if (s.starts_with(p)) return false;
  }
  return true;
}

Pep440Version public_of(const Pep440Version& v) {
  Pep440Version p = v;
  p.local.reset();
  return p;
}

bool same_base(const Pep440Version& a, const Pep440Version& b) {
  return compare(*Pep440Version::parse(a.base_str()), *Pep440Version::parse(b.base_str())) == 0;
}

}  // namespace

std::optional<Pep440Specifier> Pep440Specifier::parse(std::string_view s) {
  s = trim(s);
  Pep440Specifier sp;
  for (std::string_view op : {"===", "~=", "==", "!=", "<=", ">=", "<", ">"}) {
    if (s.starts_with(op)) {
      sp.op_ = std::string(op);
      break;
    }
  }
  if (sp.op_.empty()) return std::nullopt;
  std::string_view ver = trim(s.substr(sp.op_.size()));
  for (char c : ver) {
    if (is_space(c)) return std::nullopt;
  }
  sp.version_ = std::string(ver);
  if (sp.op_ == "===") {
    if (ver.find_first_of(";)") != std::string_view::npos) return std::nullopt;
    sp.parsed_ = Pep440Version::parse(ver);
    return sp;
  }
  bool eq = sp.op_ == "==" || sp.op_ == "!=";
  if (eq && ver.ends_with(".*")) {
    if (!plain_release(ver.substr(0, ver.size() - 2))) return std::nullopt;
    sp.wildcard_ = true;
    sp.parsed_ = Pep440Version::parse(ver.substr(0, ver.size() - 2));
    return sp.parsed_ ? std::optional(sp) : std::nullopt;
  }
  sp.parsed_ = Pep440Version::parse(ver);
  if (!sp.parsed_ || ver.empty()) return std::nullopt;
  if (sp.parsed_->local && !eq) return std::nullopt;
  if (sp.op_ == "~=" && sp.parsed_->release.size() < 2) return std::nullopt;
  return sp;
}

bool Pep440Specifier::allows_prereleases() const {
  if (op_ != "==" && op_ != ">=" && op_ != "<=" && op_ != "~=" && op_ != "===") return false;
  return parsed_ && parsed_->is_prerelease();
}

bool Pep440Specifier::contains(const Pep440Version& v) const {
  if (op_ == "===") return to_lower(v.str()) == to_lower(version_);
  const Pep440Version& spec = *parsed_;
  if (op_ == "==" || op_ == "!=") {
    bool equal = wildcard_ ? prefix_match(v, version_.substr(0, version_.size() - 2))
                           : compare(spec.local ? v : public_of(v), spec) == 0;
    return (op_ == "==") == equal;
  }
  if (op_ == "~=") {
    std::vector<std::string> items;
    for (auto& item : version_split(version_)) {
      if (!starts_with_suffix(item)) break;
      items.push_back(item);
    }
    if (!items.empty()) items.pop_back();
    std::string prefix;
    for (size_t i = 0; i < items.size(); ++i) prefix += (i ? "." : "") + items[i];
    return compare(public_of(v), spec) >= 0 && prefix_match(v, prefix);
  }
  if (op_ == "<=") return compare(public_of(v), spec) <= 0;
  if (op_ == ">=") return compare(public_of(v), spec) >= 0;
  if (op_ == "<") {
    if (compare(v, spec) >= 0) return false;
    // "<3.1" does not take 3.1's own prereleases unless it names a prerelease itself.
    return spec.is_prerelease() || !v.is_prerelease() || !same_base(v, spec);
  }
  // ">"
  if (compare(v, spec) <= 0) return false;
  if (!spec.is_postrelease() && v.is_postrelease() && same_base(v, spec)) return false;
  if (v.local && same_base(v, spec)) return false;
  return true;
}

std::optional<Pep440SpecifierSet> Pep440SpecifierSet::parse(std::string_view s,
                                                            Pep440SpecOptions opt) {
  Pep440SpecifierSet set;
  set.opt_ = opt;
  bool ok = true;
  auto parse_and = [&](std::string_view part) {
    std::vector<Pep440Specifier> specs;
    for_each_split(part, ",", [&](std::string_view item) {
      std::string text(trim(item));
      if (text.empty() || !ok) return;
      // go-pep440-version accepts "=X" (written by trivy-db's OSV ranges) and a bare "X"
      // (GHSA patched versions) as "==X".
      if (opt.trivy_syntax && text[0] == '=' && (text.size() < 2 || text[1] != '=')) {
        text.insert(0, "=");
      } else if (opt.trivy_syntax && (is_digit(text[0]) || text[0] == 'v' || text[0] == 'V')) {
        text.insert(0, "==");
      }
      auto sp = Pep440Specifier::parse(text);
      if (!sp)
        ok = false;
      else
        specs.push_back(std::move(*sp));
    });
    set.any_of_.push_back(std::move(specs));
  };
  if (opt.trivy_syntax) {
    for_each_split(s, "||", parse_and);
  } else {
    parse_and(s);
  }
  if (!ok) return std::nullopt;
  return set;
}

bool Pep440SpecifierSet::contains(const Pep440Version& v) const {
  for (const auto& specs : any_of_) {
    bool pre_ok = opt_.prereleases;
    for (const auto& sp : specs) pre_ok = pre_ok || sp.allows_prereleases();
    if (v.is_prerelease() && !pre_ok) continue;
    bool all = true;
    for (const auto& sp : specs) all = all && sp.contains(v);
    if (all) return true;
  }
  return false;
}

bool pep440_satisfies(std::string_view version, std::string_view spec, Pep440SpecOptions opt) {
  auto v = Pep440Version::parse(version);
  auto s = Pep440SpecifierSet::parse(spec, opt);
  return v && s && s->contains(*v);
}

}  // namespace berth::scan
