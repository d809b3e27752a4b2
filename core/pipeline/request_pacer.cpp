#include "core/pipeline/request_pacer.hpp"

#include <algorithm>

namespace recguard::pipeline {

TokenBucket::TokenBucket(PaceLimit l) : burst_(l.burst), tokens_(l.burst) {
  // burst + window / interval = 90% of the limit.
  const std::int64_t refill_tokens = std::max<std::int64_t>(1, l.limit * 9 / 10 - l.burst);
  interval_us_ = l.window.us / refill_tokens;
}

void TokenBucket::refill(Instant now) {
  if (now <= last_) return;
  tokens_ = std::min<double>(burst_, tokens_ + static_cast<double>((now - last_).us) / static_cast<double>(interval_us_));
  last_ = now;
}

bool TokenBucket::try_take(Instant now) {
  if (now < held_until_) return false;
  refill(now);
  if (tokens_ < 1.0) return false;
  tokens_ -= 1.0;
  return true;
}

void TokenBucket::hold_until(Instant until) {
  if (until > held_until_) held_until_ = until;
}

Instant TokenBucket::next_token_at(Instant now) const {
  if (now < held_until_) return held_until_;
  TokenBucket copy = *this;
  copy.refill(now);
  if (copy.tokens_ >= 1.0) return now;
  const double missing = 1.0 - copy.tokens_;
  return now + Duration{static_cast<std::int64_t>(missing * static_cast<double>(interval_us_)) + 1};
}

}  // namespace recguard::pipeline
