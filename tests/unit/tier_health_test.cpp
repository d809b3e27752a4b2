// A tier's health and the route of a new recording: 3 failures in a row
// degrade a tier, one success heals it; a revoked credential breaks only its
// own tier; a degraded or open tier's writes are queued, not raced.
#include <catch2/catch.hpp>

#include "core/tiers/tier_health.hpp"

using namespace recguard;
using namespace recguard::tiers;
using K = stores::WriteOutcomeKind;

namespace {

const Instant t0 = Instant{} + Duration::seconds(100);

stores::WriteOutcome answer(K k, int status, std::int64_t retry_after_s = -1) {
  stores::WriteOutcome o;
  o.kind = k;
  o.status = status;
  o.retry_after_s = retry_after_s;
  return o;
}

const stores::WriteOutcome kCreated = answer(K::created, 200);
const stores::WriteOutcome k500 = answer(K::server_error, 500);
const stores::WriteOutcome k403 = answer(K::auth_error, 403);
const stores::WriteOutcome k400 = answer(K::client_error, 400);

}  // namespace

TEST_CASE("tier health: degraded after 3 consecutive failures, healthy after one success", "[unit][tiers][health]") {
  TierHealth h(Tier::backup);
  h.on_write(t0, k500);
  h.on_write(t0, k500);
  CHECK(h.condition(t0) == TierCondition::healthy);
  h.on_write(t0, k500);
  CHECK(h.condition(t0) == TierCondition::degraded);
  CHECK(h.breaker().state(t0) == BreakerState::closed);  // 3 is not yet the breaker's 5
  CHECK(h.allow(t0));  // degraded still takes queued writes and probes
  h.on_write(t0, kCreated);
  CHECK(h.condition(t0) == TierCondition::healthy);
  CHECK(h.consecutive_failures() == 0);
}

TEST_CASE("tier health: a success in between resets the count, transport errors count", "[unit][tiers][health]") {
  TierHealth h(Tier::primary);
  h.on_write(t0, k500);
  h.on_write(t0, k500);
  h.on_write(t0, answer(K::already_exists, 412));  // the store answered: it works
  h.on_write(t0, k500);
  h.on_transport_error(t0);
  CHECK(h.condition(t0) == TierCondition::healthy);
  h.on_transport_error(t0);
  CHECK(h.condition(t0) == TierCondition::degraded);
}

TEST_CASE("tier health: client errors degrade but never open the breaker", "[unit][tiers][health]") {
  TierHealth h(Tier::primary);
  for (int i = 0; i < 10; ++i) h.on_write(t0, k400);
  CHECK(h.condition(t0) == TierCondition::degraded);
  CHECK(h.breaker().state(t0) == BreakerState::closed);
}

TEST_CASE("tier health: a throttle opens the tier's breaker with the store's Retry-After", "[unit][tiers][health]") {
  TierHealth h(Tier::primary);
  h.on_write(t0, answer(K::throttled, 503, 90));
  CHECK(h.condition(t0) == TierCondition::breaker_open);
  CHECK_FALSE(h.allow(t0));
  CHECK(h.next_allowed(t0) == t0 + Duration::seconds(90));
  const Instant t1 = t0 + Duration::seconds(90);
  CHECK(h.allow(t1));  // the probe
  h.on_write(t1, kCreated);
  CHECK(h.condition(t1) == TierCondition::healthy);
}

TEST_CASE("tier health: a revoked credential breaks only its own tier until rotation or an accepted probe",
          "[unit][tiers][health]") {
  TierHealth primary(Tier::primary);
  TierHealth backup(Tier::backup);
  primary.on_write(t0, k403);
  CHECK(primary.condition(t0) == TierCondition::auth_failed);
  CHECK(backup.condition(t0) == TierCondition::healthy);
  CHECK_FALSE(primary.allow(t0));
  CHECK(backup.allow(t0));
  CHECK(primary.next_allowed(t0) == t0 + Duration::minutes(5));  // the next auth probe
  // Not a server failure: the breaker and the count are untouched.
  CHECK(primary.breaker().state(t0) == BreakerState::closed);
  CHECK(primary.consecutive_failures() == 0);

  // The backup keeps taking new recordings first; the primary is queued.
  const Route r = route_new_recording(primary, backup, t0);
  CHECK(r.first == Tier::backup);
  CHECK(r.first_now);
  CHECK_FALSE(r.second_in_parallel);

  // A late success of a write signed before the refusal heals nothing: no probe was out.
  const Instant later = t0 + Duration::hours(3);
  primary.on_write(later, kCreated);
  CHECK(primary.condition(later) == TierCondition::auth_failed);
  // The probe, refused again: the next one is five minutes on.
  CHECK(primary.allow(later));
  CHECK_FALSE(primary.allow(later));  // one probe at a time
  CHECK_FALSE(primary.next_allowed(later).has_value());
  primary.on_write(later, k403);
  CHECK_FALSE(primary.allow(later + Duration::minutes(4)));
  CHECK(primary.next_allowed(later) == later + Duration::minutes(5));
  primary.on_credential_rotated(later);
  CHECK(primary.condition(later) == TierCondition::healthy);
  CHECK(primary.allow(later));
  CHECK(route_new_recording(primary, backup, later).second_in_parallel);
}

