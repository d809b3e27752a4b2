#pragma once
// One fault draft to one concrete fault of a given kind, with a target the
// planner supports in this world (world_planner.cpp's node_fault_problem):
// a store, the CDN or the platform for a request fault, a link the pipeline
// uses for a partition, a reconciler only when one runs, orchestrator-2
// only when there are two. A draft that cannot apply in this world (an
// objects_lost with no reconciler to restore the objects) resolves to none.
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "sim/explore/explore_case.hpp"
#include "sim/scenario/scenario.hpp"

namespace recguard::sim::explore {

struct BuildContext {
  Duration horizon{};                        // every fault ends by then
  std::vector<ExplicitCall> calls;           // the explicit calls, in id order
  bool cxone_calls_possible = false;         // an explicit or generated call may be on CXone
  int orchestrators = 1;
  bool reconciler = false;
  bool reconciler_own_region = false;        // its links exist (and may be faulted)
  std::string primary_credentials;
  std::string backup_credentials;
  // The links the pipeline (and a reconciler in its own region) really uses:
  // a partition or latency anywhere else would do nothing.
  std::vector<std::pair<std::string, std::string>> links;
};

std::optional<Fault> resolve_fault(const FaultDraft& draft, FaultKind kind, const BuildContext& ctx);

// Swizzle-clogging as partition faults: link i clogged at start + i*step;
// a step after the last one and `hold` later, unclogged `step` apart in the
// order of their heal ranks. Windows are cut at the horizon.
std::vector<Fault> expand_swizzle(const SwizzleDraft& draft, const BuildContext& ctx);

}  // namespace recguard::sim::explore
