// Where a store write is admitted, held or deferred: one lane per tier with
// its health (circuit breaker, degradation, credential), the primary's write
// budget, and the backfill queue of writes the tier could not take.
//
// A live write goes to a tier only while the tier is healthy and, for the
// primary, within half the store's PUT limit. Otherwise it is deferred: the
// workflow keeps writing the other tier and lets go of the bytes once that
// tier has them, so a tier that is down for hours pins no media in memory.
// When the tier can take writes again (its breaker half-opens, the budget
// refills, the credential is rotated) the deferred recordings are handed back
// a few at a time, in the order they were deferred, and copy their bytes from
// the other tier (checked against the SHA-256 journalled at validation).
#include <algorithm>

#include "core/pipeline/pipeline.hpp"

namespace recguard::pipeline {

bool Pipeline::route_put(const RecordingId& id, workflow::PutObject put, Instant now) {
  const Tier t = put.tier;
  TierLane& l = lane(t);
  if (!put.backfill) {
    const bool unhealthy = l.health.condition(now) != tiers::TierCondition::healthy;
    if (unhealthy || budget_blocks(t, now)) {
      ++stats_.store_writes_deferred;
      return false;
    }
  }
  // FIFO: nothing overtakes a write already waiting for this tier.
  if (l.waiting.empty() && admit_put(t, now)) {
    send_put(id, put, now);
  } else {
    l.waiting.emplace_back(id, std::move(put));
  }
  return true;
}

bool Pipeline::admit_put(Tier t, Instant now) {
  // Budget before breaker: allow() may hand out the half-open probe, which
  // must then really be sent.
  if (budget_blocks(t, now)) return false;
  if (!lane(t).health.allow(now)) return false;
  if (t == Tier::primary) primary_budget_.admit(now);
  return true;
}

bool Pipeline::budget_blocks(Tier t, Instant now) const {
  return t == Tier::primary && primary_budget_.next_free(now) > now;
}

void Pipeline::send_put(const RecordingId& id, const workflow::PutObject& put, Instant now) {
  send(id, PendingRequest::Kind::put, put.tier, store_endpoint(put.tier),
       store(put.tier).build_put(put.spec, unix_seconds(now)));
}

void Pipeline::release_store(Instant now) {
  for (Tier t : kTiers) {
    TierLane& l = lane(t);
    while (!l.waiting.empty()) {
      auto& [id, put] = l.waiting.front();
      auto it = workflows_.find(id);
      if (it == workflows_.end()) {
        l.waiting.pop_front();
        continue;
      }
      if (!put.backfill && l.health.condition(now) != tiers::TierCondition::healthy) {
        // The tier fell ill while this write waited: defer it like a new one.
        l.waiting.pop_front();
        ++stats_.store_writes_deferred;
        it->second->handle(workflow::TierDeferred{t}, now);
        pump(*it->second, now);
        continue;
      }
      if (!admit_put(t, now)) break;
      const RecordingId rid = id;
      const workflow::PutObject p = std::move(put);
      l.waiting.pop_front();
      send_put(rid, p, now);
    }
  }
}

void Pipeline::dispatch_backfills(Instant now) {
  for (Tier t : kTiers) {
    TierLane& l = lane(t);
    std::erase_if(l.backfilling, [&](const RecordingId& id) { return !workflows_.count(id); });
    if (l.health.auth_failed()) continue;  // waits for a rotated credential
    const std::size_t limit = backfill_limit(t, now);
    std::set<RecordingId> offered;  // each recording once per pass, whatever it did with the offer
    while (!l.backfill.empty() && l.backfilling.size() < limit) {
      if (offered.count(l.backfill.front())) break;
      const auto ready = l.health.next_allowed(now);
      if (!ready || *ready > now) break;
      if (budget_blocks(t, now)) break;
      const RecordingId id = l.backfill.front();
      l.backfill.pop_front();
      l.queued.erase(id);
      auto it = workflows_.find(id);
      if (it == workflows_.end() || !it->second->waiting_for_tier(t) || claiming_.count(id)) continue;
      ++stats_.backfills_started;
      offered.insert(id);
      l.backfilling.insert(id);
      it->second->handle(workflow::TierAvailable{t}, now);
      pump(*it->second, now);
    }
  }
}

std::size_t Pipeline::backfill_limit(Tier t, Instant now) const {
  // One at a time while the tier recovers: the first success closes the
  // breaker (or clears the degradation) before the rest follow.
  return lane(t).health.condition(now) == tiers::TierCondition::healthy
             ? static_cast<std::size_t>(std::max(1, cfg_.backfill_concurrency))
             : 1;
}

void Pipeline::track_tiers(workflow::RecordingWorkflow& wf) {
  const RecordingId& id = wf.row().id;
  for (Tier t : kTiers) {
    TierLane& l = lane(t);
    if (wf.waiting_for_tier(t)) {
      l.backfilling.erase(id);
      if (l.queued.insert(id).second) l.backfill.push_back(id);
    } else if (wf.row().tier(t).status != TierStatus::pending || wf.state() != RecordingState::writing) {
      l.backfilling.erase(id);
    }
  }
}

void Pipeline::note_write_answer(Tier t, const std::optional<stores::WriteOutcome>& o, Instant now) {
  TierLane& l = lane(t);
  const bool was_open = l.health.breaker().state(now) != tiers::BreakerState::closed;
  if (o) {
    l.health.on_write(now, *o);
  } else {
    l.health.on_transport_error(now);
  }
  if (!was_open && l.health.breaker().state(now) != tiers::BreakerState::closed) ++stats_.breaker_openings;
}

void Pipeline::on_credentials_rotated(const CredentialsRotated& r, Instant now) {
  if (r.client) (r.tier == Tier::primary ? cfg_.primary : cfg_.backup) = r.client;
  lane(r.tier).health.on_credential_rotated(now);
}

}  // namespace recguard::pipeline
