#pragma once
// An explore case (explore_case.hpp) to a Scenario the loader accepts and
// the planner supports in full, whatever shrinking did to the drafts.
//
// The scenario has two phases. Until the traffic horizon calls start and
// faults act: every fault ends by then (`until`, or `restart_after` for a
// crash), the one exception being an orchestrator's clock_skew, which the
// planner only takes from boot with no end and which is kept small enough
// that no store refuses it. After the horizon nothing is injected, the run
// goes on until quiet, and `expect` asks for every invariant plus the
// liveness bound `converge_within`, with no outcome counts: the oracle's
// invariants are the property.
#include "sim/explore/explore_case.hpp"
#include "sim/scenario/scenario.hpp"

namespace recguard::sim::explore {

// The liveness bound every explored scenario asks for.
inline constexpr Duration kExploreConvergeWithin = Duration::minutes(30);

Scenario build_scenario(const ExploreCase& c);

// The fault kinds a case's swarm switched on, in fault_kind_names() order.
std::vector<FaultKind> enabled_kinds(const ExploreCase& c);

}  // namespace recguard::sim::explore
