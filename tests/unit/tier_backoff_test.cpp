// Store-write backoff: 5 s doubling to a 5-minute cap, jitter that only
// shortens (by up to 20%) and is a pure function of the seed.
#include <catch2/catch.hpp>

#include <algorithm>
#include <set>

#include "core/tiers/backoff.hpp"

using namespace recguard;
using namespace recguard::tiers;

TEST_CASE("backoff before jitter: 5, 10, 20, 40, 80, 160, then the 300 s cap", "[unit][tiers][backoff]") {
  const std::int64_t expected_s[] = {5, 10, 20, 40, 80, 160, 300, 300};
  for (int attempt = 1; attempt <= 8; ++attempt) {
    INFO("attempt " << attempt);
    CHECK(backoff_base_delay(attempt) == Duration::seconds(expected_s[attempt - 1]));
  }
  CHECK(backoff_base_delay(1000) == Duration::minutes(5));  // no overflow however long it goes on
  // Without jitter the delay is the base itself.
  BackoffPolicy none;
  none.jitter_percent = 0;
  for (int attempt = 1; attempt <= 8; ++attempt) {
    CHECK(backoff_delay(attempt, 42, 7, none) == Duration::seconds(expected_s[attempt - 1]));
  }
}

TEST_CASE("backoff jitter stays within 80% to 100% of the base, never above the cap", "[unit][tiers][backoff]") {
  for (int attempt = 1; attempt <= 10; ++attempt) {
    const Duration base = backoff_base_delay(attempt);
    const Duration lowest_allowed = Duration{base.us - base.us / 5};
    Duration lo = base, hi = Duration{};
    std::set<std::int64_t> distinct;
    for (std::uint64_t seed = 0; seed < 5000; ++seed) {
      const Duration d = backoff_delay(attempt, seed, salt_of("rec-0001"));
      REQUIRE(d <= base);
      REQUIRE(d >= lowest_allowed);
      REQUIRE(d <= Duration::minutes(5));
      REQUIRE(d >= Duration::seconds(1));
      lo = std::min(lo, d);
      hi = std::max(hi, d);
      distinct.insert(d.us);
    }
    INFO("attempt " << attempt);
    // The draws really spread over the range: a constant would not be jitter.
    CHECK(lo < Duration{base.us - base.us / 5 + base.us / 50});
    CHECK(hi > Duration{base.us - base.us / 50});
    CHECK(distinct.size() > 4000);
  }
}

TEST_CASE("backoff jitter: same seed, salt and attempt give the same delay", "[unit][tiers][backoff]") {
  const std::uint64_t salt = salt_of("rec-0042");
  for (std::uint64_t seed : {0ULL, 1ULL, 0xDEADBEEFULL}) {
    for (int attempt = 1; attempt <= 8; ++attempt) {
      CHECK(backoff_delay(attempt, seed, salt) == backoff_delay(attempt, seed, salt));
    }
  }
  // Two recordings refused together do not come back together.
  int same = 0;
  for (int i = 0; i < 100; ++i) {
    const auto a = backoff_delay(3, 9, salt_of("rec-" + std::to_string(i)));
    const auto b = backoff_delay(3, 9, salt_of("rec-" + std::to_string(i + 1000)));
    same += a == b;
  }
  CHECK(same < 5);
  // Swapping seed and attempt does not reproduce the draw.
  CHECK(backoff_delay(2, 1, 0) != backoff_delay(1, 2, 0));
}

TEST_CASE("backoff never goes below the 1 s floor", "[unit][tiers][backoff]") {
  BackoffPolicy p;
  p.first = Duration::seconds(1);
  p.jitter_percent = 50;
  bool hit_floor = false;
  for (std::uint64_t seed = 0; seed < 1000; ++seed) {
    const Duration d = backoff_delay(1, seed, 0, p);
    REQUIRE(d >= Duration::seconds(1));
    hit_floor = hit_floor || d == Duration::seconds(1);
  }
  CHECK(hit_floor);
}
