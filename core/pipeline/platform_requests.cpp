// The platform half of the pipeline: a workflow's platform-neutral commands
// (fetch metadata, ask whether the call is live, start a re-record, look for
// a newer capture) as each platform's real requests, and their answers back
// as workflow events. Genesys and CXone differ in every one of them.
#include "core/ingress/cxone_poller.hpp"
#include "core/pipeline/pipeline.hpp"
#include "core/platforms/cxone/cxone_api.hpp"
#include "core/platforms/genesys/call_api.hpp"

namespace recguard::pipeline {

namespace {

// CXone's media-playback entry in the shape the workflow reads. It has no
// size or duration (REFERENCE.md): the workflow derives the expected length
// from the capture's start and end, and the bytes are checked as always.
genesys::RecordingMetadata cxone_metadata(const RecordingRow& row, const std::optional<cxone::PlaybackInfo>& item,
                                          bool capture_failed) {
  genesys::RecordingMetadata md;
  md.id = row.id;
  md.call = row.call;
  if (item) {
    md.file_state = "AVAILABLE";
    md.media_uri = item->file_to_play_url;
    md.start_time = item->start_time;
    md.end_time = item->end_time;
  } else {
    // Not playable: never, for a capture the platform said failed; not yet otherwise.
    md.file_state = capture_failed ? "ERROR" : "UPLOADING";
  }
  return md;
}

}  // namespace

void Pipeline::send_platform(workflow::RecordingWorkflow& wf, const workflow::Command& cmd) {
  const RecordingRow& row = wf.row();
  const bool cx = row.platform == Platform::cxone && cfg_.cxone;
  using K = PendingRequest::Kind;
  const Endpoint ep = cx ? Endpoint::cxone_api : Endpoint::genesys_api;
  if (std::holds_alternative<workflow::FetchMetadata>(cmd)) {
    send(row.id, K::metadata, Tier::primary, ep,
         cx ? cxone::build_media_playback(*cfg_.cxone, row.call)
            : genesys::build_get_recording(cfg_.genesys, row.call, row.id));
  } else if (std::holds_alternative<workflow::FetchCallState>(cmd)) {
    // CXone: the contact's changes since the last one the poller saw; no
    // change means the poller's view still holds.
    send(row.id, K::call_state, Tier::primary, ep,
         cx ? cxone::build_contact_states(*cfg_.cxone, cxone_poller_->last_update_of(row.call))
            : genesys::build_get_call(cfg_.genesys, row.call));
  } else if (std::holds_alternative<workflow::ListCallRecordings>(cmd)) {
    // CXone: is the contact recording again (did a lost command land)?
    send(row.id, K::list_recordings, Tier::primary, ep,
         cx ? cxone::build_recording_status(*cfg_.cxone, row.call)
            : genesys::build_list_recordings(cfg_.genesys, row.call));
  } else if (std::holds_alternative<workflow::FetchCallQueue>(cmd)) {
    // Genesys only: CXone contacts name their skill in the contact states.
    send(row.id, K::call_queue, Tier::primary, Endpoint::genesys_api, genesys::build_get_call(cfg_.genesys, row.call));
  } else if (const auto* start = std::get_if<workflow::StartRerecord>(&cmd)) {
    ++stats_.rerecord_commands;
    send(row.id, K::rerecord, Tier::primary, ep,
         cx ? cxone::build_start_recording(*cfg_.cxone, row.call, start->idempotency_key)
            : genesys::build_start_recording(cfg_.genesys, row.call, start->idempotency_key),
         /*after_commit=*/true);
  }
}

void Pipeline::read_platform_answer(workflow::RecordingWorkflow& wf, PendingRequest::Kind kind,
                                    const HttpCompleted& c, Instant now) {
  const RecordingRow& row = wf.row();
  const bool cx = row.platform == Platform::cxone && cxone_poller_;
  const int status = c.response ? c.response->status : 0;
  const std::string_view body = c.response ? c.response->body_view() : std::string_view{};
  using K = PendingRequest::Kind;
  switch (kind) {
    case K::metadata: {
      workflow::MetadataFetched m{status, std::nullopt};
      if (status == 200 && cx) {
        if (auto items = cxone::parse_media_playback(body)) {
          m.metadata = cxone_metadata(row, cxone_poller_->pick(row.call, row.id, *items),
                                      cxone_poller_->capture_failed(row.call, row.id));
        }
      } else if (status == 200) {
        if (auto md = genesys::parse_recording(body)) m.metadata = *md;
      }
      wf.handle(m, now);
      break;
    }
    case K::call_state: {
      workflow::CallStateFetched cs{status, std::nullopt};
      if (cx && (status == 200 || status == 204)) {
        cs.live = cxone_poller_->known_live(row.call);
        if (auto states = cxone::parse_contact_states(body)) {
          for (const auto& s : *states) {
            if (s.contact == row.call) cs.live = s.state != "Disconnected";
          }
        }
      } else if (status == 200) {
        if (auto call = genesys::parse_call(body)) cs.live = genesys::is_live(*call);
      }
      if (cs.live && !*cs.live) on_call_ended(row.call, now);
      wf.handle(cs, now);
      break;
    }
    case K::rerecord:
      if (cx && status >= 200 && status < 300) cxone_poller_->note_capture_started(row.call);
      wf.handle(workflow::RerecordAnswered{status}, now);
      break;
    case K::list_recordings: {
      workflow::CallRecordingsListed l{status, false};
      if (cx && status == 200) {
        const auto s = cxone::parse_recording_status(body);
        l.newer_capture = s && *s == "Recording";
        if (l.newer_capture) cxone_poller_->note_capture_started(row.call);
      } else if (status == 200) {
        if (auto list = genesys::parse_recording_list(body)) {
          for (const auto& md : *list) {
            // Another recording of the call that started after this one.
            if (md.id != row.id && md.start_time > row.platform_start_time) l.newer_capture = true;
          }
        }
      }
      wf.handle(l, now);
      break;
    }
    case K::call_queue: {
      workflow::QueueChecked q{status, std::nullopt, ""};
      if (status == 200) {
        if (auto call = genesys::parse_call(body)) {
          const genesys::Participant* acd = genesys::acd_participant(*call);
          q.queue = acd ? (acd->queue_name.empty() ? acd->queue_id : acd->queue_name) : "";
          q.in_scope = acd && cfg_.scope.admits_queue(acd->queue_id, acd->queue_name);
          if (!*q.in_scope) ++stats_.out_of_scope;
        }
      }
      wf.handle(q, now);
      break;
    }
    default: break;
  }
}

}  // namespace recguard::pipeline
