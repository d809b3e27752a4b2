#include "core/tiers/circuit_breaker.hpp"

#include <algorithm>
#include <cassert>

namespace recguard::tiers {

const char* to_string(BreakerState s) {
  switch (s) {
    case BreakerState::closed: return "closed";
    case BreakerState::open: return "open";
    case BreakerState::half_open: return "half_open";
  }
  return "?";
}

CircuitBreaker::CircuitBreaker(BreakerPolicy p) : policy_(p) {
  assert(policy_.server_errors_to_open >= 1);
  assert(policy_.open_for.us > 0);
  assert(policy_.open_max >= policy_.open_for);
}

BreakerState CircuitBreaker::state(Instant now) const {
  if (!opened_) return BreakerState::closed;
  return now < open_until_ ? BreakerState::open : BreakerState::half_open;
}

bool CircuitBreaker::allow(Instant now) {
  switch (state(now)) {
    case BreakerState::closed: return true;
    case BreakerState::open: return false;
    case BreakerState::half_open:
      if (probe_in_flight_) return false;
      probe_in_flight_ = true;
      return true;
  }
  return false;
}

std::optional<Instant> CircuitBreaker::next_allowed(Instant now) const {
  switch (state(now)) {
    case BreakerState::closed: return now;
    case BreakerState::open: return open_until_;
    case BreakerState::half_open: return probe_in_flight_ ? std::nullopt : std::optional<Instant>(now);
  }
  return now;
}

void CircuitBreaker::open(Instant now, Duration period, std::optional<Duration> retry_after) {
  // The store's Retry-After wins when it is longer; it is not capped: the
  // store said when to come back and an earlier request would only be refused.
  if (retry_after && *retry_after > period) period = *retry_after;
  opened_ = true;
  open_until_ = std::max(open_until_, now + period);
  probe_in_flight_ = false;
  consecutive_server_errors_ = 0;
}

void CircuitBreaker::on_result(Instant now, Outcome o, std::optional<Duration> retry_after) {
  switch (state(now)) {
    case BreakerState::closed:
      switch (o) {
        case Outcome::success: consecutive_server_errors_ = 0; break;
        case Outcome::throttled: open(now, policy_.open_for, retry_after); break;
        case Outcome::server_error:
          if (++consecutive_server_errors_ >= policy_.server_errors_to_open) open(now, policy_.open_for, retry_after);
          break;
        case Outcome::other: break;
      }
      return;
    case BreakerState::open:
      if (o == Outcome::throttled && retry_after) open(now, Duration{}, retry_after);
      return;
    case BreakerState::half_open:
      if (!probe_in_flight_) return;  // a late answer to a request sent before the breaker opened
      switch (o) {
        case Outcome::success:
          opened_ = false;
          probe_in_flight_ = false;
          consecutive_server_errors_ = 0;
          failed_probes_ = 0;
          break;
        case Outcome::throttled:
        case Outcome::server_error: {
          ++failed_probes_;
          Duration period = policy_.open_for;
          for (int i = 0; i < failed_probes_ && period < policy_.open_max; ++i) period = period * 2;
          open(now, std::min(period, policy_.open_max), retry_after);
          break;
        }
        case Outcome::other: probe_in_flight_ = false; break;
      }
      return;
  }
}

}  // namespace recguard::tiers
