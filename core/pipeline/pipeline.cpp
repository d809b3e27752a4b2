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

Pipeline::Pipeline(Config cfg, std::vector<RecordingRow> recovered) : cfg_(std::move(cfg)) {
  assert(cfg_.primary);
  assert(cfg_.backup);
  for (auto& row : recovered) {
    const RecordingId id = row.id;
    recordings_by_call_[row.call].push_back(id);
    auto wf = std::make_unique<workflow::RecordingWorkflow>(std::move(row), cfg_.policy, cfg_.jitter_seed);
    wf->take_dirty();  // the row came from the journal: nothing new to write
    wf->take_finished();
    workflows_.emplace(id, std::move(wf));
  }
  // Resume the recovered workflows' first steps in recording-id order.
  for (auto& [id, wf] : workflows_) pump(*wf, Instant{});
}

void Pipeline::handle(Event event, Instant now) {
  std::visit(
      [&](auto&& e) {
        using T = std::decay_t<decltype(e)>;
        if constexpr (std::is_same_v<T, WebhookReceived>) on_webhook(std::move(e), now);
        else if constexpr (std::is_same_v<T, HttpCompleted>) on_http(std::move(e), now);
        else on_committed(e, now);
      },
      std::move(event));
  maybe_commit(now);
}

void Pipeline::handle_timeout(Instant now) {
  for (auto& [id, wf] : workflows_) {
    if (auto d = wf->next_deadline(); d && *d <= now) {
      wf->handle_timeout(now);
      pump(*wf, now);
    }
  }
  maybe_commit(now);
}

std::optional<Command> Pipeline::poll_command() {
  if (out_.empty()) return std::nullopt;
  Command c = std::move(out_.front());
  out_.pop_front();
  return c;
}

std::optional<Instant> Pipeline::next_deadline() const {
  std::optional<Instant> d;
  for (const auto& [id, wf] : workflows_) {
    if (auto w = wf->next_deadline(); w && (!d || *w < *d)) d = w;
  }
  return d;
}

