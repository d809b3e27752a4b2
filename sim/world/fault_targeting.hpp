#pragma once
// Which calls a fault hits, and whether it is in force at a moment. One
// place, so that every fault kind reads `target`, `at` and `until` the same
// way (scenarios/README.md documents it).
#include <cstdint>

#include "sim/scenario/scenario.hpp"
#include "sim/world/world_setup.hpp"

namespace recguard::sim {

// {"recording"}, {"call"}: that one; {"fraction": f}: each call with
// probability f, drawn from the seed per (fault, call) so that adding a call
// does not reshuffle the others; no target: every call.
bool fault_hits_call(const Fault& f, std::size_t fault_index, const CallPlan& call, std::uint64_t seed);
// In force at t: at <= t, and t < until when until is given.
bool fault_active(const Fault& f, Instant t);
// The first of the world's faults of `kind` in force at t that hits `call`;
// null when none does. Both worlds (SimWorld, RealtimeWorld) ask this.
const Fault* fault_hitting(const WorldSetup& setup, FaultKind kind, const CallPlan& call, Instant t);

}  // namespace recguard::sim
