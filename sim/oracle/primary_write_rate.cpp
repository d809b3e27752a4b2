#include "sim/oracle/primary_write_rate.hpp"

#include <algorithm>
#include <cassert>

#include "core/tiers/write_budget.hpp"

namespace recguard::sim {

PrimaryWriteBound primary_write_bound(double put_limit_rps, int orchestrators) {
  PrimaryWriteBound b;
  b.orchestrators = std::max(1, orchestrators);
  // The same whole-PUTs conversion and the same share as the pipelines get
  // (SimWorld::boot_pipeline, Pipeline's constructor): the oracle measures
  // against the budget they really run, not a second opinion of it.
  const tiers::WriteBudget one(tiers::shared_policy(static_cast<std::int64_t>(put_limit_rps), b.orchestrators));
  b.rate_per_s = one.rate_per_s();
  b.burst = one.burst();
  b.per_budget = one.max_admissions(b.window);
  return b;
}

std::optional<std::string> primary_write_excess(const std::vector<std::int64_t>& write_times_us,
                                                const std::vector<std::int64_t>& restart_times_us,
                                                const PrimaryWriteBound& bound) {
  assert(std::is_sorted(write_times_us.begin(), write_times_us.end()));
  assert(std::is_sorted(restart_times_us.begin(), restart_times_us.end()));
  std::size_t lo = 0;
  for (std::size_t hi = 0; hi < write_times_us.size(); ++hi) {
    while (write_times_us[hi] - write_times_us[lo] > bound.window.us) ++lo;
    const auto first = write_times_us[lo];
    const auto last = write_times_us[hi];
    const auto restarts = std::upper_bound(restart_times_us.begin(), restart_times_us.end(), last) -
                          std::lower_bound(restart_times_us.begin(), restart_times_us.end(), first);
    const std::int64_t budgets = bound.orchestrators + restarts;
    const std::int64_t allowed = budgets * bound.per_budget;
    const auto writes = static_cast<std::int64_t>(hi - lo + 1);
    if (writes <= allowed) continue;
    return "primary store saw " + std::to_string(writes) + " writes from " + format_instant(Instant{first}) +
           " to " + format_instant(Instant{last}) + ", within " + format_duration(bound.window) +
           "; the write budget allows " + std::to_string(allowed) + " (" + std::to_string(budgets) +
           " budget(s) x (burst " + std::to_string(bound.burst) + " + " + std::to_string(bound.rate_per_s) +
           "/s x " + format_duration(bound.window) + "))";
  }
  return std::nullopt;
}

}  // namespace recguard::sim
