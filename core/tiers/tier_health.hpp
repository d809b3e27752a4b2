#pragma once
// The health of one storage tier, and where a new recording goes first.
//
// A tier is, in order of precedence:
//   auth_failed  its credential was refused (401/403): broken until the
//                operator signals a credential change, or until one probe
//                write, sent every auth_probe_after, is accepted. A 403 is not
//                always a dead key: a clock skewed past the store's 15 minutes
//                gets one too and heals on its own, and a rotation the
//                process was never told of heals the same way. Never affects
//                the other tier
//   breaker_open its circuit breaker is open or half-open (throttling, 5xx runs)
//   degraded     3 consecutive failed writes; one success makes it healthy again
//   healthy
// New recordings go to a healthy tier first; a tier that is not healthy gets
// its writes queued for backfill instead of a share of live traffic.
#include <optional>
#include <string_view>

#include "core/stores/store_client.hpp"
#include "core/tiers/circuit_breaker.hpp"
#include "core/tiers/write_budget.hpp"
#include "core/types/ids.hpp"
#include "core/types/time.hpp"

namespace recguard::tiers {

enum class TierCondition { healthy, degraded, breaker_open, auth_failed };
const char* to_string(TierCondition c);

struct TierHealthPolicy {
  int failures_to_degrade = 3;
  BreakerPolicy breaker{};
  Duration auth_probe_after = Duration::minutes(5);  // one write to a refusing tier this often
};

// How a store's answer counts. The breaker sees availability only; the failure
// counter sees every write that did not land, except auth (its own state) and
// the answers that prove the store is working (already_exists, race_conflict).
Outcome breaker_outcome(stores::WriteOutcomeKind k);
bool counts_as_write_failure(stores::WriteOutcomeKind k);

class TierHealth {
 public:
  explicit TierHealth(Tier t, TierHealthPolicy p = {});

  // The answer to one write (PUT) this tier was sent.
  void on_write(Instant now, const stores::WriteOutcome& o);
  // A write that got no answer (timeout, reset): ambiguous, counted like a 5xx.
  void on_transport_error(Instant now);
  // The operator replaced the tier's credential: auth_failed is lifted. The
  // breaker and the failure count are left as they are.
  void on_credential_rotated(Instant now);

  TierCondition condition(Instant now) const;
  bool healthy(Instant now) const { return condition(now) == TierCondition::healthy; }
  // Gate for one request (live write or backfill): while auth_failed, yes
  // once per auth_probe_after (the caller then holds the auth probe); else
  // the breaker's allow() (which may hand out the half-open probe).
  bool allow(Instant now);
  // When allow() may next say yes; nullopt: a probe is out and its answer is
  // the wake-up.
  std::optional<Instant> next_allowed(Instant now) const;

  Tier tier() const { return tier_; }
  int consecutive_failures() const { return consecutive_failures_; }
  bool auth_failed() const { return auth_failed_; }
  const CircuitBreaker& breaker() const { return breaker_; }

 private:
  Tier tier_;
  TierHealthPolicy policy_;
  CircuitBreaker breaker_;
  int consecutive_failures_ = 0;
  bool auth_failed_ = false;
  Instant auth_failed_at_{};     // the last refusal: the next probe is due auth_probe_after later
  bool auth_probe_out_ = false;  // the probe write is in flight; its answer decides
};

// Where a new recording's two writes go.
struct Route {
  Tier first = Tier::primary;      // the tier written first
  bool first_now = true;           // false: no tier can take a write now; hold the recording
  bool second_in_parallel = true;  // true: the other tier is written now too; false: queued for backfill
  std::string_view reason;         // for the trace and the audit trail

  Tier second() const { return first == Tier::primary ? Tier::backup : Tier::primary; }
  bool operator==(const Route&) const = default;
};

// Pure routing on the two conditions and the primary's budget answer:
//   both healthy, within budget   -> primary and backup now, in parallel
//   both healthy, over budget     -> backup now, primary queued (off-peak)
//   one healthy                   -> the healthy one now, the other queued
//   neither healthy               -> the less broken one (degraded before
//                                    breaker_open before auth_failed; primary
//                                    on a tie) first, now only if it is merely
//                                    degraded; the other queued
// Over budget only matters when the backup can take the write: the budget is
// half the store's limit, so the primary still has room when it must.
Route route_new_recording(TierCondition primary, TierCondition backup,
                          Admission primary_admission = Admission::primary_now);

// The same on live state. Asks the budget (taking one PUT's worth) only when
// both tiers are healthy, the one case where the budget changes the route.
Route route_new_recording(const TierHealth& primary, const TierHealth& backup, Instant now,
                          WriteBudget* primary_budget = nullptr);

}  // namespace recguard::tiers
