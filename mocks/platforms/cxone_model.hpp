#pragma once
// The product's own model of NICE CXone's recording surface (REFERENCE.md):
// contacts that move Active -> Disconnected, captures whose status the
// agent-facing get-recording-status reports, media that becomes playable
// through media-playback once uploaded, and start-recording-on-demand. It is a
// model, not CXone: it implements only what recguard polls and commands, on
// the real paths and with the real shapes, status codes and
// {"internalCode","message"} error bodies (core/platforms/cxone/cxone_api.hpp
// says which of those are confirmed and which assumed).
//
// CXone identifies media by the ACD contact, so a contact's first capture is
// named after it and an on-demand re-record after that (`<contact>-r1`).
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/http/message.hpp"
#include "core/types/ids.hpp"
#include "core/types/time.hpp"
#include "mocks/platforms/platform_truth.hpp"

namespace recguard::mocks {

class CxoneModel {
 public:
  // Documented default for media-playback: 150 requests per five minutes.
  static constexpr int kPlaybackLimit = 150;
  static constexpr Duration kPlaybackWindow = Duration::minutes(5);

  CxoneModel(std::string tenant, std::string cdn_host, std::string bearer_token,
             std::int64_t epoch_unix_s, ArtifactFactory factory);

  // Lifecycle, driven by the simulation.
  // skill: the ACD skill that routed the contact (empty: none); the contact
  // states name it as skillId and skillName.
  void start_contact(const CallId& contact, const RecordingId& rec, Instant now, const std::string& skill = {});
  // The customer hangs up: Disconnected; running captures stop and upload.
  void end_contact(const CallId& contact, Instant now);
  // Uploads of the contact finished: their media is playable. Returns them.
  std::vector<RecordingId> finish_uploads(const CallId& contact, Instant now);
  // The capture process dies: RecordingFailure, the contact stays Active and
  // the failed capture never becomes playable. False if nothing was capturing.
  bool fail_capture(const CallId& contact, Instant now);

  // Faults that change how the platform answers.
  void set_conflict_on_start(const CallId& contact) { conflict_on_start_.push_back(contact); }
  // The incident where CXone accepts start-recording on an ended contact and
  // captures a few seconds of silence (202 instead of 409).
  void set_silent_capture_on_ended(bool on) { silent_capture_on_ended_ = on; }

  // The REST API: contacts/states, get-recording-status, media-playback and
  // start-recording-on-demand. Not const: the rate limit and the start log are state.
  http::Response handle(const http::Request& req, Instant now);

  const std::map<RecordingId, SimRecording>& recordings() const { return recordings_; }
  SimRecording* recording(const RecordingId& id);
  // The capture a CDN path serves once it is playable, whatever its state
  // now; null when the path names none of this platform's (see GenesysModel).
  const SimRecording* recording_at_media_path(std::string_view path) const;
  bool contact_live(const CallId& contact) const;
  const std::vector<StartRecordingLog>& starts() const { return starts_; }
  const std::vector<Instant>& playback_request_times() const { return playback_times_; }
  std::int64_t api_requests() const { return api_requests_; }
  // Captures that began uploading since the last call (a silent capture on an
  // ended contact uploads at once); the driver schedules their finish.
  std::vector<CallId> take_uploads_started();

 private:
  struct Contact {
    std::string state = "Active";                // contactStateName
    std::string recording_status = "Recording";  // recordingStatusToAgent: the platform's word
    std::string status_reason = "Policy";
    Instant started{};
    Instant last_update{};                       // of the contact state, for updatedSince
    std::optional<Instant> ended;
    std::vector<RecordingId> captures;           // in start order
    std::string skill;
  };

  void stop_capture(SimRecording& r, Instant now);
  std::string media_folder() const;  // where the CDN serves this platform's captures
  http::Response contact_states(const http::Request& req) const;
  http::Response recording_status(const http::Request& req) const;
  http::Response media_playback(const http::Request& req, Instant now);
  http::Response start_recording(const http::Request& req, Instant now);
  // Admits one media-playback request for `token` or says how long to wait.
  std::optional<Duration> playback_throttle(const std::string& token, Instant now);

  std::string tenant_;
  std::string cdn_host_;
  std::string bearer_token_;
  std::int64_t epoch_unix_s_;
  ArtifactFactory factory_;
  std::map<CallId, Contact> contacts_;
  std::map<RecordingId, SimRecording> recordings_;
  std::vector<CallId> conflict_on_start_;
  bool silent_capture_on_ended_ = false;
  std::vector<CallId> uploads_started_;
  std::vector<StartRecordingLog> starts_;
  std::map<std::string, std::deque<Instant>> playback_admitted_;  // per token, oldest first
  std::vector<Instant> playback_times_;
  std::int64_t api_requests_ = 0;
};

}  // namespace recguard::mocks
