#pragma once
// What happened when, for the reports' timelines and plots and for the
// oracle's liveness check. Collected by the world as it runs, never traced:
// it adds nothing to the canonical trace, so digests do not depend on it.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/types/ids.hpp"
#include "core/types/time.hpp"
#include "core/workflow/recording_state.hpp"

namespace recguard::sim {

// A recording's journalled state changed: seen at the commit that made it durable.
struct StateChange {
  std::int64_t at_us = 0;
  RecordingId recording = {};
  RecordingState state = RecordingState::received;
};

// Store throughput is kept per bucket of virtual time, so a day-long run
// costs a few thousand numbers, not one per request.
inline constexpr std::int64_t kThroughputBucketUs = 10'000'000;

// A scenario fault's window, as the plots shade it.
struct FaultWindow {
  std::string kind = {};
  std::string target = {};     // "primary", "orchestrator-backup", "5%", "rec-0003", or empty
  std::int64_t from_us = 0;
  std::int64_t until_us = -1;  // -1: to the end of the run
};

struct RunTimeline {
  std::vector<StateChange> changes = {};              // in commit order, so in time order
  std::map<std::int64_t, std::uint64_t> primary_bytes = {};  // bucket index -> bytes the primary acknowledged
  std::map<std::int64_t, std::uint64_t> backup_bytes = {};
  // The platform's last change of its own: a call ended, an upload finished,
  // a capture failed. Liveness is judged from here or from the last fault's
  // healing, whichever is later.
  std::int64_t last_platform_change_us = 0;
  std::vector<FaultWindow> faults = {};
};

// In-flight recordings at one instant, by what they wait for.
struct DepthSample {
  std::int64_t at_us = 0;
  int waiting_for_platform = 0;  // received, awaiting_upload
  int fetching = 0;              // fetching_metadata, fetching_media
  int writing = 0;               // validated, not yet in both tiers
  int total() const { return waiting_for_platform + fetching + writing; }
};

// The depth of the pipeline's work at `points` evenly spaced instants up to
// `end` (the last sample is at `end`), replayed from the state changes.
std::vector<DepthSample> depth_series(const RunTimeline& t, Instant end, int points);
// The deepest the work got at any state change, not only at sample instants.
struct DepthPeaks {
  int in_flight = 0;  // recordings journalled and not yet terminal
  int writing = 0;    // of those, validated and waiting on a store
};
DepthPeaks peak_depth(const RunTimeline& t);

// One recording's path: each state it entered and when, in order.
std::map<RecordingId, std::vector<StateChange>> paths_by_recording(const RunTimeline& t);

}  // namespace recguard::sim
