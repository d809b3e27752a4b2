#pragma once
// The ingress budget for PRIMARY writes: a token bucket refilled at half the
// store's documented PUT limit (S3: 3,500 PUT/s per prefix, so 1,750/s), with
// a burst of one second's worth. Half, so that retries, backfills and the
// reconciler's reads always have headroom and a call-center peak never walks
// the primary into SlowDown. A recording over budget is not delayed: its
// backup is written now and its primary later, off-peak.
//
// Its own bucket rather than pipeline::TokenBucket: that one is sized to 90%
// of a per-window limit with burst + refill(window) = 0.9 x limit, and counts
// in doubles; this one needs exactly rate = limit/2 and burst = one second of
// rate, and counts in exact integers (millionths of a token) so that long
// simulated runs never drift.
#include <cstdint>

#include "core/types/time.hpp"

namespace recguard::tiers {

enum class Admission {
  primary_now,    // within budget: the primary write may start now
  primary_later,  // over budget: write the backup now, queue the primary
};
const char* to_string(Admission a);

struct WriteBudgetPolicy {
  std::int64_t put_limit_rps = 3500;          // the store's documented PUT limit
  int share_percent = 50;                     // of it, for live primary writes
  Duration burst_window = Duration::seconds(1);  // burst = this much refill
};

// One orchestrator's policy when `orchestrators` share the store's PUT limit
// equally. At least 2 PUT/s each, so that half of it is at least one PUT: a
// share may round to nothing, a budget must not.
WriteBudgetPolicy shared_policy(std::int64_t put_limit_rps, int orchestrators);

class WriteBudget {
 public:
  explicit WriteBudget(WriteBudgetPolicy p = {});

  // Takes one PUT's worth of budget if it is there (primary_now), else takes
  // nothing and says primary_later. Starts full.
  Admission admit(Instant now);
  // When admit() would next say primary_now (now if it would now).
  Instant next_free(Instant now) const;

  std::int64_t rate_per_s() const { return rate_per_s_; }
  std::int64_t burst() const { return capacity_ / kScale; }
  // The guarantee: however it is asked, this budget says primary_now at most
  // burst + rate x window times within any `window` (both ends included):
  // a full bucket at the start plus what refills over the span. The oracle's
  // rate_limits holds the primary's writes to it.
  std::int64_t max_admissions(Duration window) const;

 private:
  static constexpr std::int64_t kScale = 1'000'000;  // units per token; rate_per_s units accrue per microsecond
  void refill(Instant now);
  std::int64_t rate_per_s_;
  std::int64_t capacity_;  // in units
  std::int64_t level_;     // in units
  Instant last_{};
};

}  // namespace recguard::tiers
