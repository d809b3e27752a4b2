#pragma once
// Liveness: once the world is left alone (every fault that heals has healed
// and the platform has made its last change), every recording reaches a
// final state within a bounded virtual time. Safety invariants say nothing
// bad happened; this one says the good thing happened, and soon enough.
//
// A fault with no end (an error rate for the whole run, say) never heals:
// liveness is then judged under it, from the platform's last change, and
// the report names it so a reader knows.
#include <optional>

#include "sim/world/run_result.hpp"
#include "sim/world/world_setup.hpp"

namespace recguard::sim {

// When a fault stops acting, or empty when it never does.
std::optional<Instant> heals_at(const Fault& f);

// The figures: when the world was left alone, when the last recording
// reached its final state, and the bound it had to meet.
Convergence measure_convergence(const WorldSetup& setup, const RunTimeline& timeline);

// The verdict on those figures: empty when the run converged in time.
std::optional<Violation> judge_convergence(const Convergence& c);

}  // namespace recguard::sim
