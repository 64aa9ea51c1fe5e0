#include "scan/version/maven_version.h"

#include <array>

#include "scan/version/version_util.h"

namespace berth::scan {
namespace {

using Item = MavenVersion::Item;

constexpr std::array<std::string_view, 7> kQualifiers = {"alpha",    "beta", "milestone", "rc",
                                                         "snapshot", "",     "sp"};

// The sortable key Maven derives for a qualifier: its index, or "7-<text>" for unknown ones.
std::string comparable_qualifier(const std::string& q) {
  for (size_t i = 0; i < kQualifiers.size(); ++i) {
    if (q == kQualifiers[i]) return std::to_string(i);
  }
  return std::to_string(kQualifiers.size()) + "-" + q;
}

const std::string kReleaseIndex = "5";

Item int_item(std::string_view digits) {
  while (digits.size() > 1 && digits.front() == '0') digits.remove_prefix(1);
  return Item{Item::kInt, std::string(digits), {}};
}

Item string_item(std::string v, bool followed_by_digit) {
  if (followed_by_digit && v.size() == 1) {
    if (v == "a")
      v = "alpha";
    else if (v == "b")
      v = "beta";
    else if (v == "m")
      v = "milestone";
  }
  if (v == "ga" || v == "final" || v == "release")
    v = "";
  else if (v == "cr")
    v = "rc";
  return Item{Item::kString, std::move(v), {}};
}

bool is_null(const Item& i) {
  switch (i.kind) {
    case Item::kInt:
      return i.value == "0";
    case Item::kString:
      return comparable_qualifier(i.value) == kReleaseIndex;
    case Item::kList:
      return i.items.empty();
  }
  return false;
}

void normalize(Item& list) {
  for (size_t n = list.items.size(); n-- > 0;) {
    if (is_null(list.items[n])) {
      list.items.erase(list.items.begin() + static_cast<long>(n));
    } else if (list.items[n].kind != Item::kList) {
      break;
    }
  }
}

int cmp(const Item* a, const Item* b);

// Compares item a with "nothing" (the other version ran out).
int cmp_null(const Item& a) {
  switch (a.kind) {
    case Item::kInt:
      return a.value == "0" ? 0 : 1;
    case Item::kString:
      return sign(comparable_qualifier(a.value).compare(kReleaseIndex));
    case Item::kList:
      for (const auto& i : a.items) {
        if (int c = cmp_null(i)) return c;
      }
      return 0;
  }
  return 0;
}

int cmp(const Item* a, const Item* b) {
  if (!a) return b ? -cmp_null(*b) : 0;
  if (!b) return cmp_null(*a);
  switch (a->kind) {
    case Item::kInt:
      if (b->kind == Item::kInt) return compare_digit_runs(a->value, b->value);
      return 1;  // 1.1 > 1-sp, 1.1 > 1-1
    case Item::kString:
      if (b->kind == Item::kString)
        return sign(comparable_qualifier(a->value).compare(comparable_qualifier(b->value)));
      return -1;  // 1.any < 1.1, 1.any < 1-1
    case Item::kList:
      if (b->kind == Item::kInt) return -1;
      if (b->kind == Item::kString) return 1;
      for (size_t i = 0; i < a->items.size() || i < b->items.size(); ++i) {
        const Item* l = i < a->items.size() ? &a->items[i] : nullptr;
        const Item* r = i < b->items.size() ? &b->items[i] : nullptr;
        if (int c = cmp(l, r)) return c;
      }
      return 0;
  }
  return 0;
}

std::string to_string(const Item& list) {
  std::string out;
  for (size_t i = 0; i < list.items.size(); ++i) {
    const Item& it = list.items[i];
    if (i > 0) out += it.kind == Item::kList ? '-' : '.';
    out += it.kind == Item::kList ? to_string(it) : it.value;
  }
  return out;
}

}  // namespace

MavenVersion::MavenVersion(std::string_view input) {
  std::string v = to_lower(input);
  root_.kind = Item::kList;
  // Each '-' and each digit/letter transition opens a nested list; keep a path to the current one.
  std::vector<Item*> stack{&root_};
  auto open_list = [&]() {
    Item* cur = stack.back();
    cur->items.push_back(Item{Item::kList, "", {}});
    stack.push_back(&cur->items.back());
  };
  auto parse_item = [](bool digit, std::string_view buf) {
    return digit ? int_item(buf) : string_item(std::string(buf), false);
  };
  bool digit = false;
  size_t start = 0;
  for (size_t i = 0; i < v.size(); ++i) {
    char c = v[i];
    if (c == '.' || c == '-') {
      stack.back()->items.push_back(i == start ? int_item("0")
                                               : parse_item(digit, v.substr(start, i - start)));
      start = i + 1;
      if (c == '-') open_list();
    } else if (is_digit(c)) {
      if (!digit && i > start) {
        // Maven 3.8+ treats ".X1" as "-X1": a qualifier that is not first starts a sublist.
        if (!stack.back()->items.empty()) open_list();
        stack.back()->items.push_back(string_item(v.substr(start, i - start), true));
        start = i;
        open_list();
      }
      digit = true;
    } else {
      if (digit && i > start) {
        stack.back()->items.push_back(
            parse_item(true, std::string_view(v).substr(start, i - start)));
        start = i;
        open_list();
      }
      digit = false;
    }
  }
  if (v.size() > start) {
    if (!digit && !stack.back()->items.empty()) open_list();  // trailing ".X" as "-X"
    stack.back()->items.push_back(parse_item(digit, std::string_view(v).substr(start)));
  }
  while (!stack.empty()) {
    normalize(*stack.back());
    stack.pop_back();
  }
}

int MavenVersion::compare(const MavenVersion& other) const {
  return cmp(&root_, &other.root_);
}

std::string MavenVersion::canonical() const {
  return to_string(root_);
}

int compare(const MavenVersion& a, const MavenVersion& b) {
  return a.compare(b);
}

}  // namespace berth::scan
