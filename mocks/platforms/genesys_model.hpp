#pragma once
// The product's own model of Genesys Cloud's recording surface (REFERENCE.md):
// conversations with recordings that move UPLOADING -> AVAILABLE (or ERROR),
// the Recording resource on its real REST path, and notifications in the real
// envelope. It is a model, not Genesys: it implements only what recguard uses,
// and it answers with the real shapes, status codes and error bodies.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/http/message.hpp"
#include "core/types/ids.hpp"
#include "core/types/time.hpp"
#include "mocks/platforms/media_artifact.hpp"

namespace recguard::mocks {

struct SimRecording {
  RecordingId id;
  CallId call;
  ArtifactPtr artifact;
  std::string file_state = "UPLOADING";   // the platform's word, not the truth
  std::string media_path;                  // on the CDN, once AVAILABLE
  Instant started{};
  std::optional<Instant> ended;
  std::optional<Instant> available_at;
  // "stale" metadata: the platform reports the full duration and size even
  // though the artifact was cut short (the guide's trap).
  bool stale_metadata = false;
};

class GenesysModel {
 public:
  GenesysModel(std::string org, std::string api_host, std::string cdn_host, std::string bearer_token);

  // Lifecycle, driven by the simulation.
  void start_call(const CallId& call, const RecordingId& rec, ArtifactPtr artifact, Instant now);
  // The customer hangs up: returns the notifications the platform emits
  // (customer.end, then the recording going to UPLOADING).
  std::vector<std::string> end_call(const CallId& call, Instant now);
  // The upload finished: the recording is AVAILABLE; returns its notification.
  std::string finish_upload(const RecordingId& rec, Instant now);

  // The REST API: GET /api/v2/conversations/{cid}/recordings/{rid}.
  http::Response handle(const http::Request& req, Instant now) const;

  const std::map<RecordingId, SimRecording>& recordings() const { return recordings_; }
  SimRecording* recording(const RecordingId& id);
  const std::string& cdn_host() const { return cdn_host_; }
  std::int64_t api_requests() const { return api_requests_; }

 private:
  std::string notification_for(const SimRecording& r) const;

  std::string org_;
  std::string api_host_;
  std::string cdn_host_;
  std::string bearer_token_;
  std::map<RecordingId, SimRecording> recordings_;
  std::map<CallId, RecordingId> by_call_;
  mutable std::int64_t api_requests_ = 0;
};

}  // namespace recguard::mocks