bool Pipeline::idle() const {
  if (!out_.empty() || !pending_requests_.empty() || !dirty_.empty() || !audits_.empty() || commit_in_flight_ ||
      !held_next_commit_.empty()) {
    return false;
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
  return *workflows_.emplace(id, std::move(wf)).first->second;
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
  const auto* update = std::get_if<ingress::RecordingUpdate>(&*parsed);
  if (update == nullptr) {
    // The customer left: no recording of this call may be re-recorded from
    // now on. Nothing to journal: after a restart the decision asks the
    // platform again rather than trusting a remembered event.
    on_call_ended(std::get<ingress::CallEnded>(*parsed).call, now);
    out_.push_back(AckWebhook{w.delivery, 200, "ok"});
    return;
  }
  auto& wf = workflow_for(update->recording, update->platform, update->call, now);
  wf.handle(workflow::PlatformUpdate{update->file_state, update->media_uris}, now);
  pump(wf, now);
  // Commit before ack: the acknowledgement waits for whichever commit makes
  // this recording's current row durable.
  const auto contains = [&](const std::vector<RecordingId>& v) {
    return std::find(v.begin(), v.end(), update->recording) != v.end();
  };
  if (contains(dirty_)) {
    ++stats_.webhooks_accepted;
    acks_waiting_next_commit_.push_back(AckWebhook{w.delivery, 200, "ok"});
  } else if (commit_in_flight_ && contains(rows_in_flight_)) {
    ++stats_.webhooks_accepted;
    acks_waiting_in_flight_commit_.push_back(AckWebhook{w.delivery, 200, "ok"});
  } else {
    // Nothing new and everything about this recording is already durable: a
    // duplicate delivery is acknowledged and changes nothing.
    ++stats_.webhooks_duplicate;
    out_.push_back(AckWebhook{w.delivery, 200, "duplicate"});
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
  if (row.platform != Platform::genesys) return;
  // The interaction carries the verdict where supervisors look: the state,
  // and for a manual review the reason and the failure log.
  std::string text = std::string(to_string(row.state));
  if (!row.reason.empty()) text += ": " + row.reason;
  for (const auto& f : row.failure_log) text += "\n" + f;
  ++stats_.annotations;
  send(row.id, PendingRequest::Kind::annotation, Tier::primary, Endpoint::genesys_api,
       genesys::build_annotation(cfg_.genesys, row.call, row.id, "recguard", text));
}

void Pipeline::pump(workflow::RecordingWorkflow& wf, Instant now) {
  const RecordingId id = wf.row().id;
  while (auto cmd = wf.poll_command()) {
    std::visit(
        [&](auto&& c) {
          using T = std::decay_t<decltype(c)>;
          if constexpr (std::is_same_v<T, workflow::FetchMetadata>) {
            send(id, PendingRequest::Kind::metadata, Tier::primary, Endpoint::genesys_api,
                 genesys::build_get_recording(cfg_.genesys, wf.row().call, id));
          } else if constexpr (std::is_same_v<T, workflow::FetchMedia>) {
            http::Request r;
            r.method = "GET";
            if (auto url = http::parse_url(c.uri)) {
              r.target = url->target;
              r.headers.set("Host", url->host);
            } else {
              r.target = c.uri;
            }
            send(id, PendingRequest::Kind::media, Tier::primary, Endpoint::cdn, std::move(r));
          } else if constexpr (std::is_same_v<T, workflow::PutObject>) {
            send(id, PendingRequest::Kind::put, c.tier,
                 c.tier == Tier::primary ? Endpoint::primary_store : Endpoint::backup_store,
                 store(c.tier).build_put(c.spec, unix_seconds(now)));
          } else if constexpr (std::is_same_v<T, workflow::FetchCallState>) {
            send(id, PendingRequest::Kind::call_state, Tier::primary, Endpoint::genesys_api,
                 genesys::build_get_call(cfg_.genesys, wf.row().call));
          } else if constexpr (std::is_same_v<T, workflow::ListCallRecordings>) {
            send(id, PendingRequest::Kind::list_recordings, Tier::primary, Endpoint::genesys_api,
                 genesys::build_list_recordings(cfg_.genesys, wf.row().call));
          } else if constexpr (std::is_same_v<T, workflow::StartRerecord>) {
            ++stats_.rerecord_commands;
            send(id, PendingRequest::Kind::rerecord, Tier::primary, Endpoint::genesys_api,
                 genesys::build_start_recording(cfg_.genesys, wf.row().call, c.idempotency_key),
                 /*after_commit=*/true);
          } else if constexpr (std::is_same_v<T, workflow::HeadObject>) {
            send(id, PendingRequest::Kind::head, c.tier,
                 c.tier == Tier::primary ? Endpoint::primary_store : Endpoint::backup_store,
                 store(c.tier).build_head(c.key, unix_seconds(now)));
          }
        },
        std::move(*cmd));
  }
  if (wf.take_dirty() && std::find(dirty_.begin(), dirty_.end(), id) == dirty_.end()) dirty_.push_back(id);
  if (wf.take_finished()) {
    audits_.push_back(make_audit_record(wf.row(), now));
    annotate(wf);
  }
}

void Pipeline::send(const RecordingId& id, PendingRequest::Kind kind, Tier tier, Endpoint ep, http::Request req,
                    bool after_commit) {
  const std::uint64_t rid = next_request_id_++;
  pending_requests_.emplace(rid, PendingRequest{id, kind, tier});
  SendHttp cmd{rid, ep, std::move(req), id};
  if (after_commit) {
    held_next_commit_.push_back(std::move(cmd));  // counted as sent when released
    return;
  }
  ++stats_.requests_sent;
  out_.push_back(std::move(cmd));
}

void Pipeline::on_http(HttpCompleted c, Instant now) {
  auto it = pending_requests_.find(c.request_id);
  if (it == pending_requests_.end()) return;  // answer to a request from before a restart
  const PendingRequest pr = it->second;
  pending_requests_.erase(it);
  auto wit = workflows_.find(pr.recording);
  assert(wit != workflows_.end());
  auto& wf = *wit->second;
  const int status = c.response ? c.response->status : 0;

  switch (pr.kind) {
    case PendingRequest::Kind::metadata: {
      workflow::MetadataFetched m{status, std::nullopt};
      if (status == 200) {
        if (auto md = genesys::parse_recording(c.response->body_view())) m.metadata = *md;
      }
      wf.handle(m, now);
      break;
    }
    case PendingRequest::Kind::media:
      wf.handle(workflow::MediaFetched{status, c.response ? c.response->body : nullptr}, now);
      break;
    case PendingRequest::Kind::put: {
      stores::WriteOutcome o;
      if (c.response) {
        o = store(pr.tier).parse_put(*c.response);
      } else {
        // A dropped connection after sending a PUT is as ambiguous as a 500.
        o.kind = stores::WriteOutcomeKind::server_error;
        o.status = 0;
        o.error_code = c.transport_error;
      }
      wf.handle(workflow::TierPutDone{pr.tier, o}, now);
      break;
    }
    case PendingRequest::Kind::call_state: {
      workflow::CallStateFetched cs{status, std::nullopt};
      if (status == 200) {
        if (auto call = genesys::parse_call(c.response->body_view())) cs.live = genesys::is_live(*call);
      }
      if (cs.live && !*cs.live) on_call_ended(wf.row().call, now);
      wf.handle(cs, now);
      break;
    }
    case PendingRequest::Kind::rerecord:
      wf.handle(workflow::RerecordAnswered{status}, now);
      break;
    case PendingRequest::Kind::list_recordings: {
      workflow::CallRecordingsListed l{status, false};
      if (status == 200) {
        if (auto list = genesys::parse_recording_list(c.response->body_view())) {
          for (const auto& md : *list) {
            // Another recording of the call that started after this one.
            if (md.id != wf.row().id && md.start_time > wf.row().platform_start_time) l.newer_capture = true;
          }
        }
      }
      wf.handle(l, now);
      break;
    }
    case PendingRequest::Kind::annotation:
      break;  // best effort: the journal and audit log are the record, not the annotation
    case PendingRequest::Kind::head: {
      workflow::TierHeadDone h{pr.tier, status, std::nullopt};
      if (c.response) {
        if (auto info = store(pr.tier).parse_head(*c.response)) h.info = *info;
      }
      wf.handle(h, now);
      break;
    }
  }
  pump(wf, now);
}

void Pipeline::maybe_commit(Instant now) {
  (void)now;
  // One commit in flight at a time; everything dirtied meanwhile rides the
  // next one. That is group commit: many events per fsync under load.
  if (commit_in_flight_ || (dirty_.empty() && audits_.empty())) return;
  CommitJournal c;
  c.batch_id = next_batch_id_++;
  for (const auto& id : dirty_) c.batch.rows.push_back(workflows_.at(id)->row());
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
  (void)now;
  if (!commit_in_flight_ || *commit_in_flight_ != c.batch_id) return;
  commit_in_flight_.reset();
  if (c.ok) {
    for (auto& a : acks_waiting_in_flight_commit_) out_.push_back(std::move(a));
    for (auto& h : held_in_flight_commit_) {
      ++stats_.requests_sent;
      out_.push_back(std::move(h));
    }
    held_in_flight_commit_.clear();
  } else {
    // The key is not durable yet: the command waits for the next commit.
    held_next_commit_.insert(held_next_commit_.begin(), std::make_move_iterator(held_in_flight_commit_.begin()),
                             std::make_move_iterator(held_in_flight_commit_.end()));
    held_in_flight_commit_.clear();
    // Not durable: refuse the deliveries so the relay retries them, and keep
    // the rows dirty by marking every workflow for the next batch.
    for (auto& a : acks_waiting_in_flight_commit_) out_.push_back(AckWebhook{a.delivery, 503, "journal: " + c.error});
    for (auto& id : rows_in_flight_) {
      if (std::find(dirty_.begin(), dirty_.end(), id) == dirty_.end()) dirty_.push_back(id);
    }
    audits_.insert(audits_.begin(), audits_in_flight_.begin(), audits_in_flight_.end());
  }
  acks_waiting_in_flight_commit_.clear();
  rows_in_flight_.clear();
  audits_in_flight_.clear();
}

}  // namespace recguard::pipeline
