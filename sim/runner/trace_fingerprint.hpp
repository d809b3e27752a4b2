#pragma once
// A run's trace, line by line, in a form two runs can be compared by: a
// hash of every line, and the text of the first lines up to a memory cap.
// The determinism check uses it to name the first line where two runs of
// the same scenario and seed part ways, not only that their digests differ.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/kernel/trace_recorder.hpp"

namespace recguard::sim {

class TraceFingerprint {
 public:
  // Text is kept for lines until this many bytes are held; hashes for all.
  static constexpr std::size_t kTextCap = 32u << 20;

  TraceRecorder::LineObserver observer();
  std::size_t lines() const { return hashes_.size(); }
  std::uint64_t hash(std::size_t i) const { return hashes_[i]; }
  // The line's text, or a placeholder beyond the cap.
  std::string text(std::size_t i) const;

 private:
  std::vector<std::uint64_t> hashes_;
  std::vector<std::string> texts_;
  std::size_t text_bytes_ = 0;
};

struct TraceDifference {
  std::uint64_t line = 0;  // 0-based index of the first line that differs
  std::string first;       // that line in each run ("(no line)" past a run's end)
  std::string second;
};

// Empty when both runs recorded the same lines.
std::optional<TraceDifference> first_difference(const TraceFingerprint& a, const TraceFingerprint& b);

}  // namespace recguard::sim
