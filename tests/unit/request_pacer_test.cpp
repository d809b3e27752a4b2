#include <catch2/catch.hpp>

#include <deque>

#include "core/pipeline/request_pacer.hpp"

using namespace recguard;
using pipeline::PaceLimit;
using pipeline::TokenBucket;

namespace {

// A caller that sends whenever a token is there, for `span`: the most
// requests any sliding `window` ever holds.
std::size_t busiest_window(PaceLimit l, Duration span) {
  TokenBucket b(l);
  std::deque<Instant> in_window;
  std::size_t most = 0;
  Instant t{};
  while (t < Instant{} + span) {
    while (b.try_take(t)) {
      in_window.push_back(t);
      while (t - in_window.front() >= l.window) in_window.pop_front();
      most = std::max(most, in_window.size());
    }
    t = b.next_token_at(t);
  }
  return most;
}

}  // namespace

TEST_CASE("Token bucket: a burst, then one token per interval", "[unit][pacing]") {
  TokenBucket b(pipeline::kGenesysApiPace);
  const Instant t0 = Instant{} + Duration::seconds(1);
  for (int i = 0; i < pipeline::kGenesysApiPace.burst; ++i) REQUIRE(b.try_take(t0));
  CHECK_FALSE(b.try_take(t0));
  // (270 - 30) tokens a minute: one every 250 ms.
  const Instant next = b.next_token_at(t0);
  CHECK(next > t0);
  CHECK(next <= t0 + Duration::millis(251));
  CHECK_FALSE(b.try_take(next - Duration::millis(2)));
  CHECK(b.try_take(next));
}

TEST_CASE("Token bucket: a greedy caller never exceeds the platform's limit in any window", "[unit][pacing]") {
  // Genesys: 300 requests per minute per token.
  CHECK(busiest_window(pipeline::kGenesysApiPace, Duration::minutes(10)) <= 270);
  CHECK(busiest_window(pipeline::kGenesysApiPace, Duration::minutes(10)) >= 250);  // and uses most of it
  // CXone media-playback: 150 per 5 minutes.
  CHECK(busiest_window(pipeline::kCxonePlaybackPace, Duration::minutes(30)) <= 135);
  CHECK(busiest_window(pipeline::kCxonePlaybackPace, Duration::minutes(30)) >= 125);
}

TEST_CASE("Token bucket: a platform's Retry-After holds every request until it has passed", "[unit][pacing]") {
  TokenBucket b(pipeline::kGenesysApiPace);
  const Instant t0 = Instant{} + Duration::seconds(1);
  REQUIRE(b.try_take(t0));  // tokens left: the bucket alone would let more through
  b.hold_until(t0 + Duration::seconds(7));
  CHECK_FALSE(b.try_take(t0 + Duration::seconds(3)));
  CHECK(b.next_token_at(t0 + Duration::seconds(3)) == t0 + Duration::seconds(7));
  b.hold_until(t0 + Duration::seconds(2));  // an earlier hold never shortens a later one
  CHECK_FALSE(b.try_take(t0 + Duration::millis(6999)));
  CHECK(b.try_take(t0 + Duration::seconds(7)));
}
