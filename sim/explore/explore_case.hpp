#pragma once
// What `recguard explore` draws for one run, before it becomes a Scenario.
//
// Everything is a small integer (a pick, a per-mille of the run, a number of
// seconds) so that RapidCheck's shrinking, which moves integers toward their
// lower bound and removes vector elements, means something for a scenario:
// fewer calls, fewer faults, earlier and shorter windows, milder magnitudes,
// a shorter run. case_builder.hpp turns a case into a valid Scenario; every
// draft resolves to something the loader accepts and the planner supports,
// whatever shrinking did to it.
#include <cstdint>
#include <optional>
#include <vector>

namespace recguard::sim::explore {

struct CallDraft {
  int start_permille = 0;  // when the call starts, in thousandths of the traffic horizon
  int length_s = 5;        // how long it lasts
  bool cxone = false;      // on CXone when the world has both platforms
  int media_pick = 0;      // 0: the traffic's default media; 1..6: a format and channel count
  bool operator==(const CallDraft&) const = default;
};

struct ArrivalsDraft {
  int per_minute_tenths = 1;  // 0.1 to 2 calls a minute
  int for_minutes = 1;        // clamped to the traffic horizon
  bool uniform = false;       // poisson by default
  int median_length_s = 20;
  int p95_factor = 1;         // p95 = median x factor
  int genesys_share_pick = 0; // with both platforms: a quarter, a half or three quarters on Genesys
  bool operator==(const ArrivalsDraft&) const = default;
};

struct ReconcilerDraft {
  int every_minutes = 10;
  bool same_region = false;
  bool operator==(const ReconcilerDraft&) const = default;
};

struct LinkLatencyDraft {
  int link_pick = 0;
  int latency_ms = 1;
  bool operator==(const LinkLatencyDraft&) const = default;
};

struct WorldDraft {
  int platforms = 0;          // 0 genesys, 1 cxone, 2 both
  int orchestrators = 1;      // 1 or 2
  int primary_limit_pick = 0; // 0: the store's default PUT limit; else a low one
  int backup_limit_pick = 0;
  int default_latency_ms = 1;
  std::vector<LinkLatencyDraft> link_latencies;
  std::optional<ReconcilerDraft> reconciler;
  bool operator==(const WorldDraft&) const = default;
};

struct TrafficDraft {
  int horizon_minutes = 2;  // calls start and faults act within it; after it, the liveness phase
  int media_pick = 0;       // the default media of calls that name none
  std::vector<CallDraft> calls;
  std::optional<ArrivalsDraft> arrivals;
  bool operator==(const TrafficDraft&) const = default;
};

// One fault. Which kind it is depends on the run's swarm (kind_pick indexes
// the kinds switched on); the other fields are read by each kind in its own
// way (case_builder.cpp says how), so one draft shape serves every kind.
struct FaultDraft {
  int kind_pick = 0;
  int at_permille = 0;  // start, in thousandths of the traffic horizon
  int length_s = 1;     // window (or restart_after for a crash)
  int target_pick = 0;  // which call, node or link; 0 is the narrowest
  int magnitude = 0;    // 0..99: probability, rate, delay, offset...; 0 is the mildest
  int variant = 0;      // 0..7: a status code, stale/fresh metadata, a sign...
  bool operator==(const FaultDraft&) const = default;
};

// FoundationDB's swizzle-clogging: links clogged one after another, `step`
// apart, held, then unclogged one after another in a random order.
struct SwizzleLinkDraft {
  int link_pick = 0;
  int heal_rank = 0;  // unclogged in the order of these ranks
  bool operator==(const SwizzleLinkDraft&) const = default;
};

struct SwizzleDraft {
  int start_permille = 0;
  int step_s = 5;
  int hold_s = 0;
  std::vector<SwizzleLinkDraft> links;
  bool operator==(const SwizzleDraft&) const = default;
};

struct ExploreCase {
  std::uint64_t seed = 1;       // the scenario's own seed (the world's PRNG streams)
  std::vector<bool> swarm;      // one flag per fault kind, in fault_kind_names() order
  std::vector<FaultDraft> faults;
  std::optional<SwizzleDraft> swizzle;  // only acts when partition is switched on
  TrafficDraft traffic;
  WorldDraft world;
  bool operator==(const ExploreCase&) const = default;
};

}  // namespace recguard::sim::explore