TEST_CASE("router: both healthy -> primary and backup now, in parallel", "[unit][tiers][router]") {
  TierHealth primary(Tier::primary);
  TierHealth backup(Tier::backup);
  const Route r = route_new_recording(primary, backup, t0);
  CHECK(r.first == Tier::primary);
  CHECK(r.first_now);
  CHECK(r.second_in_parallel);
}

TEST_CASE("router: backup degraded -> primary first, backup queued for backfill", "[unit][tiers][router]") {
  TierHealth primary(Tier::primary);
  TierHealth backup(Tier::backup);
  for (int i = 0; i < 3; ++i) backup.on_write(t0, k500);
  const Route r = route_new_recording(primary, backup, t0);
  CHECK(r.first == Tier::primary);
  CHECK(r.second() == Tier::backup);
  CHECK(r.first_now);
  CHECK_FALSE(r.second_in_parallel);
}

TEST_CASE("router: the pure decision table", "[unit][tiers][router]") {
  using C = TierCondition;
  CHECK(route_new_recording(C::healthy, C::healthy) == Route{Tier::primary, true, true, "both_healthy"});
  CHECK(route_new_recording(C::healthy, C::breaker_open) == Route{Tier::primary, true, false, "backup_unhealthy"});
  CHECK(route_new_recording(C::degraded, C::healthy) == Route{Tier::backup, true, false, "primary_unhealthy"});
  CHECK(route_new_recording(C::auth_failed, C::healthy) == Route{Tier::backup, true, false, "primary_unhealthy"});
  // Neither healthy: the less broken one, now only if it is merely degraded.
  CHECK(route_new_recording(C::degraded, C::degraded) == Route{Tier::primary, true, false, "both_unhealthy"});
  CHECK(route_new_recording(C::breaker_open, C::degraded) == Route{Tier::backup, true, false, "both_unhealthy"});
  CHECK(route_new_recording(C::breaker_open, C::auth_failed) == Route{Tier::primary, false, false, "both_unhealthy"});
  // Over the primary's budget: backup now, primary later.
  CHECK(route_new_recording(C::healthy, C::healthy, Admission::primary_later) ==
        Route{Tier::backup, true, false, "primary_over_budget"});
  // Over budget but the backup cannot take it: the primary still goes (the budget is half the store's limit).
  CHECK(route_new_recording(C::healthy, C::degraded, Admission::primary_later).first == Tier::primary);
}

TEST_CASE("router: the primary's write budget sends the excess to the backup first", "[unit][tiers][router]") {
  TierHealth primary(Tier::primary);
  TierHealth backup(Tier::backup);
  WriteBudget budget(WriteBudgetPolicy{4, 50, Duration::seconds(1)});  // 2 PUT/s, burst 2
  CHECK(route_new_recording(primary, backup, t0, &budget).second_in_parallel);
  CHECK(route_new_recording(primary, backup, t0, &budget).second_in_parallel);
  const Route r = route_new_recording(primary, backup, t0, &budget);
  CHECK(r.first == Tier::backup);
  CHECK_FALSE(r.second_in_parallel);
  // A degraded backup does not spend the primary's budget.
  for (int i = 0; i < 3; ++i) backup.on_write(t0, k500);
  const Instant t1 = t0 + Duration::seconds(1);
  CHECK(route_new_recording(primary, backup, t1, &budget).first == Tier::primary);
  CHECK(budget.admit(t1) == Admission::primary_now);
  CHECK(budget.admit(t1) == Admission::primary_now);
}

TEST_CASE("tier health: a refusal that heals on its own (a skewed clock) is lifted by an accepted probe",
          "[unit][tiers][health]") {
  TierHealth backup(Tier::backup);
  backup.on_write(t0, k403);
  const Instant probe_at = t0 + Duration::minutes(5);
  CHECK_FALSE(backup.allow(probe_at - Duration::seconds(1)));
  REQUIRE(backup.allow(probe_at));
  backup.on_write(probe_at, kCreated);
  CHECK(backup.condition(probe_at) == TierCondition::healthy);
  CHECK(backup.allow(probe_at));
}
