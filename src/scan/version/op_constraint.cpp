#include "scan/version/op_constraint.h"

#include "scan/version/version_util.h"

namespace berth::scan {
namespace {

std::optional<ConstraintOp> op_of(std::string_view s) {
  if (s.empty() || s == "=" || s == "==") return ConstraintOp::kEq;
  if (s == "!=") return ConstraintOp::kNe;
  if (s == "<") return ConstraintOp::kLt;
  if (s == "<=" || s == "=<") return ConstraintOp::kLe;
  if (s == ">") return ConstraintOp::kGt;
  if (s == ">=" || s == "=>") return ConstraintOp::kGe;
  if (s == "~>") return ConstraintOp::kPessimistic;
  if (s == "~") return ConstraintOp::kTilde;
  if (s == "^") return ConstraintOp::kCaret;
  return std::nullopt;
}

bool is_op_char(char c) {
  return c == '<' || c == '>' || c == '=' || c == '!' || c == '~' || c == '^';
}

std::optional<std::vector<ConstraintTerm>> parse_and(std::string_view part,
                                                     const std::vector<std::string_view>& allowed) {
  std::vector<ConstraintTerm> terms;
  size_t i = 0;
  auto skip = [&]() {
    while (i < part.size() && (is_space(part[i]) || part[i] == ',')) ++i;
  };
  skip();
  while (i < part.size()) {
    size_t op_start = i;
    while (i < part.size() && is_op_char(part[i])) ++i;
    std::string_view op_text = part.substr(op_start, i - op_start);
    bool allowed_op = op_text.empty();
    for (auto a : allowed) allowed_op = allowed_op || a == op_text;
    auto op = op_of(op_text);
    if (!allowed_op || !op) return std::nullopt;
    while (i < part.size() && is_space(part[i])) ++i;
    size_t v_start = i;
    while (i < part.size() && !is_space(part[i]) && part[i] != ',') ++i;
    if (i == v_start) return std::nullopt;
    terms.push_back(ConstraintTerm{*op, std::string(part.substr(v_start, i - v_start))});
    skip();
  }
  if (terms.empty()) return std::nullopt;
  return terms;
}

}  // namespace

std::optional<ConstraintSets> parse_op_constraints(std::string_view s,
                                                   const std::vector<std::string_view>& allowed) {
  ConstraintSets sets;
  bool ok = true;
  for_each_split(s, "||", [&](std::string_view part) {
    auto terms = ok ? parse_and(part, allowed) : std::nullopt;
    if (!terms)
      ok = false;
    else
      sets.push_back(std::move(*terms));
  });
  if (!ok) return std::nullopt;
  return sets;
}

bool op_holds(ConstraintOp op, int c) {
  switch (op) {
    case ConstraintOp::kEq:
      return c == 0;
    case ConstraintOp::kNe:
      return c != 0;
    case ConstraintOp::kLt:
      return c < 0;
    case ConstraintOp::kLe:
      return c <= 0;
    case ConstraintOp::kGt:
      return c > 0;
    case ConstraintOp::kGe:
      return c >= 0;
    default:
      return false;
  }
}

}  // namespace berth::scan
