// One breaker per tier: 5 consecutive 5xx or one throttle open it; after the
// open period one probe at a time; the probe's answer closes or re-opens it.
#include <catch2/catch.hpp>

#include "core/tiers/circuit_breaker.hpp"

using namespace recguard;
using namespace recguard::tiers;

namespace {
const Instant t0 = Instant{} + Duration::seconds(100);
}

TEST_CASE("breaker: opens on the 5th consecutive server error, not the 4th", "[unit][tiers][breaker]") {
  CircuitBreaker b;
  for (int i = 0; i < 4; ++i) b.on_result(t0, Outcome::server_error);
  CHECK(b.state(t0) == BreakerState::closed);
  CHECK(b.allow(t0));
  CHECK(b.consecutive_server_errors() == 4);
  b.on_result(t0, Outcome::server_error);
  CHECK(b.state(t0) == BreakerState::open);
  CHECK_FALSE(b.allow(t0));
  CHECK(b.open_until() == t0 + Duration::seconds(30));
  CHECK(b.next_allowed(t0) == t0 + Duration::seconds(30));
  CHECK(b.state(t0 + Duration::seconds(29)) == BreakerState::open);
}

TEST_CASE("breaker: a success breaks the run, client errors neither count nor break it", "[unit][tiers][breaker]") {
  CircuitBreaker b;
  for (int i = 0; i < 4; ++i) b.on_result(t0, Outcome::server_error);
  b.on_result(t0, Outcome::success);
  for (int i = 0; i < 4; ++i) b.on_result(t0, Outcome::server_error);
  CHECK(b.state(t0) == BreakerState::closed);
  for (int i = 0; i < 20; ++i) b.on_result(t0, Outcome::other);  // 404, 412, 401/403 ...
  CHECK(b.state(t0) == BreakerState::closed);
  b.on_result(t0, Outcome::server_error);  // the 5th of the run
  CHECK(b.state(t0) == BreakerState::open);
}

TEST_CASE("breaker: opens at once on a throttle answer, for max(30 s, Retry-After)", "[unit][tiers][breaker]") {
  SECTION("no Retry-After: 30 s") {
    CircuitBreaker b;
    b.on_result(t0, Outcome::throttled);
    CHECK(b.state(t0) == BreakerState::open);
    CHECK(b.open_until() == t0 + Duration::seconds(30));
  }
  SECTION("Retry-After longer than 30 s is honoured") {
    CircuitBreaker b;
    b.on_result(t0, Outcome::throttled, Duration::seconds(120));
    CHECK(b.open_until() == t0 + Duration::seconds(120));
    CHECK(b.state(t0 + Duration::seconds(60)) == BreakerState::open);
    CHECK(b.state(t0 + Duration::seconds(120)) == BreakerState::half_open);
  }
  SECTION("Retry-After shorter than 30 s: still 30 s") {
    CircuitBreaker b;
    b.on_result(t0, Outcome::throttled, Duration::seconds(5));
    CHECK(b.open_until() == t0 + Duration::seconds(30));
  }
  SECTION("a late throttle while open extends to its Retry-After; a late success does not close") {
    CircuitBreaker b;
    b.on_result(t0, Outcome::throttled);
    b.on_result(t0 + Duration::seconds(1), Outcome::success);
    CHECK(b.state(t0 + Duration::seconds(1)) == BreakerState::open);
    b.on_result(t0 + Duration::seconds(2), Outcome::throttled, Duration::seconds(60));
    CHECK(b.open_until() == t0 + Duration::seconds(62));
  }
}

TEST_CASE("breaker: half-open hands out exactly one probe", "[unit][tiers][breaker]") {
  CircuitBreaker b;
  b.on_result(t0, Outcome::throttled);
  const Instant t1 = b.open_until();
  CHECK_FALSE(b.allow(t1 - Duration::micros(1)));
  CHECK(b.state(t1) == BreakerState::half_open);
  CHECK(b.next_allowed(t1) == t1);
  CHECK(b.allow(t1));  // the probe
  CHECK(b.probe_in_flight());
  CHECK_FALSE(b.allow(t1));
  CHECK_FALSE(b.allow(t1 + Duration::minutes(10)));
  CHECK_FALSE(b.next_allowed(t1).has_value());  // the probe's answer is the wake-up

  SECTION("probe success closes it") {
    b.on_result(t1 + Duration::seconds(1), Outcome::success);
    CHECK(b.state(t1 + Duration::seconds(1)) == BreakerState::closed);
    CHECK(b.allow(t1 + Duration::seconds(1)));
    CHECK(b.allow(t1 + Duration::seconds(1)));
    // And a fresh run of 5 server errors is needed to open it again.
    for (int i = 0; i < 4; ++i) b.on_result(t1 + Duration::seconds(2), Outcome::server_error);
    CHECK(b.state(t1 + Duration::seconds(2)) == BreakerState::closed);
  }
  SECTION("probe failure re-opens it, for twice as long each time, up to 5 minutes") {
    Instant t = t1;
    const std::int64_t expected_s[] = {60, 120, 240, 300, 300};
    for (std::int64_t s : expected_s) {
      b.on_result(t, Outcome::server_error);
      CHECK(b.state(t) == BreakerState::open);
      CHECK(b.open_until() == t + Duration::seconds(s));
      t = b.open_until();
      REQUIRE(b.allow(t));
    }
    b.on_result(t, Outcome::success);
    CHECK(b.state(t) == BreakerState::closed);
    CHECK(b.failed_probes() == 0);
  }
  SECTION("a throttled probe re-opens it and honours its Retry-After") {
    b.on_result(t1, Outcome::throttled, Duration::seconds(200));
    CHECK(b.state(t1) == BreakerState::open);
    CHECK(b.open_until() == t1 + Duration::seconds(200));
  }
  SECTION("a probe answered with a client error frees the slot, breaker stays half-open") {
    b.on_result(t1, Outcome::other);
    CHECK(b.state(t1) == BreakerState::half_open);
    CHECK(b.allow(t1));
    CHECK_FALSE(b.allow(t1));
  }
}

TEST_CASE("breaker: a late answer in half-open without a probe out is ignored", "[unit][tiers][breaker]") {
  CircuitBreaker b;
  b.on_result(t0, Outcome::throttled);
  const Instant t1 = b.open_until();
  b.on_result(t1, Outcome::success);  // sent before the breaker opened
  CHECK(b.state(t1) == BreakerState::half_open);
  b.on_result(t1, Outcome::server_error);
  CHECK(b.state(t1) == BreakerState::half_open);
}
