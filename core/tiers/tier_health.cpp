#include "core/tiers/tier_health.hpp"

#include <algorithm>
#include <cassert>

namespace recguard::tiers {

const char* to_string(TierCondition c) {
  switch (c) {
    case TierCondition::healthy: return "healthy";
    case TierCondition::degraded: return "degraded";
    case TierCondition::breaker_open: return "breaker_open";
    case TierCondition::auth_failed: return "auth_failed";
  }
  return "?";
}

Outcome breaker_outcome(stores::WriteOutcomeKind k) {
  using K = stores::WriteOutcomeKind;
  switch (k) {
    case K::created:
    case K::already_exists: return Outcome::success;
    case K::throttled: return Outcome::throttled;
    case K::server_error: return Outcome::server_error;
    case K::race_conflict:    // a concurrent create: the store is answering
    case K::rejected_digest:  // bytes damaged on the way: the link's fault, not the store's load
    case K::auth_error:       // the credential's problem, tracked as auth_failed
    case K::client_error: return Outcome::other;
  }
  return Outcome::other;
}

bool counts_as_write_failure(stores::WriteOutcomeKind k) {
  using K = stores::WriteOutcomeKind;
  switch (k) {
    case K::created:
    case K::already_exists:
    case K::race_conflict:
    case K::auth_error: return false;
    case K::throttled:
    case K::server_error:
    case K::rejected_digest:
    case K::client_error: return true;
  }
  return true;
}

TierHealth::TierHealth(Tier t, TierHealthPolicy p) : tier_(t), policy_(p), breaker_(p.breaker) {
  assert(policy_.failures_to_degrade >= 1);
}

void TierHealth::on_write(Instant now, const stores::WriteOutcome& o) {
  if (o.kind == stores::WriteOutcomeKind::auth_error) {
    // Only this tier: the other tier signs with its own credential.
    auth_failed_ = true;
    auth_failed_at_ = now;
    auth_probe_out_ = false;
    return;
  }
  if (auth_failed_ && auth_probe_out_) {
    // The probe's answer. Only one that proves the store accepted the
    // signature lifts the refusal; a late success of a write signed before
    // it does not (no probe was out), nor does a 5xx, which says nothing.
    auth_probe_out_ = false;
    if (breaker_outcome(o.kind) == Outcome::success) auth_failed_ = false;
    else auth_failed_at_ = now;
  }
  const std::optional<Duration> retry_after =
      o.retry_after_s >= 0 ? std::optional<Duration>(Duration::seconds(o.retry_after_s)) : std::nullopt;
  breaker_.on_result(now, breaker_outcome(o.kind), retry_after);
  if (counts_as_write_failure(o.kind)) {
    ++consecutive_failures_;
  } else if (breaker_outcome(o.kind) == Outcome::success) {
    consecutive_failures_ = 0;
  }
}

void TierHealth::on_transport_error(Instant now) {
  if (auth_failed_ && auth_probe_out_) {
    auth_probe_out_ = false;
    auth_failed_at_ = now;
  }
  breaker_.on_result(now, Outcome::server_error);
  ++consecutive_failures_;
}

void TierHealth::on_credential_rotated(Instant) {
  auth_failed_ = false;
  auth_probe_out_ = false;
}

TierCondition TierHealth::condition(Instant now) const {
  if (auth_failed_) return TierCondition::auth_failed;
  if (breaker_.state(now) != BreakerState::closed) return TierCondition::breaker_open;
  if (consecutive_failures_ >= policy_.failures_to_degrade) return TierCondition::degraded;
  return TierCondition::healthy;
}

bool TierHealth::allow(Instant now) {
  if (auth_failed_) {
    if (auth_probe_out_ || now < auth_failed_at_ + policy_.auth_probe_after) return false;
    auth_probe_out_ = true;
    return true;
  }
  return breaker_.allow(now);
}

std::optional<Instant> TierHealth::next_allowed(Instant now) const {
  if (auth_failed_) {
    if (auth_probe_out_) return std::nullopt;
    return std::max(now, auth_failed_at_ + policy_.auth_probe_after);
  }
  return breaker_.next_allowed(now);
}

namespace {

int rank(TierCondition c) {
  switch (c) {
    case TierCondition::healthy: return 0;
    case TierCondition::degraded: return 1;
    case TierCondition::breaker_open: return 2;
    case TierCondition::auth_failed: return 3;
  }
  return 3;
}

}  // namespace

Route route_new_recording(TierCondition primary, TierCondition backup, Admission primary_admission) {
  const bool p_ok = primary == TierCondition::healthy;
  const bool b_ok = backup == TierCondition::healthy;
  if (p_ok && b_ok) {
    if (primary_admission == Admission::primary_later) return Route{Tier::backup, true, false, "primary_over_budget"};
    return Route{Tier::primary, true, true, "both_healthy"};
  }
  if (p_ok) return Route{Tier::primary, true, false, "backup_unhealthy"};
  if (b_ok) return Route{Tier::backup, true, false, "primary_unhealthy"};
  const Tier first = rank(backup) < rank(primary) ? Tier::backup : Tier::primary;
  const TierCondition c = first == Tier::primary ? primary : backup;
  return Route{first, c == TierCondition::degraded, false, "both_unhealthy"};
}

Route route_new_recording(const TierHealth& primary, const TierHealth& backup, Instant now,
                          WriteBudget* primary_budget) {
  assert(primary.tier() == Tier::primary);
  assert(backup.tier() == Tier::backup);
  const TierCondition p = primary.condition(now);
  const TierCondition b = backup.condition(now);
  Admission a = Admission::primary_now;
  if (primary_budget != nullptr && p == TierCondition::healthy && b == TierCondition::healthy) {
    a = primary_budget->admit(now);
  }
  return route_new_recording(p, b, a);
}

}  // namespace recguard::tiers
