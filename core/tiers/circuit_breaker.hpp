#pragma once
// One circuit breaker per storage tier: stop sending to a store that is
// throttling or failing, and find out when it is back with one probe at a
// time instead of a herd.
//
//   closed    --5 consecutive server errors-->            open (30 s)
//   closed    --one throttle answer-->                    open (max(30 s, Retry-After))
//   open      --open period over-->                       half_open
//   half_open --allow() hands out the one probe; its result:
//                success           --> closed
//                throttle / 5xx    --> open again, for 30 s x 2^(failed probes in a row),
//                                      capped at 5 minutes (60, 120, 240, 300, 300 s ...),
//                                      or the Retry-After when that is longer
//                other             --> probe slot freed, still half_open (only a
//                                      success proves the tier takes writes again)
//
// The breaker only judges availability. Client errors (4xx other than 429) and
// auth errors are `other`: they say nothing about the store's load, and an
// auth error is the credential's problem, which TierHealth tracks separately.
#include <optional>

#include "core/types/time.hpp"

namespace recguard::tiers {

enum class Outcome {
  success,       // the store took the write (or answered that it already holds it)
  throttled,     // 429 / SlowDown / ServerBusy / OperationTimedOut
  server_error,  // other 5xx, or no answer at all (timeout, reset): ambiguous
  other,         // any other answer: neither proves nor disproves availability
};

enum class BreakerState { closed, open, half_open };
const char* to_string(BreakerState s);

struct BreakerPolicy {
  int server_errors_to_open = 5;                  // consecutive 5xx that open a closed breaker
  Duration open_for = Duration::seconds(30);      // first open period
  Duration open_max = Duration::minutes(5);       // cap of the doubling after failed probes
};

class CircuitBreaker {
 public:
  explicit CircuitBreaker(BreakerPolicy p = {});

  // May a request go to this tier now? Closed: yes. Open: no. Half-open: yes
  // exactly once (the caller now holds the probe), then no until its result.
  bool allow(Instant now);

  // The answer to a request this tier was sent. retry_after: the store's
  // Retry-After, when it sent one.
  //  - closed: success resets the run of server errors, `other` leaves it as is.
  //  - open: a late throttle (from a request sent before the breaker opened)
  //    extends the open period to honour its Retry-After; other late answers
  //    are ignored: one late success does not prove the store recovered.
  //  - half_open: with a probe out, the answer is taken as the probe's;
  //    without one it is a late answer and ignored.
  void on_result(Instant now, Outcome o, std::optional<Duration> retry_after = std::nullopt);

  BreakerState state(Instant now) const;
  // End of the current (or last) open period; Instant{} if never opened.
  Instant open_until() const { return open_until_; }
  // When to call allow() again: now when it would say yes, the end of the open
  // period when open, nullopt while the probe is out (its answer is the wake-up).
  std::optional<Instant> next_allowed(Instant now) const;

  int consecutive_server_errors() const { return consecutive_server_errors_; }
  int failed_probes() const { return failed_probes_; }
  bool probe_in_flight() const { return probe_in_flight_; }
  const BreakerPolicy& policy() const { return policy_; }

 private:
  void open(Instant now, Duration period, std::optional<Duration> retry_after);

  BreakerPolicy policy_;
  bool opened_ = false;  // open or half-open (which one depends on now vs open_until_)
  Instant open_until_{};
  bool probe_in_flight_ = false;
  int consecutive_server_errors_ = 0;
  int failed_probes_ = 0;
};

}  // namespace recguard::tiers
