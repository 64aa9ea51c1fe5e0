#include "scan/bbolt/bolt_cursor.h"

#include <string>

#include "scan/bbolt/bolt_error.h"
#include "scan/bbolt/page_source.h"

namespace berth::scan::bbolt {

void Cursor::push(const PageView& page) {
  if (stack_.size() >= kMaxDepth) {
    throw BoltError("tree deeper than " + std::to_string(kMaxDepth) + " levels (page cycle?)");
  }
  stack_.push_back(Frame{page, 0});
}

// Moves forward from the current position to the next leaf element, descending into branch
// children and climbing out of exhausted pages. Every non-root page must be non-empty, so this
// reaches an element (or the end) within a bounded number of steps.
bool Cursor::settle() {
  while (!stack_.empty()) {
    Frame& top = stack_.back();
    if (top.index < top.page.count()) {
      if (top.page.is_leaf()) return true;
      PageView child = bucket_.source()->page(top.page.branch(top.index).child);
      if (child.count() == 0) {
        throw BoltError("page " + std::to_string(child.id()) + ": empty non-root page");
      }
      push(child);
      continue;
    }
    stack_.pop_back();
    if (!stack_.empty()) ++stack_.back().index;
  }
  return false;
}

void Cursor::remember_key(bool check_order) {
  if (!valid()) return;
  std::string_view k = key();
  // Strictly increasing keys mean no page is visited twice, whatever the page links say.
  if (check_order && !(last_key_ < k)) {
    throw BoltError("keys out of order in page " + std::to_string(stack_.back().page.id()));
  }
  last_key_ = k;
}

bool Cursor::first() {
  stack_.clear();
  push(bucket_.root_page());
  settle();
  remember_key(false);
  return valid();
}

bool Cursor::seek(std::string_view target) {
  stack_.clear();
  push(bucket_.root_page());
  while (stack_.back().page.is_branch()) {
    Frame& top = stack_.back();
    // The last element whose key is <= target, or the first one (bbolt's searchPage).
    std::uint32_t i = top.page.lower_bound(target);
    if ((i == top.page.count() || top.page.key(i) != target) && i > 0) --i;
    top.index = i;
    PageView child = bucket_.source()->page(top.page.branch(i).child);
    if (child.count() == 0) {
      throw BoltError("page " + std::to_string(child.id()) + ": empty non-root page");
    }
    push(child);
  }
  stack_.back().index = stack_.back().page.lower_bound(target);
  settle();
  remember_key(false);
  return valid();
}

bool Cursor::next() {
  if (!valid()) return false;
  ++stack_.back().index;
  settle();
  remember_key(true);
  return valid();
}

LeafElement Cursor::current() const {
  if (!valid()) throw BoltError("cursor is not positioned on an element");
  const Frame& top = stack_.back();
  return top.page.leaf(top.index);
}

std::string_view Cursor::value() const {
  LeafElement e = current();
  return e.is_bucket() ? std::string_view() : e.value;
}

Bucket Cursor::bucket() const {
  LeafElement e = current();
  if (!e.is_bucket()) throw BoltError("entry is not a bucket");
  return Bucket::from_value(bucket_.source(), e.value);
}

}  // namespace berth::scan::bbolt
