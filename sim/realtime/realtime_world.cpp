#include "sim/realtime/realtime_world.hpp"

#include <algorithm>

#include "core/media/media_format.hpp"
#include "mocks/platforms/both_platforms.hpp"
#include "sim/world/capture_faults.hpp"
#include "sim/world/fault_targeting.hpp"
#include "sim/world/sim_credentials.hpp"

namespace recguard::sim {

RealtimeWorld::RealtimeWorld(WorldSetup setup, RealtimeOptions options)
    : setup_(std::move(setup)),
      options_(std::move(options)),
      platform_rng_(Prng::for_component(setup_.seed, "platform")),
      media_rng_(Prng::for_component(setup_.seed, "media")),
      genesys_login_(mocks::TokenFlavor::genesys, options_.genesys_client, options_.bearer_token),
      cxone_auth_(mocks::TokenFlavor::cxone, options_.cxone_client, options_.bearer_token) {
  const mocks::ArtifactFactory artifacts = [this](const CallId& call, const RecordingId& rec, std::int64_t ms,
                                                  bool silent) { return make_artifact(call, rec, ms, silent); };
  genesys_ = std::make_unique<mocks::GenesysModel>(setup_.genesys_org, options_.cdn_host, options_.bearer_token,
                                                   options_.epoch_unix_s, artifacts);
  genesys_->set_requests_per_minute(setup_.genesys_requests_per_minute);
  if (!setup_.cxone_tenant.empty()) {
    cxone_ = std::make_unique<mocks::CxoneModel>(setup_.cxone_tenant, options_.cdn_host, options_.bearer_token,
                                                 options_.epoch_unix_s, artifacts);
  }
  // The stores know each tier's credential by the scenario's name for it,
  // derived as the simulation derives it (sim_credentials.hpp).
  const auto aws = aws_credentials_for(setup_.primary.credentials);
  s3_ = std::make_unique<mocks::S3Model>(setup_.primary.location, setup_.primary.region);
  s3_->add_credential(aws.access_key_id, aws.secret_access_key);
  const auto az = azure_key_for(setup_.backup.account, setup_.backup.credentials);
  azure_ = std::make_unique<mocks::AzureBlobModel>(setup_.backup.account, setup_.backup.location);
  azure_->add_credential(az.account, az.key_base64);

  // Calls first, then faults: the SimWorld's order, so that events at one
  // instant apply in the same sequence.
  for (std::size_t i = 0; i < setup_.calls.size(); ++i) {
    call_index_.emplace(setup_.calls[i].id, i);
    queue_.push(setup_.calls[i].start, CallStarts{i});
  }
  schedule_faults();
}

std::vector<Notification> RealtimeWorld::advance_to(Instant now) {
  while (!queue_.empty() && queue_.next_time() <= now) {
    auto entry = queue_.pop();
    now_ = entry.at;
    std::visit([&](const auto& e) { on(e); }, entry.event);
  }
  now_ = std::max(now_, now);
  std::vector<Notification> out;
  out.swap(out_);
  return out;
}

std::optional<Instant> RealtimeWorld::next_event() const {
  if (queue_.empty()) return std::nullopt;
  return queue_.next_time();
}

// ---- the platform side, as the SimWorld plays it (sim_world.cpp) ----

void RealtimeWorld::on(const CallStarts& e) {
  const CallPlan& c = setup_.calls[e.call];
  if (c.platform == Platform::cxone) cxone_->start_contact(c.id, c.recording, now_, c.queue);
  else genesys_->start_call(c.id, c.recording, now_, c.queue);
  queue_.push(now_ + c.length, CallEnds{e.call});
}

void RealtimeWorld::on(const CallEnds& e) {
  const CallPlan& c = setup_.calls[e.call];
  if (c.platform == Platform::cxone) {
    cxone_->end_contact(c.id, now_);  // the pipeline's poller finds out on its own
  } else {
    for (auto& body : genesys_->end_call(c.id, now_)) out_.push_back({std::move(body), c.id.str()});
  }
  queue_.push(now_ + upload_time(c), UploadFinishes{e.call});
}

Duration RealtimeWorld::upload_time(const CallPlan& c) {
  Duration upload = platform_rng_.uniform_duration(setup_.upload_time_min, setup_.upload_time_max);
  const Fault* slow = nullptr;
  if (fault_hits(FaultKind::slow_upload, c, now_, &slow)) upload = upload + slow->extra.value_or(Duration::minutes(10));
  return upload;
}

void RealtimeWorld::on(const UploadFinishes& e) {
  const CallPlan& c = setup_.calls[e.call];
  if (c.platform == Platform::cxone) {
    for (const auto& rid : cxone_->finish_uploads(c.id, now_)) {
      const auto* rec = cxone_->recording(rid);
      cdn_.publish(rec->media_path, rec->artifact);
    }
    return;
  }
  for (auto& [rid, body] : genesys_->finish_uploads(c.id, now_)) {
    const auto* rec = genesys_->recording(rid);
    cdn_.publish(rec->media_path, rec->artifact);
    out_.push_back({std::move(body), rid.str()});
  }
}

void RealtimeWorld::on(const CaptureCrashes& e) {
  const CallPlan& c = setup_.calls[e.call];
  if (c.platform == Platform::cxone) {
    cxone_->fail_capture(c.id, now_);
    return;
  }
  if (auto body = genesys_->crash_capture(c.id, now_)) out_.push_back({std::move(*body), c.recording.str()});
}

void RealtimeWorld::on(const CaptureStopsEarly& e) {
  const CallPlan& c = setup_.calls[e.call];
  auto body = genesys_->stop_capture(c.id, now_);
  if (!body) return;
  out_.push_back({std::move(*body), c.recording.str()});
  // As SimWorld: through upload_time(), so a slow_upload on the call slows it too.
  queue_.push(now_ + upload_time(c), UploadFinishes{e.call});
}

bool RealtimeWorld::fault_hits(FaultKind kind, const CallPlan& call, Instant t, const Fault** which) const {
  const Fault* f = fault_hitting(setup_, kind, call, t);
  if (which && f) *which = f;
  return f != nullptr;
}

void RealtimeWorld::schedule_faults() {
  for (std::size_t i = 0; i < setup_.faults.size(); ++i) {
    const Fault& f = setup_.faults[i];
    const bool mid_call_cut = f.kind == FaultKind::truncate_artifact && f.capture_stops == "mid_call";
    if (f.kind == FaultKind::capture_crash || mid_call_cut) {
      for (const auto& cut : capture_cuts(f, i, setup_)) {
        if (mid_call_cut) queue_.push(cut.at, CaptureStopsEarly{cut.call});
        else queue_.push(cut.at, CaptureCrashes{cut.call});
      }
    } else if (f.kind == FaultKind::conflict_on_start) {
      for (const auto& call : setup_.calls) {
        if (!fault_hits_call(f, i, call, setup_.seed)) continue;
        if (call.platform == Platform::cxone) cxone_->set_conflict_on_start(call.id);
        else genesys_->set_conflict_on_start(call.id);
      }
    } else if (f.kind == FaultKind::silent_capture) {
      genesys_->set_silent_capture_on_ended(true);
      if (cxone_) cxone_->set_silent_capture_on_ended(true);
    }
  }
}

std::vector<std::string> RealtimeWorld::not_applied() const {
  std::vector<std::string> out;
  for (const auto& f : setup_.faults) {
    switch (f.kind) {
      case FaultKind::capture_crash:
      case FaultKind::truncate_artifact:
      case FaultKind::slow_upload:
      case FaultKind::conflict_on_start:
      case FaultKind::silent_capture: break;
      default: out.emplace_back(to_string(f.kind));
    }
  }
  return out;
}

mocks::ArtifactPtr RealtimeWorld::make_artifact(const CallId& call, const RecordingId& rec, std::int64_t duration_ms,
                                                bool silent) {
  const CallPlan& c = setup_.calls[call_index_.at(call)];
  mocks::ArtifactSpec spec;
  spec.format = c.format;
  spec.channels = c.channels;
  spec.duration_ms = duration_ms;
  spec.seed = media_rng_.next_u64();
  if (silent) spec.content = mocks::SyntheticContent::silence;
  const Fault* cut = nullptr;
  if (rec == c.recording && fault_hits(FaultKind::truncate_artifact, c, now_, &cut)) {
    const std::int64_t full = media::wav_file_size(spec.format, spec.channels, duration_ms);
    spec.keep_bytes = truncated_keep_bytes(*cut, full);
    if (cut->metadata == "stale" && c.platform == Platform::genesys) genesys_->set_stale_metadata(rec);
  }
  return std::make_shared<mocks::MediaArtifact>(spec);
}

// ---- the models' APIs ----

void RealtimeWorld::schedule_started_uploads(std::vector<CallId> calls) {
  // A capture on an ended call (silent_capture) starts uploading at once.
  for (const auto& call : calls) queue_.push(now_ + setup_.upload_time_min, UploadFinishes{call_index_.at(call)});
}

http::Response RealtimeWorld::serve(pipeline::Endpoint ep, const http::Request& req, Instant now, std::int64_t unix_s) {
  // Requests and timed events interleave in time order: apply what is due
  // first, so the platform answers from its state at `now`.
  auto due = advance_to(now);
  out_.insert(out_.begin(), std::make_move_iterator(due.begin()), std::make_move_iterator(due.end()));
  switch (ep) {
    case pipeline::Endpoint::genesys_api: {
      auto resp = genesys_->handle(req, now_);
      schedule_started_uploads(genesys_->take_uploads_started());
      return resp;
    }
    case pipeline::Endpoint::cxone_api: {
      if (!cxone_) break;
      auto resp = cxone_->handle(req, now_);
      schedule_started_uploads(cxone_->take_uploads_started());
      return resp;
    }
    case pipeline::Endpoint::cdn: return cdn_.handle(req);
    case pipeline::Endpoint::primary_store: return s3_->handle(req, unix_s);
    case pipeline::Endpoint::backup_store: return azure_->handle(req, unix_s);
  }
  return http::make_response(404, "no such endpoint");
}

std::vector<const mocks::SimRecording*> RealtimeWorld::platform_recordings() const {
  return mocks::recordings_of(*genesys_, cxone_.get());
}

std::vector<const mocks::StartRecordingLog*> RealtimeWorld::platform_starts() const {
  return mocks::starts_of(*genesys_, cxone_.get());
}

}  // namespace recguard::sim
