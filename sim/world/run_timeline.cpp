#include "sim/world/run_timeline.hpp"

#include <algorithm>

namespace recguard::sim {

namespace {

// Tracks each recording's current state and the counts by group, so a
// replay of the changes is one pass.
class DepthReplay {
 public:
  void apply(const StateChange& c) {
    auto [it, fresh] = current_.try_emplace(c.recording, c.state);
    if (!fresh) {
      bump(it->second, -1);
      it->second = c.state;
    }
    bump(c.state, +1);
  }
  DepthSample sample(std::int64_t at_us) const {
    DepthSample s = counts_;
    s.at_us = at_us;
    return s;
  }

 private:
  void bump(RecordingState s, int d) {
    switch (s) {
      case RecordingState::received:
      case RecordingState::awaiting_upload: counts_.waiting_for_platform += d; break;
      case RecordingState::fetching_metadata:
      case RecordingState::fetching_media: counts_.fetching += d; break;
      case RecordingState::writing: counts_.writing += d; break;
      default: break;  // terminal: no longer in flight
    }
  }
  std::map<RecordingId, RecordingState> current_;
  DepthSample counts_;
};

}  // namespace

std::vector<DepthSample> depth_series(const RunTimeline& t, Instant end, int points) {
  std::vector<DepthSample> out;
  if (points < 2 || end.us <= 0) return out;
  DepthReplay replay;
  std::size_t next = 0;
  for (int i = 0; i < points; ++i) {
    const std::int64_t at = end.us * i / (points - 1);
    while (next < t.changes.size() && t.changes[next].at_us <= at) replay.apply(t.changes[next++]);
    out.push_back(replay.sample(at));
  }
  return out;
}

DepthPeaks peak_depth(const RunTimeline& t) {
  DepthReplay replay;
  DepthPeaks peak;
  for (const auto& c : t.changes) {
    replay.apply(c);
    const auto s = replay.sample(c.at_us);
    peak.in_flight = std::max(peak.in_flight, s.total());
    peak.writing = std::max(peak.writing, s.writing);
  }
  return peak;
}

std::map<RecordingId, std::vector<StateChange>> paths_by_recording(const RunTimeline& t) {
  std::map<RecordingId, std::vector<StateChange>> out;
  for (const auto& c : t.changes) out[c.recording].push_back(c);
  return out;
}

}  // namespace recguard::sim
