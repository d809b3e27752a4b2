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

namespace {

// What a write is, for its lane. A new recording's PUT or upload begin may
// be deferred (the other tier takes it now, this one later); a backfill's
// never is, it is the tier's probe. A part or a completion belongs to an
// upload already under way: an unhealthy tier drops it (the workflow aborts
// the upload), but a spent budget only delays it, for a moment.
struct WriteTraits {
  Tier tier = Tier::primary;
  bool defer_when_unhealthy = false;
  bool defer_when_over_budget = false;
};

WriteTraits traits_of(const workflow::Command& c) {
  return std::visit(
      [](const auto& w) -> WriteTraits {
        using T = std::decay_t<decltype(w)>;
        if constexpr (std::is_same_v<T, workflow::PutObject> || std::is_same_v<T, workflow::BeginUpload>) {
          return {w.tier, !w.backfill, !w.backfill};
        } else if constexpr (std::is_same_v<T, workflow::UploadPart> ||
                             std::is_same_v<T, workflow::CompleteUpload>) {
          return {w.tier, !w.backfill, false};
        } else {
          return {};  // not a write: never routed here
        }
      },
      c);
}

}  // namespace

bool Pipeline::must_defer(const workflow::Command& write, Instant now) {
  const WriteTraits w = traits_of(write);
  const bool unhealthy = lane(w.tier).health.condition(now) != tiers::TierCondition::healthy;
  if ((w.defer_when_unhealthy && unhealthy) || (w.defer_when_over_budget && budget_blocks(w.tier, now))) {
    ++stats_.store_writes_deferred;
    return true;
  }
  return false;
}

bool Pipeline::route_write(const RecordingId& id, workflow::Command write, Instant now) {
  if (must_defer(write, now)) return false;
  const WriteTraits w = traits_of(write);
  TierLane& l = lane(w.tier);
  // FIFO: nothing overtakes a write already waiting for this tier.
  if (l.waiting.empty() && admit_put(w.tier, now)) {
    send_write(id, write, now);
  } else {
    l.waiting.emplace_back(id, std::move(write));
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

void Pipeline::send_write(const RecordingId& id, const workflow::Command& write, Instant now) {
  const std::int64_t unix_s = unix_seconds(now);
  std::visit(
      [&](const auto& w) {
        using T = std::decay_t<decltype(w)>;
        if constexpr (std::is_same_v<T, workflow::PutObject>) {
          send(id, PendingRequest::Kind::put, w.tier, store_endpoint(w.tier), store(w.tier).build_put(w.spec, unix_s));
        } else if constexpr (std::is_same_v<T, workflow::BeginUpload>) {
          if (auto r = store(w.tier).build_begin_upload(w.spec, unix_s)) {
            send(id, PendingRequest::Kind::upload_begin, w.tier, store_endpoint(w.tier), std::move(*r));
          }
        } else if constexpr (std::is_same_v<T, workflow::UploadPart>) {
          const auto rid = send(id, PendingRequest::Kind::upload_part, w.tier, store_endpoint(w.tier),
                                store(w.tier).build_upload_part(w.spec, unix_s));
          pending_requests_.at(rid).part = w.spec.part_number;
        } else if constexpr (std::is_same_v<T, workflow::CompleteUpload>) {
          send(id, PendingRequest::Kind::upload_complete, w.tier, store_endpoint(w.tier),
               store(w.tier).build_complete_upload(w.spec, unix_s));
        }
      },
      write);
}

void Pipeline::release_store(Instant now) {
  for (Tier t : kTiers) {
    TierLane& l = lane(t);
    while (!l.waiting.empty()) {
      auto& [id, write] = l.waiting.front();
      auto it = workflows_.find(id);
      if (it == workflows_.end()) {
        l.waiting.pop_front();
        continue;
      }
      if (traits_of(write).defer_when_unhealthy && l.health.condition(now) != tiers::TierCondition::healthy) {
        // The tier fell ill while this write waited: defer it like a new one.
        l.waiting.pop_front();
        ++stats_.store_writes_deferred;
        it->second->handle(workflow::TierDeferred{t}, now);
        pump(*it->second, now);
        continue;
      }
      if (!admit_put(t, now)) break;
      const RecordingId rid = id;
      const workflow::Command w = std::move(write);
      l.waiting.pop_front();
      send_write(rid, w, now);
    }
  }
}

void Pipeline::dispatch_backfills(Instant now) {
  for (Tier t : kTiers) {
    TierLane& l = lane(t);
    std::erase_if(l.backfilling, [&](const RecordingId& id) { return !workflows_.count(id); });
    // A refused credential lets one probe through per auth_probe_after (next_allowed says when).
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
