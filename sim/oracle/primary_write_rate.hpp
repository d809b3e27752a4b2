#pragma once
// The store half of the oracle's rate_limits: the primary's writes (PUT,
// multipart completion) against what the pipelines' write budgets guarantee
// (core/tiers/write_budget.hpp). Every primary write, live or backfill, is
// admitted by its orchestrator's budget, so no span of one second can hold
// more than each budget's burst plus one second of its refill, summed over
// the orchestrators. A restarted orchestrator boots with a full budget: a
// span that holds its restart allows one more budget's worth.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/types/time.hpp"

namespace recguard::sim {

struct PrimaryWriteBound {
  std::int64_t rate_per_s = 0;  // one orchestrator's budget
  std::int64_t burst = 0;
  std::int64_t per_budget = 0;  // the most one budget admits within `window`
  int orchestrators = 1;
  Duration window = Duration::seconds(1);
};

// The bound the pipelines build for this world: the store's PUT limit as the
// simulation hands it to them (whole PUTs a second), shared by `orchestrators`.
PrimaryWriteBound primary_write_bound(double put_limit_rps, int orchestrators);

// The first span of `bound.window` (both ends included) that holds more
// writes than the bound, as a sentence naming the span and the counts;
// nullopt when there is none. Both lists are in microseconds of virtual time,
// in the order they happened.
std::optional<std::string> primary_write_excess(const std::vector<std::int64_t>& write_times_us,
                                                const std::vector<std::int64_t>& restart_times_us,
                                                const PrimaryWriteBound& bound);

}  // namespace recguard::sim
