#include "scan/analyze/read_budget.h"

namespace berth::scan {

namespace {

std::string mib(uint64_t bytes) {
  return std::to_string(bytes >> 20) + " MiB";
}

}  // namespace

ReadBudget::ReadBudget(const Limits& limits)
    : limits_(limits), deadline_(std::chrono::steady_clock::now() + limits.time_budget) {}

void ReadBudget::start_layer(std::string label) {
  label_ = std::move(label);
  layer_bytes_ = 0;
  layer_pos_ = 0;
  nested_bytes_ = 0;
  layer_entries_ = 0;
}

void ReadBudget::end_layer() {
  done_bytes_ += layer_bytes_;
  layer_bytes_ = 0;
}

void ReadBudget::check_bytes(uint64_t layer_pos) {
  if (layer_pos > layer_pos_) layer_pos_ = layer_pos;
  layer_bytes_ = layer_pos_ + nested_bytes_;
  if (layer_bytes_ > limits_.max_layer_bytes)
    throw AnalysisError(AnalysisError::Kind::kLimit,
                        label_ + ": more than " + mib(limits_.max_layer_bytes) +
                            " of uncompressed data in one layer (decompression bomb?)");
  if (total_bytes() > limits_.max_image_bytes)
    throw AnalysisError(AnalysisError::Kind::kLimit, label_ + ": more than " +
                                                         mib(limits_.max_image_bytes) +
                                                         " of uncompressed data in the image");
  check_time();
}

void ReadBudget::count_nested(uint64_t bytes) {
  nested_bytes_ += bytes;
  check_bytes(layer_pos_);
}

void ReadBudget::count_entry() {
  if (++layer_entries_ > limits_.max_layer_entries)
    throw AnalysisError(AnalysisError::Kind::kLimit, label_ + ": more than " +
                                                         std::to_string(limits_.max_layer_entries) +
                                                         " entries in one layer");
}

void ReadBudget::check_time() const {
  if (std::chrono::steady_clock::now() > deadline_)
    throw AnalysisError(AnalysisError::Kind::kTimeout,
                        label_ + ": image analysis took longer than " +
                            std::to_string(limits_.time_budget.count()) + " ms");
}

void ReadBudget::keep(uint64_t bytes) {
  kept_bytes_ += bytes;
  if (kept_bytes_ > limits_.max_kept_bytes)
    throw AnalysisError(AnalysisError::Kind::kLimit,
                        label_ + ": the files to analyse exceed " + mib(limits_.max_kept_bytes));
}

void ReadBudget::check_archive(archive* a) {
  int64_t pos = archive_filter_bytes(a, 0);
  check_bytes(pos > 0 ? static_cast<uint64_t>(pos) : 0);
}

}  // namespace berth::scan
