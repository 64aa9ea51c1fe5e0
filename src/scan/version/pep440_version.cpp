#include "scan/version/pep440_version.h"

#include "scan/version/version_util.h"

namespace berth::scan {
namespace {

// A cursor over the lower-cased text with the small matchers the PEP 440 grammar needs.
struct Scanner {
  std::string_view s;
  size_t pos = 0;

  bool sep() {
    if (pos < s.size() && (s[pos] == '-' || s[pos] == '_' || s[pos] == '.')) {
      ++pos;
      return true;
    }
    return false;
  }
  std::string_view digits() {
    size_t start = pos;
    while (pos < s.size() && is_digit(s[pos])) ++pos;
    return s.substr(start, pos - start);
  }
  bool word(std::string_view w) {
    if (s.substr(pos).starts_with(w)) {
      pos += w.size();
      return true;
    }
    return false;
  }
  // Longest label first, so "alpha" is not read as "a" followed by garbage.
  std::optional<std::string_view> label(std::initializer_list<std::string_view> words) {
    std::optional<std::string_view> best;
    for (auto w : words) {
      if (s.substr(pos).starts_with(w) && (!best || w.size() > best->size())) best = w;
    }
    if (best) pos += best->size();
    return best;
  }
};

bool parse_pre(Scanner& sc, Pep440Version& v) {
  size_t save = sc.pos;
  sc.sep();
  auto l = sc.label({"a", "b", "c", "rc", "alpha", "beta", "pre", "preview"});
  if (!l) {
    sc.pos = save;
    return false;
  }
  sc.sep();
  v.pre_l = *l == "alpha"              ? "a"
            : *l == "beta"             ? "b"
            : (*l == "a" || *l == "b") ? std::string(*l)
                                       : "rc";
  auto d = sc.digits();
  v.pre_n = d.empty() ? "0" : strip_leading_zeros(d);
  return true;
}

bool parse_post(Scanner& sc, Pep440Version& v) {
  size_t save = sc.pos;
  if (sc.word("-")) {
    auto d = sc.digits();
    if (!d.empty()) {
      v.post_n = strip_leading_zeros(d);
      return true;
    }
    sc.pos = save;
  }
  sc.sep();
  if (!sc.label({"post", "rev", "r"})) {
    sc.pos = save;
    return false;
  }
  sc.sep();
  auto d = sc.digits();
  v.post_n = d.empty() ? "0" : strip_leading_zeros(d);
  return true;
}

bool parse_dev(Scanner& sc, Pep440Version& v) {
  size_t save = sc.pos;
  sc.sep();
  if (!sc.word("dev")) {
    sc.pos = save;
    return false;
  }
  sc.sep();
  auto d = sc.digits();
  v.dev_n = d.empty() ? "0" : strip_leading_zeros(d);
  return true;
}

// Local parts are joined with "."; numeric parts lose leading zeros, as str(Version) prints them.
bool parse_local(Scanner& sc, Pep440Version& v) {
  if (!sc.word("+")) return true;
  std::string local;
  while (true) {
    size_t start = sc.pos;
    bool numeric = true;
    while (sc.pos < sc.s.size() && is_alnum(sc.s[sc.pos])) numeric &= is_digit(sc.s[sc.pos++]);
    if (sc.pos == start) return false;
    std::string_view part = sc.s.substr(start, sc.pos - start);
    local += numeric ? strip_leading_zeros(part) : std::string(part);
    if (sc.pos + 1 < sc.s.size() &&
        (sc.s[sc.pos] == '-' || sc.s[sc.pos] == '_' || sc.s[sc.pos] == '.') &&
        is_alnum(sc.s[sc.pos + 1])) {
      ++sc.pos;
      local += '.';
      continue;
    }
    break;
  }
  v.local = local;
  return true;
}

int compare_release(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  // Trailing zeros do not count: 1.0 == 1.0.0.
  size_t na = a.size(), nb = b.size();
  while (na > 0 && a[na - 1] == "0") --na;
  while (nb > 0 && b[nb - 1] == "0") --nb;
  for (size_t i = 0; i < na && i < nb; ++i) {
    if (int c = compare_digit_runs(a[i], b[i])) return c;
  }
  return na == nb ? 0 : (na < nb ? -1 : 1);
}

// Ranks for the optional parts: -1 = -infinity, 1 = +infinity, 0 = compare the values.
int pre_rank(const Pep440Version& v) {
  if (!v.pre_l && !v.post_n && v.dev_n) return -1;
  return v.pre_l ? 0 : 1;
}

int compare_local(const std::string& a, const std::string& b) {
  std::vector<std::string_view> pa, pb;
  for_each_split(a, ".", [&](std::string_view p) { pa.push_back(p); });
  for_each_split(b, ".", [&](std::string_view p) { pb.push_back(p); });
  auto numeric = [](std::string_view p) {
    for (char c : p) {
      if (!is_digit(c)) return false;
    }
    return true;
  };
  for (size_t i = 0; i < pa.size() && i < pb.size(); ++i) {
    bool na = numeric(pa[i]), nb = numeric(pb[i]);
    if (na && nb) {
      if (int c = compare_digit_runs(pa[i], pb[i])) return c;
    } else if (na != nb) {
      return na ? 1 : -1;  // numbers sort after strings
    } else if (int c = pa[i].compare(pb[i])) {
      return sign(c);
    }
  }
  return pa.size() == pb.size() ? 0 : (pa.size() < pb.size() ? -1 : 1);
}

}  // namespace

std::optional<Pep440Version> Pep440Version::parse(std::string_view input) {
  std::string text = to_lower(trim(input));
  Scanner sc{text};
  Pep440Version v;
  sc.word("v");
  auto first = sc.digits();
  if (first.empty()) return std::nullopt;
  if (sc.word("!")) {
    v.epoch = strip_leading_zeros(first);
    first = sc.digits();
    if (first.empty()) return std::nullopt;
  }
  v.release.push_back(strip_leading_zeros(first));
  while (sc.pos + 1 < text.size() && text[sc.pos] == '.' && is_digit(text[sc.pos + 1])) {
    ++sc.pos;
    v.release.push_back(strip_leading_zeros(sc.digits()));
  }
  parse_pre(sc, v);
  parse_post(sc, v);
  parse_dev(sc, v);
  if (!parse_local(sc, v) || sc.pos != text.size()) return std::nullopt;
  return v;
}

std::string Pep440Version::base_str() const {
  std::string s = epoch != "0" ? epoch + "!" : "";
  for (size_t i = 0; i < release.size(); ++i) s += (i ? "." : "") + release[i];
  return s;
}

std::string Pep440Version::public_str() const {
  std::string s = base_str();
  if (pre_l) s += *pre_l + pre_n;
  if (post_n) s += ".post" + *post_n;
  if (dev_n) s += ".dev" + *dev_n;
  return s;
}

std::string Pep440Version::str() const {
  return local ? public_str() + "+" + *local : public_str();
}

std::string Pep440Version::canonical(bool strip_trailing_zero) const {
  Pep440Version c = *this;
  if (strip_trailing_zero) {
    while (c.release.size() > 1 && c.release.back() == "0") c.release.pop_back();
  }
  return c.str();
}

int compare(const Pep440Version& a, const Pep440Version& b) {
  if (int c = compare_digit_runs(a.epoch, b.epoch)) return c;
  if (int c = compare_release(a.release, b.release)) return c;
  int ra = pre_rank(a), rb = pre_rank(b);
  if (ra != rb) return ra < rb ? -1 : 1;
  if (ra == 0) {
    if (int c = a.pre_l->compare(*b.pre_l)) return sign(c);
    if (int c = compare_digit_runs(a.pre_n, b.pre_n)) return c;
  }
  if (a.post_n.has_value() != b.post_n.has_value()) return a.post_n ? 1 : -1;
  if (a.post_n) {
    if (int c = compare_digit_runs(*a.post_n, *b.post_n)) return c;
  }
  if (a.dev_n.has_value() != b.dev_n.has_value()) return a.dev_n ? -1 : 1;
  if (a.dev_n) {
    if (int c = compare_digit_runs(*a.dev_n, *b.dev_n)) return c;
  }
  if (a.local.has_value() != b.local.has_value()) return a.local ? 1 : -1;
  return a.local ? compare_local(*a.local, *b.local) : 0;
}

}  // namespace berth::scan
