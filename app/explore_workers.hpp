#pragma once
// Running explore's seeds in this process or spread over worker processes.
//
// `--jobs J` forks J workers. Worker j explores seeds first + j, first + j + J,
// ... (each seed's run is independent and deterministic, so which process
// runs it changes nothing) and reports every event as a JSON line on its
// own pipe (explore_wire.hpp); the parent forwards each one to its listener
// as it arrives. Processes, not threads: a run is single-threaded by
// design (ARCHITECTURE.md) and a crash in one worker cannot take the
// others' results with it.
#include <cstdint>
#include <functional>
#include <string>

#include "sim/explore/explorer.hpp"

namespace recguard::app {

struct SeedPlan {
  std::uint64_t first = 1;
  std::uint64_t count = 100;
  int jobs = 1;
};

using StopCheck = std::function<bool()>;

// Worker `job`'s share of the seeds, explored here; stops starting seeds
// once should_stop says so.
void explore_share(const SeedPlan& plan, int job, sim::explore::Explorer& explorer,
                   sim::explore::ExploreListener& listener, const StopCheck& should_stop);

// Forks plan.jobs workers and forwards their events to `listener`. Returns
// an empty string, or what went wrong (a worker that died, a fork that
// failed).
std::string run_workers(const SeedPlan& plan, const sim::explore::ExploreOptions& options,
                        sim::explore::ExploreListener& listener, const StopCheck& should_stop);

}  // namespace recguard::app
