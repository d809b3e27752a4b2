#include "sim/runner/trace_fingerprint.hpp"

#include <algorithm>
#include <functional>

namespace recguard::sim {

TraceRecorder::LineObserver TraceFingerprint::observer() {
  return [this](std::uint64_t, std::string_view line) {
    hashes_.push_back(std::hash<std::string_view>{}(line));
    if (text_bytes_ + line.size() <= kTextCap && texts_.size() + 1 == hashes_.size()) {
      texts_.emplace_back(line);
      text_bytes_ += line.size();
    }
  };
}

std::string TraceFingerprint::text(std::size_t i) const {
  if (i >= hashes_.size()) return "(no line: the run ended)";
  if (i < texts_.size()) return texts_[i];
  return "(line not kept: beyond the first " + std::to_string(kTextCap >> 20) + " MiB of trace)";
}

std::optional<TraceDifference> first_difference(const TraceFingerprint& a, const TraceFingerprint& b) {
  const std::size_t common = std::min(a.lines(), b.lines());
  std::size_t i = 0;
  while (i < common && a.hash(i) == b.hash(i)) ++i;
  if (i == common && a.lines() == b.lines()) return std::nullopt;
  return TraceDifference{i, a.text(i), b.text(i)};
}

}  // namespace recguard::sim
