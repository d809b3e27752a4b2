#pragma once
// Keeps the core under a platform's published request limit by design, not by
// retrying into 429s: a token bucket per limited API. A request that finds no
// token waits in FIFO order until one accrues. The bucket's burst plus what
// it refills in the platform's window stays below the platform's limit for
// that window, so no window can ever see more than the limit.
#include <cstdint>
#include <deque>
#include <optional>

#include "core/types/time.hpp"

namespace recguard::pipeline {

struct PaceLimit {
  int limit = 0;         // requests the platform allows per window
  Duration window{};     // Genesys: 300 per minute; CXone media-playback: 150 per 5 minutes
  int burst = 0;         // tokens available at once
};

// The figures the platforms publish (REFERENCE.md), with the burst chosen so
// burst + refill(window) = 90% of the limit: headroom for clock differences.
inline constexpr PaceLimit kGenesysApiPace{300, Duration::minutes(1), 30};
inline constexpr PaceLimit kCxonePlaybackPace{150, Duration::minutes(5), 15};

// The pace for a Genesys organization whose API limit is not the default
// (an org's limit is set per OAuth client): the same shape, a tenth as burst.
constexpr PaceLimit genesys_pace_for(int requests_per_minute) {
  return PaceLimit{requests_per_minute, Duration::minutes(1), requests_per_minute / 10 > 0 ? requests_per_minute / 10 : 1};
}

// One of `n` orchestrators sharing a platform credential gets 1/n of the
// limit and of the burst (at least one token), so together they stay under it.
constexpr PaceLimit share_of(PaceLimit l, int n) {
  if (n <= 1) return l;
  return PaceLimit{l.limit / n, l.window, l.burst / n > 0 ? l.burst / n : 1};
}

class TokenBucket {
 public:
  explicit TokenBucket(PaceLimit l);
  // Takes a token now if one is there.
  bool try_take(Instant now);
  // When the next token will be there (now if one is).
  Instant next_token_at(Instant now) const;
  // The platform answered 429 with Retry-After: no token before `until`,
  // whatever the bucket holds (our pace and the platform's count differ when
  // another client shares the credential).
  void hold_until(Instant until);

 private:
  void refill(Instant now);
  std::int64_t interval_us_;  // one token per interval
  int burst_;
  double tokens_;
  Instant last_{};
  Instant held_until_{};
};

}  // namespace recguard::pipeline
