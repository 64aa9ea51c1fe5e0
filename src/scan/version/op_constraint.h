// The operator-constraint grammar shared by Trivy's generic, Maven and RubyGems comparers:
// "||" separates alternatives, commas and/or spaces separate AND-ed "<op> <version>" terms.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace berth::scan {

enum class ConstraintOp { kEq, kNe, kLt, kLe, kGt, kGe, kPessimistic /* ~> */, kTilde, kCaret };

struct ConstraintTerm {
  ConstraintOp op = ConstraintOp::kEq;
  std::string version;
};

using ConstraintSets = std::vector<std::vector<ConstraintTerm>>;  // OR of ANDs

// Splits and tokenises; allowed_ops lists the spellings accepted (e.g. "~>", "^"). A term's
// operator may be separated from its version by spaces. nullopt on any malformed term.
std::optional<ConstraintSets> parse_op_constraints(
    std::string_view s, const std::vector<std::string_view>& allowed_ops);

// Applies a comparison result (<0, 0, >0 of version vs term) for the plain operators.
bool op_holds(ConstraintOp op, int cmp);

}  // namespace berth::scan
