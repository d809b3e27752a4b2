// The primary's ingress budget: half the store's PUT limit, a burst of one
// second's worth, the excess sent to the backup first.
#include <catch2/catch.hpp>

#include "core/tiers/write_budget.hpp"

using namespace recguard;
using namespace recguard::tiers;

namespace {
const Instant t0 = Instant{} + Duration::seconds(10);
}

TEST_CASE("write budget: S3's 3,500 PUT/s gives 1,750/s with a burst of 1,750", "[unit][tiers][budget]") {
  WriteBudget b(WriteBudgetPolicy{3500});
  CHECK(b.rate_per_s() == 1750);
  CHECK(b.burst() == 1750);
  int now_count = 0, later_count = 0;
  for (int i = 0; i < 3500; ++i) (b.admit(t0) == Admission::primary_now ? now_count : later_count)++;
  CHECK(now_count == 1750);
  CHECK(later_count == 1750);  // the excess: backup now, primary later
  // One PUT's worth accrues every 1/1750 s (571.43 us).
  const Instant next = b.next_free(t0);
  CHECK(next == t0 + Duration::micros(572));
  CHECK(b.admit(next - Duration::micros(1)) == Admission::primary_later);
  CHECK(b.admit(next) == Admission::primary_now);
}

TEST_CASE("write budget: a greedy caller gets the burst plus 1,750/s of refill", "[unit][tiers][budget]") {
  WriteBudget b(WriteBudgetPolicy{3500});
  const Instant end = t0 + Duration::seconds(1);
  std::int64_t admitted = 0;
  Instant t = t0;
  while (t <= end) {
    while (b.admit(t) == Admission::primary_now) ++admitted;
    t = b.next_free(t);
  }
  CHECK(admitted == 1750 + 1750);
  // Over ten seconds: exactly the rate, nothing lost to rounding.
  WriteBudget c(WriteBudgetPolicy{3500});
  admitted = 0;
  t = t0;
  while (t <= t0 + Duration::seconds(10)) {
    while (c.admit(t) == Admission::primary_now) ++admitted;
    t = c.next_free(t);
  }
  CHECK(admitted == 1750 + 17500);
}

TEST_CASE("write budget: an idle gap refills only up to the burst", "[unit][tiers][budget]") {
  WriteBudget b(WriteBudgetPolicy{3500});
  for (int i = 0; i < 1750; ++i) REQUIRE(b.admit(t0) == Admission::primary_now);
  const Instant later = t0 + Duration::hours(24 * 365);
  int n = 0;
  while (b.admit(later) == Admission::primary_now) ++n;
  CHECK(n == 1750);
  CHECK(b.next_free(later) > later);
  // Time handed in out of order never mints budget.
  CHECK(b.admit(t0) == Admission::primary_later);
}

TEST_CASE("write budget: max_admissions is the greedy caller's count, burst plus refill", "[unit][tiers][budget]") {
  const WriteBudget b(WriteBudgetPolicy{3500});
  CHECK(b.max_admissions(Duration::seconds(1)) == 1750 + 1750);
  CHECK(b.max_admissions(Duration::seconds(10)) == 1750 + 17500);
  CHECK(b.max_admissions(Duration{}) == 1750);
  // 10 PUT/s: 5/s, burst 5; within half a second at most 5 + 2.5, so 7.
  const WriteBudget small(WriteBudgetPolicy{10});
  CHECK(small.max_admissions(Duration::seconds(1)) == 10);
  CHECK(small.max_admissions(Duration::millis(500)) == 7);
}

TEST_CASE("write budget: orchestrators share the PUT limit, at least 2 PUT/s each", "[unit][tiers][budget]") {
  CHECK(shared_policy(3500, 1).put_limit_rps == 3500);
  CHECK(shared_policy(3500, 2).put_limit_rps == 1750);
  CHECK(shared_policy(10, 0).put_limit_rps == 10);  // no orchestrator count: one
  CHECK(shared_policy(3, 2).put_limit_rps == 2);    // 1 each would give a budget of nothing
  CHECK(WriteBudget(shared_policy(3, 2)).rate_per_s() == 1);
}
