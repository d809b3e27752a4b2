#pragma once
// The product's own model of Genesys Cloud's recording surface (REFERENCE.md):
// conversations with recordings that move UPLOADING -> AVAILABLE (or ERROR),
// the Recording and CallConversation resources on their real REST paths, the
// recordingstate lever that starts a capture on a live call, annotations, the
// 300 requests/min per token limit with 429 + Retry-After, and notifications
// in the real envelope. It is a model, not Genesys: it implements only what
// recguard uses, and answers with the real shapes, codes and error bodies.
#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/http/message.hpp"
#include "core/platforms/genesys/recording_api.hpp"
#include "core/types/ids.hpp"
#include "core/types/time.hpp"
#include "mocks/platforms/media_artifact.hpp"
#include "mocks/platforms/platform_truth.hpp"

namespace recguard::mocks {

struct AnnotationLog {
  Instant at{};
  RecordingId recording;
  std::string name;
  std::string description;
};

class GenesysModel {
 public:
  GenesysModel(std::string org, std::string cdn_host, std::string bearer_token,
               std::int64_t epoch_unix_s, ArtifactFactory factory);

  // Lifecycle, driven by the simulation.
  // queue: the ACD queue the call was routed through (empty: a direct call,
  // no ACD participant); the call resource names it as Genesys does.
  void start_call(const CallId& call, const RecordingId& rec, Instant now, const std::string& queue = {});
  // The customer hangs up: returns the notifications the platform emits
  // (customer.end, then each capture of the call going to UPLOADING).
  std::vector<std::string> end_call(const CallId& call, Instant now);
  // The capture process dies mid-call: the recording goes to ERROR while the
  // call stays up. Returns its notification, or nothing if no capture runs.
  std::optional<std::string> crash_capture(const CallId& call, Instant now);
  // The media server fails over mid-call: the standby picks the RTP stream
  // up with a new SSRC and timestamps and the recorder drops it. Every
  // running capture is closed at `now` and uploads like a finished one, its
  // metadata regenerated from the cut file, while the calls go on
  // unrecorded. Returns (recording, notification) pairs, one per capture cut.
  std::vector<std::pair<RecordingId, std::string>> fail_over_media_server(Instant now);
  // The capture stops early while the call stays up (a media server that
  // flushes and closes the file): the recording goes to UPLOADING with the
  // bytes captured so far. Returns its notification, or nothing if no capture runs.
  std::optional<std::string> stop_capture(const CallId& call, Instant now);
  // Uploads finished: every UPLOADING recording of the call becomes
  // AVAILABLE; returns (recording, notification) pairs.
  std::vector<std::pair<RecordingId, std::string>> finish_uploads(const CallId& call, Instant now);

  // Faults that change how the platform answers.
  void set_conflict_on_start(const CallId& call) { conflict_on_start_.push_back(call); }
  void set_silent_capture_on_ended(bool on) { silent_capture_on_ended_ = on; }
  void set_stale_metadata(const RecordingId& rec);
  // The organization's API limit (default kGenesysRequestsPerMinute): 429 above it.
  void set_requests_per_minute(int n) { requests_per_minute_ = n; }
  int requests_per_minute() const { return requests_per_minute_; }

  // The REST API.
  http::Response handle(const http::Request& req, Instant now);

  const std::map<RecordingId, SimRecording>& recordings() const { return recordings_; }
  SimRecording* recording(const RecordingId& id);
  // The capture a CDN path serves once it is AVAILABLE, whatever its state
  // now; null when the path names none of this platform's: how the world
  // tells a media fetch that came too early.
  const SimRecording* recording_at_media_path(std::string_view path) const;
  bool call_live(const CallId& call) const;
  const std::string& cdn_host() const { return cdn_host_; }
  std::int64_t api_requests() const { return api_requests_; }
  const std::vector<Instant>& api_request_times() const { return request_times_; }
  const std::vector<StartRecordingLog>& starts() const { return starts_; }
  const std::vector<AnnotationLog>& annotations() const { return annotations_; }
  // Captures that began uploading since the last call (silent captures on
  // ended calls start uploading at once); the driver schedules their finish.
  std::vector<CallId> take_uploads_started();

 private:
  struct Call {
    Instant started{};
    std::optional<Instant> ended;
    std::vector<RecordingId> recordings;
    std::string queue;
  };

  std::string notification_for(const SimRecording& r) const;
  std::string media_folder() const;  // where the CDN serves this platform's captures
  void finalize_capture(SimRecording& r, Instant now);
  RecordingId next_capture_id(const CallId& call) const;
  genesys::RecordingMetadata metadata_of(const SimRecording& r) const;
  http::Response get_recording(const std::string& call, const std::string& rec) const;
  http::Response list_recordings(const std::string& call) const;
  http::Response get_call(const std::string& call) const;
  http::Response start_recording(const std::string& call, const http::Request& req, Instant now);
  http::Response annotate(const std::string& rec, const http::Request& req, Instant now);
  std::optional<http::Response> rate_limited(Instant now);

  std::string org_;
  std::string cdn_host_;
  std::string bearer_token_;
  std::int64_t epoch_unix_s_;
  ArtifactFactory factory_;
  std::map<RecordingId, SimRecording> recordings_;
  std::map<CallId, Call> calls_;
  std::vector<CallId> conflict_on_start_;
  bool silent_capture_on_ended_ = false;
  std::vector<CallId> uploads_started_;
  std::vector<StartRecordingLog> starts_;
  std::vector<AnnotationLog> annotations_;
  std::int64_t api_requests_ = 0;
  std::vector<Instant> request_times_;
  std::deque<Instant> window_;  // requests in the last minute, for the rate limit
  int requests_per_minute_ = 300;
};

inline constexpr int kGenesysRequestsPerMinute = 300;

}  // namespace recguard::mocks
