#include "core/pipeline/pipeline.hpp"

#include <algorithm>
#include <cassert>

#include "core/ingress/webhook_signature.hpp"
#include "core/platforms/genesys/call_api.hpp"
#include "core/platforms/genesys/notification_codec.hpp"

namespace recguard::pipeline {

const char* to_string(Endpoint e) {
  switch (e) {
    case Endpoint::genesys_api: return "genesys_api";
    case Endpoint::cxone_api: return "cxone_api";
    case Endpoint::cdn: return "cdn";
    case Endpoint::primary_store: return "primary";
    case Endpoint::backup_store: return "backup";
  }
  return "?";
}

Pipeline::Pipeline(Config cfg, std::vector<RecordingRow> recovered, Instant now)
    : cfg_(std::move(cfg)),
      genesys_bucket_(share_of(cfg_.genesys_api_pace, cfg_.orchestrators)),
      playback_bucket_(share_of(kCxonePlaybackPace, cfg_.orchestrators)),
      primary_lane_(Tier::primary, cfg_.tier_health),
      backup_lane_(Tier::backup, cfg_.tier_health),
      primary_budget_(tiers::shared_policy(cfg_.primary_put_limit_rps, cfg_.orchestrators)) {
  assert(cfg_.primary);
  assert(cfg_.backup);
  for (auto& row : recovered) adopt(std::move(row));
  journal_may_know_more_ = cfg_.lease.has_value();
  if (cfg_.cxone) {
    cxone_poller_.emplace(*cfg_.cxone, cfg_.policy.cxone_poll_interval, cfg_.policy.cxone_status_interval, cfg_.scope);
  }
  // Resume the recovered workflows' first steps in recording-id order.
  now_ = now;
  for (auto& [id, wf] : workflows_) pump(*wf, now);
}

void Pipeline::handle(Event event, Instant now) {
  now_ = now;
  expire(now);
  std::visit(
      [&](auto&& e) {
        using T = std::decay_t<decltype(e)>;
        if constexpr (std::is_same_v<T, WebhookReceived>) on_webhook(std::move(e), now);
        else if constexpr (std::is_same_v<T, HttpCompleted>) on_http(std::move(e), now);
        else if constexpr (std::is_same_v<T, JournalRowLoaded>) on_row_loaded(std::move(e), now);
        else if constexpr (std::is_same_v<T, CredentialsRotated>) on_credentials_rotated(e, now);
        else if constexpr (std::is_same_v<T, PlatformTokenRefreshed>) on_token_refreshed(e);
        else on_committed(e, now);
      },
      std::move(event));
  release_store(now);
  dispatch_backfills(now);
  release_paced(now);
  maybe_commit(now);
}

void Pipeline::handle_timeout(Instant now) {
  now_ = now;
  expire(now);
  poll_cxone(now);
  // Due workflows in recording-id order (the order the trace has always had).
  std::vector<RecordingId> due;
  for (auto it = deadlines_.begin(); it != deadlines_.end() && it->first <= now; ++it) due.push_back(it->second);
  std::sort(due.begin(), due.end());
  for (const auto& id : due) {
    if (claiming_.count(id)) continue;
    auto it = workflows_.find(id);
    if (it == workflows_.end()) continue;
    auto& wf = *it->second;
    if (auto d = wf.next_deadline(); d && *d <= now) {
      wf.handle_timeout(now);
      pump(wf, now);
    }
  }
  release_store(now);
  dispatch_backfills(now);
  release_paced(now);
  maybe_commit(now);
}

std::int64_t Pipeline::held_media_bytes() const {
  std::int64_t n = 0;
  for (const auto& [id, wf] : workflows_) n += wf->held_bytes();
  return n;
}

std::optional<Command> Pipeline::poll_command() {
  if (out_.empty()) return std::nullopt;
  Command c = std::move(out_.front());
  out_.pop_front();
  return c;
}

std::optional<Instant> Pipeline::next_deadline() const {
  std::optional<Instant> d;
  if (!deadlines_.empty()) d = deadlines_.begin()->first;
  const auto earlier = [&](std::optional<Instant> w) {
    if (w && (!d || *w < *d)) d = w;
  };
  if (cxone_poller_) earlier(cxone_poller_->next_deadline());
  if (commit_window_opened_) earlier(*commit_window_opened_ + cfg_.commit_window);
  if (!genesys_waiting_.empty()) earlier(genesys_bucket_.next_token_at(now_));
  if (!playback_waiting_.empty()) earlier(playback_bucket_.next_token_at(now_));
  for (Tier t : kTiers) {
    // A lane needs a timer only for what waiting alone can unblock: the
    // breaker's next probe or the budget's refill. A full backfill slot or an
    // outstanding probe is woken by its answer; a refused credential's next
    // probe is a time like the breaker's.
    const TierLane& l = lane(t);
    const bool backfill_can_start = !l.backfill.empty() && l.backfilling.size() < backfill_limit(t, now_);
    if (l.waiting.empty() && !backfill_can_start) continue;
    const auto allowed = l.health.next_allowed(now_);
    if (!allowed) continue;
    // A write needs the breaker AND the budget: wake when both allow it, the
    // later of the two. The earlier one would wake the pipeline to a budget
    // still spent, at the same instant, forever (a closed breaker with a
    // backfill queue behind an empty budget did exactly that).
    earlier(t == Tier::primary ? std::max(*allowed, primary_budget_.next_free(*allowed)) : *allowed);
  }
  return d;
}

bool Pipeline::idle() const {
  if (!out_.empty() || !pending_requests_.empty() || !dirty_.empty() || !audits_.empty() || commit_in_flight_ ||
      !held_next_commit_.empty() || !genesys_waiting_.empty() || !playback_waiting_.empty() || !lookups_.empty()) {
    return false;
  }
  for (Tier t : kTiers) {
    if (!lane(t).waiting.empty() || !lane(t).backfill.empty() || !lane(t).backfilling.empty()) return false;
  }
  return std::all_of(workflows_.begin(), workflows_.end(), [](const auto& kv) { return kv.second->idle(); });
}

const workflow::RecordingWorkflow* Pipeline::find(const RecordingId& id) const {
  auto it = workflows_.find(id);
  return it == workflows_.end() ? nullptr : it->second.get();
}

workflow::RecordingWorkflow& Pipeline::workflow_for(const RecordingId& id, Platform p, const CallId& call,
                                                    Instant now) {
  auto it = workflows_.find(id);
  if (it != workflows_.end()) return *it->second;
  RecordingRow row;
  // A new recording on a call whose earlier recording asked for a re-record
  // is that re-record's capture: link it, for the audit trail and the oracle.
  auto& siblings = recordings_by_call_[call];
  for (const auto& sid : siblings) {
    const auto& srow = workflows_.at(sid)->row();
    if (srow.rerecord.status == RerecordStatus::none || srow.rerecord.status == RerecordStatus::refused) continue;
    const bool taken = std::any_of(siblings.begin(), siblings.end(), [&](const RecordingId& o) {
      return workflows_.at(o)->row().secondary_of == sid.str();
    });
    if (!taken) {
      row.secondary_of = sid.str();
      break;
    }
  }
  siblings.push_back(id);
  row.id = id;
  row.platform = p;
  row.call = call;
  row.created_at = now;
  row.updated_at = now;
  // Each tier's bucket or container goes in the row from the start, so the
  // audit record names where the bytes were written.
  for (Tier t : kTiers) row.tier(t).location = store(t).location();
  auto wf = std::make_unique<workflow::RecordingWorkflow>(std::move(row), cfg_.policy, cfg_.jitter_seed);
  if (ended_calls_.count(call)) wf->handle(workflow::CallEndedSeen{}, now);
  auto& placed = *workflows_.emplace(id, std::move(wf)).first->second;
  index_deadline(placed);
  return placed;
}

void Pipeline::on_token_refreshed(const PlatformTokenRefreshed& t) {
  if (t.platform == Platform::genesys) {
    cfg_.genesys.bearer_token = t.bearer_token;
  } else if (cfg_.cxone) {
    cfg_.cxone->bearer_token = t.bearer_token;
    if (cxone_poller_) cxone_poller_->set_bearer_token(t.bearer_token);
  }
}

void Pipeline::on_webhook(WebhookReceived w, Instant now) {
  const auto body = w.request.body_view();
  // Verify before parsing: an unsigned body is never even looked at, so a
  // spoofed event can change nothing.
  const auto check = ingress::verify_webhook_signature(w.request.headers, body, cfg_.webhook_secret);
  if (check != ingress::SignatureCheck::ok) {
    ++stats_.webhooks_rejected_signature;
    out_.push_back(AckWebhook{w.delivery, 401, std::string("signature ") + std::string(ingress::to_string(check))});
    return;
  }
  auto parsed = genesys::parse_notification(body);
  if (!parsed) {
    ++stats_.webhooks_rejected_payload;
    out_.push_back(AckWebhook{w.delivery, 400, parsed.error().message});
    return;
  }
  if (const auto* u = std::get_if<ingress::RecordingUpdate>(&*parsed); u && !cfg_.scope.admits(*u)) {
    // Not a recording this deployment must keep (a chat transcript, a
    // screen recording): acknowledged so the relay stops, and nothing else.
    ++stats_.out_of_scope;
    out_.push_back(AckWebhook{w.delivery, 200, "out of scope"});
    return;
  }
  if (const auto* u = std::get_if<ingress::RecordingUpdate>(&*parsed);
      u && journal_may_know_more_ && !workflows_.count(u->recording)) {
    // Unknown here, but it may be a recording whose state expired: the
    // journal decides, and the acknowledgement waits for its answer.
    const std::uint64_t lid = next_lookup_id_++;
    lookups_.emplace(lid, WaitingLookup{w.delivery, *u});
    ++stats_.journal_lookups;
    out_.push_back(LoadJournalRow{lid, u->recording});
    return;
  }
  const auto touched = apply(*parsed, now);
  if (!touched) {
    // The customer left. Nothing to journal: after a restart the decision
    // asks the platform again rather than trusting a remembered event.
    out_.push_back(AckWebhook{w.delivery, 200, "ok"});
    return;
  }
  ack_when_durable(w.delivery, *touched);
}

void Pipeline::ack_when_durable(const DeliveryId& delivery, const RecordingId& touched) {
  // Commit before ack: the acknowledgement waits for whichever commit makes
  // this recording's current row durable.
  const auto contains = [&](const std::vector<RecordingId>& v) {
    return std::find(v.begin(), v.end(), touched) != v.end();
  };
  if (contains(dirty_)) {
    ++stats_.webhooks_accepted;
    acks_waiting_next_commit_.push_back(WaitingAck{AckWebhook{delivery, 200, "ok"}, touched});
  } else if (commit_in_flight_ && contains(rows_in_flight_)) {
    ++stats_.webhooks_accepted;
    acks_waiting_in_flight_commit_.push_back(WaitingAck{AckWebhook{delivery, 200, "ok"}, touched});
  } else {
    // Nothing new and everything about this recording is already durable: a
    // duplicate delivery is acknowledged and changes nothing.
    ++stats_.webhooks_duplicate;
    out_.push_back(AckWebhook{delivery, 200, "duplicate"});
  }
}

workflow::RecordingWorkflow& Pipeline::adopt(RecordingRow row) {
  const RecordingId id = row.id;
  recordings_by_call_[row.call].push_back(id);
  auto wf = std::make_unique<workflow::RecordingWorkflow>(std::move(row), cfg_.policy, cfg_.jitter_seed);
  wf->take_dirty();  // the row came from the journal: nothing new to write
  wf->take_finished();
  // Journalled before its queue was known (the check's answer was lost to a
  // restart): ask again; its last platform state waits in the row.
  if (wf->state() == RecordingState::received && !cfg_.scope.queues.empty() && wf->row().platform == Platform::genesys) {
    wf->check_queue_first();
  }
  auto& placed = *workflows_.emplace(id, std::move(wf)).first->second;
  revisions_[id] = placed.row().revision;
  index_deadline(placed);
  return placed;
}

std::optional<RecordingId> Pipeline::apply(const ingress::PlatformEvent& ev, Instant now) {
  if (const auto* ended = std::get_if<ingress::CallEnded>(&ev)) {
    // The customer left: no recording of this call may be re-recorded from now on.
    on_call_ended(ended->call, now);
    return std::nullopt;
  }
  const auto& update = std::get<ingress::RecordingUpdate>(ev);
  const bool fresh = !workflows_.count(update.recording);
  auto& wf = workflow_for(update.recording, update.platform, update.call, now);
  // Genesys notifications never name the queue: a new recording's call is
  // asked first, so nothing outside the scope is fetched or stored.
  if (fresh && cfg_.scope.needs_queue(update)) wf.check_queue_first();
  wf.handle(workflow::PlatformUpdate{update.file_state, update.media_uris}, now);
  pump(wf, now);
  return update.recording;
}

void Pipeline::expire(Instant now) {
  while (!expiries_.empty() && expiries_.begin()->first <= now) {
    const RecordingId id = expiries_.begin()->second;
    expiries_.erase(expiries_.begin());
    auto it = workflows_.find(id);
    if (it == workflows_.end() || !it->second->idle() || !is_terminal(it->second->state())) continue;
    if (std::find(dirty_.begin(), dirty_.end(), id) != dirty_.end()) continue;
    forget(id);
    ++stats_.dedup_evictions;
  }
  // CXone contacts: the same horizon as a finished recording's state.
  if (cxone_poller_ && now.us > (cfg_.policy.max_call_length + cfg_.policy.dedup_grace).us) {
    stats_.cxone_contacts_forgotten +=
        cxone_poller_->forget_ended(now - (cfg_.policy.max_call_length + cfg_.policy.dedup_grace));
  }
  // Ended calls: remembered as long as any recording of theirs could still arrive.
  std::erase_if(ended_calls_, [&](const auto& kv) {
    return kv.second + cfg_.policy.max_call_length + cfg_.policy.dedup_grace <= now &&
           !recordings_by_call_.count(kv.first);
  });
}

void Pipeline::forget(const RecordingId& id) {
  auto it = workflows_.find(id);
  if (it == workflows_.end()) return;
  const CallId call = it->second->row().call;
  auto& siblings = recordings_by_call_[call];
  std::erase(siblings, id);
  if (siblings.empty()) recordings_by_call_.erase(call);
  workflows_.erase(it);
  revisions_.erase(id);
  if (auto d = deadline_of_.find(id); d != deadline_of_.end()) {
    deadlines_.erase({d->second, id});
    deadline_of_.erase(d);
  }
  std::erase(dirty_, id);
  claiming_.erase(id);
  journal_may_know_more_ = true;
}

void Pipeline::let_go(const std::vector<LeaseRefusal>& refused) {
  for (const auto& r : refused) {
    ++stats_.lease_refusals;
    // Not durable here, and not ours to make durable: the relay re-delivers,
    // to the owner or to us once its lease has lapsed.
    const auto about = [&](const WaitingAck& w) { return w.recording == r.recording; };
    for (auto* waiting : {&acks_waiting_in_flight_commit_, &acks_waiting_next_commit_}) {
      for (auto& w : *waiting) {
        if (about(w)) {
          out_.push_back(AckWebhook{w.ack.delivery, 503,
                                    "lease: " + r.interaction.str() + " is held by " + r.holder});
        }
      }
      std::erase_if(*waiting, about);
    }
    // Above all a start-recording: the owner decides about this call.
    const auto held_for_it = [&](const SendHttp& h) { return h.about == r.recording; };
    std::erase_if(held_in_flight_commit_, held_for_it);
    std::erase_if(held_next_commit_, held_for_it);
    std::erase_if(audits_, [&](const AuditRecord& a) { return a.recording_id == r.recording; });
    forget(r.recording);
  }
}

void Pipeline::on_row_loaded(JournalRowLoaded l, Instant now) {
  auto it = lookups_.find(l.lookup_id);
  if (it == lookups_.end()) return;
  WaitingLookup waiting = std::move(it->second);
  lookups_.erase(it);
  if (l.row && is_terminal(l.row->state)) {
    // Finished long ago: a late duplicate, acknowledged and changing nothing.
    ++stats_.webhooks_duplicate;
    if (waiting.delivery) out_.push_back(AckWebhook{*waiting.delivery, 200, "duplicate"});
    return;
  }
  if (l.row && !workflows_.count(l.row->id)) {
    // Journalled but not finished (another orchestrator's, or a restart's): resume it.
    const RecordingId id = l.row->id;
    auto& wf = adopt(std::move(*l.row));
    if (cfg_.lease) {
      // Possibly another orchestrator's work in progress: claim the call
      // (an unchanged row, written with the lease) before acting on it.
      claiming_.insert(id);
      if (std::find(dirty_.begin(), dirty_.end(), id) == dirty_.end()) dirty_.push_back(id);
    } else {
      pump(wf, now);
    }
  }
  const auto touched = apply(waiting.update, now);
  if (waiting.delivery && touched) ack_when_durable(*waiting.delivery, *touched);
}

void Pipeline::poll_cxone(Instant now) {
  if (!cxone_poller_) return;
  for (auto& r : cxone_poller_->due(now)) {
    const bool states = r.kind == ingress::CxonePollRequest::Kind::contact_states;
    ++stats_.cxone_polls;
    const std::uint64_t rid = next_request_id_++;
    PendingRequest pr{RecordingId{}, states ? PendingRequest::Kind::cxone_states : PendingRequest::Kind::cxone_status,
                      Tier::primary, r.contact, now};
    pending_requests_.emplace(rid, std::move(pr));
    ++stats_.requests_sent;
    emit(SendHttp{rid, Endpoint::cxone_api, std::move(r.request), RecordingId{r.contact.str()}});
  }
}

void Pipeline::on_cxone_answer(const PendingRequest& pr, const HttpCompleted& c, Instant now) {
  const int status = c.response ? c.response->status : 0;
  const std::string_view body = c.response ? c.response->body_view() : std::string_view{};
  std::vector<ingress::PlatformEvent> events;
  if (pr.kind == PendingRequest::Kind::cxone_states) {
    events = cxone_poller_->on_contact_states(status, body, now);
    if (status == 200 || status == 204) cxone_caught_up_to_ = pr.sent_at;
  } else {
    events = cxone_poller_->on_recording_status(pr.contact, status, body, now);
  }
  // The poller's events are durable before the next poll asks past them; a
  // restart re-polls from the start, so nothing is acknowledged to anyone.
  for (const auto& ev : events) {
    // CXone contacts name their skill; one that names none came through no
    // queue, so a scope that lists queues leaves it out.
    const auto* u = std::get_if<ingress::RecordingUpdate>(&ev);
    if (u && (!cfg_.scope.admits(*u) || cfg_.scope.needs_queue(*u))) {
      ++stats_.out_of_scope;
      continue;
    }
    if (u && journal_may_know_more_ && !workflows_.count(u->recording)) {
      // As for a webhook: a contact the poller tracks again after forgetting
      // it (updatedSince is inclusive, so a quiet tenant's last contact comes
      // back on every poll) may be one whose recording finished long ago.
      const std::uint64_t lid = next_lookup_id_++;
      lookups_.emplace(lid, WaitingLookup{std::nullopt, *u});
      ++stats_.journal_lookups;
      out_.push_back(LoadJournalRow{lid, u->recording});
      continue;
    }
    apply(ev, now);
  }
}

void Pipeline::on_call_ended(const CallId& call, Instant now) {
  ended_calls_.emplace(call, now);
  if (auto it = recordings_by_call_.find(call); it != recordings_by_call_.end()) {
    for (const auto& id : it->second) {
      auto& wf = *workflows_.at(id);
      wf.handle(workflow::CallEndedSeen{}, now);
      pump(wf, now);
    }
  }
}

void Pipeline::annotate(const workflow::RecordingWorkflow& wf) {
  const RecordingRow& row = wf.row();
  // Out of scope is not a verdict on the recording: nothing to tell supervisors.
  if (row.platform != Platform::genesys || row.state == RecordingState::out_of_scope) return;
  // The interaction carries the verdict where supervisors look: the state,
  // and for a manual review the reason and the failure log.
  std::string text = std::string(to_string(row.state));
  if (!row.reason.empty()) text += ": " + row.reason;
  for (const auto& f : row.failure_log) text += "\n" + f;
  ++stats_.annotations;
  send(row.id, PendingRequest::Kind::annotation, Tier::primary, Endpoint::genesys_api,
       genesys::build_annotation(cfg_.genesys, row.call, row.id, "recguard", text));
}

void Pipeline::index_deadline(const workflow::RecordingWorkflow& wf) {
  const RecordingId& id = wf.row().id;
  const auto d = wf.next_deadline();
  auto old = deadline_of_.find(id);
  if (old != deadline_of_.end()) {
    if (d && *d == old->second) return;
    deadlines_.erase({old->second, id});
    deadline_of_.erase(old);
  }
  if (!d) return;
  deadlines_.emplace(*d, id);
  deadline_of_.emplace(id, *d);
}

void Pipeline::pump(workflow::RecordingWorkflow& wf, Instant now) {
  drain(wf, now);
  index_deadline(wf);
}

void Pipeline::drain(workflow::RecordingWorkflow& wf, Instant now) {
  const RecordingId id = wf.row().id;
  if (claiming_.count(id)) return;  // its commands wait until the call's lease is ours
  // Answers the pipeline gives itself (a deferral, an Azure upload's begin)
  // are told after the commands are drained; what the workflow does about
  // them is drained in the next round.
  std::vector<workflow::Event> answers;
  do {
    for (auto& a : answers) wf.handle(a, now);
    answers.clear();
    std::vector<Tier> deferred;
    while (auto cmd = wf.poll_command()) {
      std::visit(
          [&](auto&& c) {
            using T = std::decay_t<decltype(c)>;
            if constexpr (std::is_same_v<T, workflow::FetchMetadata> ||
                          std::is_same_v<T, workflow::FetchCallState> ||
                          std::is_same_v<T, workflow::ListCallRecordings> ||
                          std::is_same_v<T, workflow::StartRerecord> ||
                          std::is_same_v<T, workflow::FetchCallQueue>) {
              send_platform(wf, c);
            } else if constexpr (std::is_same_v<T, workflow::FetchMedia>) {
              http::Request r;
              r.method = "GET";
              if (auto url = http::parse_url(c.uri)) {
                r.target = url->target;
                r.headers.set("Host", url->host);
              } else {
                r.target = c.uri;
              }
              if (c.last >= 0) r.headers.set("Range", "bytes=" + std::to_string(c.first) + "-" + std::to_string(c.last));
              send(id, PendingRequest::Kind::media, Tier::primary, Endpoint::cdn, std::move(r));
            } else {
              if (auto a = send_store_command(wf, std::move(c), deferred, now)) answers.push_back(std::move(*a));
            }
          },
          std::move(*cmd));
    }
    for (Tier t : deferred) answers.insert(answers.begin(), workflow::TierDeferred{t});
  } while (!answers.empty());
  track_tiers(wf);
  if (wf.take_dirty() && std::find(dirty_.begin(), dirty_.end(), id) == dirty_.end()) dirty_.push_back(id);
  if (wf.take_finished()) {
    Instant until = wf.row().updated_at + cfg_.policy.max_call_length + cfg_.policy.dedup_grace;
    if (!wf.row().rerecord.idempotency_key.empty()) {
      until = std::max(until, wf.row().rerecord.failure_at + cfg_.policy.max_call_length +
                                  cfg_.policy.rerecord_key_grace);
    }
    expiries_.emplace(until, id);
    audits_.push_back(make_audit_record(wf.row(), now));
    annotate(wf);
  }
}

std::uint64_t Pipeline::send(const RecordingId& id, PendingRequest::Kind kind, Tier tier, Endpoint ep,
                             http::Request req, bool after_commit) {
  const std::uint64_t rid = next_request_id_++;
  auto& pending = pending_requests_.emplace(rid, PendingRequest{id, kind, tier, CallId{}, now_}).first->second;
  pending.pace = bucket_for(ep, req.path());
  SendHttp cmd{rid, ep, std::move(req), id};
  if (after_commit) {
    held_next_commit_.push_back(std::move(cmd));  // counted as sent when released
    return rid;
  }
  ++stats_.requests_sent;
  emit(std::move(cmd));
  return rid;
}

TokenBucket* Pipeline::bucket_for(Endpoint ep, std::string_view path) {
  if (ep == Endpoint::genesys_api) return &genesys_bucket_;
  if (ep == Endpoint::cxone_api && path == cxone::kMediaPlaybackPath) return &playback_bucket_;
  return nullptr;
}

void Pipeline::emit(SendHttp cmd) {
  std::deque<SendHttp>* queue = nullptr;
  TokenBucket* bucket = nullptr;
  if (cmd.endpoint == Endpoint::genesys_api) {
    queue = &genesys_waiting_;
    bucket = &genesys_bucket_;
  } else if (cmd.endpoint == Endpoint::cxone_api && cmd.request.path() == cxone::kMediaPlaybackPath) {
    queue = &playback_waiting_;
    bucket = &playback_bucket_;
  }
  if (queue == nullptr) {
    out_.push_back(std::move(cmd));
    return;
  }
  // FIFO: nothing overtakes a request already waiting for a token.
  if (queue->empty() && bucket->try_take(now_)) {
    out_.push_back(std::move(cmd));
    return;
  }
  ++stats_.requests_paced;
  queue->push_back(std::move(cmd));
}

void Pipeline::release_paced(Instant now) {
  for (auto [queue, bucket] : {std::pair{&genesys_waiting_, &genesys_bucket_},
                               std::pair{&playback_waiting_, &playback_bucket_}}) {
    while (!queue->empty() && bucket->try_take(now)) {
      out_.push_back(std::move(queue->front()));
      queue->pop_front();
    }
  }
}

void Pipeline::on_http(HttpCompleted c, Instant now) {
  auto it = pending_requests_.find(c.request_id);
  if (it == pending_requests_.end()) return;  // answer to a request from before a restart
  const PendingRequest pr = it->second;
  pending_requests_.erase(it);
  if (pr.pace && c.response && c.response->status == 429) {
    // Genesys says when to come back (Retry-After: N); nothing more goes to
    // that API before then, not only this recording's retry.
    if (const std::int64_t s = stores::retry_after_seconds(*c.response); s > 0) {
      pr.pace->hold_until(now + Duration::seconds(s));
    }
  }
  if (pr.kind == PendingRequest::Kind::cxone_states || pr.kind == PendingRequest::Kind::cxone_status) {
    on_cxone_answer(pr, c, now);
    return;
  }
  auto wit = workflows_.find(pr.recording);
  if (wit == workflows_.end()) return;  // its state expired (a late annotation answer)
  auto& wf = *wit->second;
  const int status = c.response ? c.response->status : 0;

  switch (pr.kind) {
    case PendingRequest::Kind::metadata:
    case PendingRequest::Kind::call_state:
    case PendingRequest::Kind::rerecord:
    case PendingRequest::Kind::list_recordings:
    case PendingRequest::Kind::call_queue:
      read_platform_answer(wf, pr.kind, c, now);
      break;
    case PendingRequest::Kind::cxone_states:
    case PendingRequest::Kind::cxone_status:
      break;  // answered above
    case PendingRequest::Kind::media:
      wf.handle(workflow::MediaFetched{status, c.response ? c.response->body : nullptr,
                                       c.response ? http::content_range_total(*c.response) : -1},
                now);
      break;
    case PendingRequest::Kind::annotation:
      break;  // best effort: the journal and audit log are the record, not the annotation
    case PendingRequest::Kind::put:
    case PendingRequest::Kind::stored_get:
    case PendingRequest::Kind::head:
    case PendingRequest::Kind::upload_begin:
    case PendingRequest::Kind::upload_part:
    case PendingRequest::Kind::upload_complete:
    case PendingRequest::Kind::upload_abort:
      read_store_answer(wf, pr, c, now);
      break;
  }
  pump(wf, now);
}

void Pipeline::maybe_commit(Instant now) {
  // One commit in flight at a time; everything dirtied meanwhile rides the
  // next one. That is group commit: many events per fsync under load.
  if (dirty_.empty() && audits_.empty()) {
    commit_window_opened_.reset();  // rows let go of (a lease refused) leave no window open
    return;
  }
  if (commit_in_flight_) return;
  if (cfg_.commit_window.us > 0) {
    // The window opens once no commit is in flight, even for rows that
    // waited for that one: the clients it just answered send their next
    // events within the window and ride the same commit, rather than two
    // halves of the load alternating, each waiting for the other's fsync.
    // It closes early once as many rows are dirty as the last commit carried
    // plus those that waited for it: under steady load everyone is back, and
    // waiting out the rest of the window would only add latency.
    if (!commit_window_opened_) commit_window_opened_ = now;
    if (now < *commit_window_opened_ + cfg_.commit_window && dirty_.size() < commit_target_rows_) return;
    commit_window_opened_.reset();
  }
  CommitJournal c;
  c.batch_id = next_batch_id_++;
  if (cfg_.lease) c.batch.lease = LeaseTerms{cfg_.lease->owner, now, cfg_.lease->hold};
  for (const auto& id : dirty_) {
    c.batch.rows.push_back(workflows_.at(id)->row());
    c.batch.rows.back().revision = ++revisions_[id];
  }
  c.batch.audits = audits_;
  audits_in_flight_ = std::move(audits_);
  audits_.clear();
  rows_in_flight_ = std::move(dirty_);
  dirty_.clear();
  commit_in_flight_ = c.batch_id;
  acks_waiting_in_flight_commit_ = std::move(acks_waiting_next_commit_);
  acks_waiting_next_commit_.clear();
  held_in_flight_commit_ = std::move(held_next_commit_);
  held_next_commit_.clear();
  ++stats_.journal_commits;
  out_.push_back(std::move(c));
}

void Pipeline::on_committed(const JournalCommitted& c, Instant now) {
  if (!commit_in_flight_ || *commit_in_flight_ != c.batch_id) return;
  commit_in_flight_.reset();
  // The clients this commit answers come back within the window; the next
  // commit need not wait longer than it takes them (see maybe_commit).
  commit_target_rows_ = rows_in_flight_.size() + dirty_.size();
  if (c.ok) {
    let_go(c.refused);
    // Claims that came through: those recordings are ours to work on now.
    for (const auto& id : rows_in_flight_) {
      if (claiming_.erase(id)) pump(*workflows_.at(id), now);  // forget() keeps claiming_ within workflows_
    }
    for (auto& w : acks_waiting_in_flight_commit_) out_.push_back(std::move(w.ack));
    for (auto& h : held_in_flight_commit_) {
      ++stats_.requests_sent;
      emit(std::move(h));
    }
    held_in_flight_commit_.clear();
  } else {
    // The key is not durable yet: the command waits for the next commit.
    held_next_commit_.insert(held_next_commit_.begin(), std::make_move_iterator(held_in_flight_commit_.begin()),
                             std::make_move_iterator(held_in_flight_commit_.end()));
    held_in_flight_commit_.clear();
    // Not durable: refuse the deliveries so the relay retries them, and keep
    // the rows dirty by marking every workflow for the next batch.
    for (auto& w : acks_waiting_in_flight_commit_) {
      out_.push_back(AckWebhook{w.ack.delivery, 503, "journal: " + c.error});
    }
    for (auto& id : rows_in_flight_) {
      // Nothing was written: the next write of this row takes the same number.
      if (auto r = revisions_.find(id); r != revisions_.end() && r->second > 0) --r->second;
      if (std::find(dirty_.begin(), dirty_.end(), id) == dirty_.end()) dirty_.push_back(id);
    }
    audits_.insert(audits_.begin(), audits_in_flight_.begin(), audits_in_flight_.end());
  }
  acks_waiting_in_flight_commit_.clear();
  rows_in_flight_.clear();
  audits_in_flight_.clear();
}

}  // namespace recguard::pipeline
