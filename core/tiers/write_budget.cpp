#include "core/tiers/write_budget.hpp"

#include <algorithm>
#include <cassert>

namespace recguard::tiers {

const char* to_string(Admission a) { return a == Admission::primary_now ? "primary_now" : "primary_later"; }

WriteBudgetPolicy shared_policy(std::int64_t put_limit_rps, int orchestrators) {
  return WriteBudgetPolicy{std::max<std::int64_t>(2, put_limit_rps / std::max(1, orchestrators))};
}

WriteBudget::WriteBudget(WriteBudgetPolicy p)
    : rate_per_s_(p.put_limit_rps * p.share_percent / 100),
      capacity_(rate_per_s_ * p.burst_window.us),  // rate/s x window_us = tokens x 1e6 units
      level_(capacity_) {
  assert(p.put_limit_rps > 0);
  assert(p.share_percent > 0);
  assert(p.share_percent <= 100);
  assert(rate_per_s_ >= 1);
  assert(capacity_ >= kScale);  // the burst holds at least one PUT
}

void WriteBudget::refill(Instant now) {
  if (now <= last_) return;  // time never runs backwards for the budget
  const std::int64_t elapsed_us = (now - last_).us;
  // rate_per_s tokens a second = rate_per_s units a microsecond. Compare before
  // multiplying so that a long idle gap cannot overflow.
  if (elapsed_us >= (capacity_ - level_) / rate_per_s_ + 1) {
    level_ = capacity_;
  } else {
    level_ += elapsed_us * rate_per_s_;
    if (level_ > capacity_) level_ = capacity_;
  }
  last_ = now;
}

Admission WriteBudget::admit(Instant now) {
  refill(now);
  if (level_ < kScale) return Admission::primary_later;
  level_ -= kScale;
  return Admission::primary_now;
}

std::int64_t WriteBudget::max_admissions(Duration window) const {
  assert(window.us >= 0);
  // Each admission takes kScale units; the span can hold the full bucket and
  // its refill, rate_per_s units a microsecond.
  return (capacity_ + rate_per_s_ * window.us) / kScale;
}

Instant WriteBudget::next_free(Instant now) const {
  WriteBudget copy = *this;
  copy.refill(now);
  if (copy.level_ >= kScale) return now;
  const std::int64_t missing = kScale - copy.level_;
  return now + Duration{(missing + rate_per_s_ - 1) / rate_per_s_};
}

}  // namespace recguard::tiers
