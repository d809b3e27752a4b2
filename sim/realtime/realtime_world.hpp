#pragma once
// The real-time world: the platform side of a scenario (the same models the
// SimWorld builds, the same plan, the same seeded streams) advanced by a
// caller's clock instead of a virtual event queue. `recguard mock-serve`
// drives it from the wall clock and serves its models over HTTP; the pipeline
// on the other side is a real `recguard serve`, so nothing of the pipeline or
// the network is in here.
//
// What it applies: calls start and end, captures upload (slow_upload
// included), capture_crash, truncate_artifact (call_end and mid_call),
// conflict_on_start and silent_capture, at the instants the plan says.
// What it does not: network and store faults (throttle, error_rate, latency,
// partition, cdn_unavailable, ambiguous_write, ...) and the relay's own
// faults (drop, duplicate, spoof, storm); live tests put the fault proxy in
// front of a model for those. not_applied() names them.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/http/message.hpp"
#include "core/pipeline/pipeline_io.hpp"
#include "mocks/cdn/cdn_model.hpp"
#include "mocks/platforms/cxone_model.hpp"
#include "mocks/platforms/genesys_model.hpp"
#include "mocks/platforms/oauth_token_model.hpp"
#include "mocks/stores/azure_blob_model.hpp"
#include "mocks/stores/s3_model.hpp"
#include "sim/kernel/event_queue.hpp"
#include "sim/kernel/prng.hpp"
#include "sim/world/sim_events.hpp"
#include "sim/world/world_setup.hpp"

namespace recguard::sim {

// A notification for the operator's relay to sign and post.
struct Notification {
  std::string body;
  std::string about;  // recording or call id, for logs
};

struct RealtimeOptions {
  // Host (and port) the platforms name in media URIs: mock-serve's CDN,
  // "127.0.0.1:PORT". The URIs say https; the live config's cdn_tls says
  // whether the pipeline really uses TLS.
  std::string cdn_host = "127.0.0.1";
  // Wall time of the scenario's Instant{0}: the platforms' timestamps.
  std::int64_t epoch_unix_s = 0;
  // The bearer token the platform models accept, and the OAuth clients that
  // are given it.
  std::string bearer_token = "mock-oauth-token";
  mocks::OAuthClientCredentials genesys_client{"recguard-genesys", "genesys-client-secret"};
  mocks::OAuthClientCredentials cxone_client{"recguard-cxone", "cxone-client-secret"};
};

class RealtimeWorld {
 public:
  RealtimeWorld(WorldSetup setup, RealtimeOptions options);

  // Applies every platform event due at or before `now` (scenario time:
  // Instant{0} is the scenario's start), in the plan's order, and returns the
  // notifications they produced, in order.
  std::vector<Notification> advance_to(Instant now);
  // When the next platform event is due; nullopt when none is left.
  std::optional<Instant> next_event() const;
  // Every call has ended and every capture finished uploading.
  bool platform_done() const { return queue_.empty(); }

  // One request to a model. `now` is scenario time (the platforms' clocks and
  // rate limits); `unix_s` the wall clock the stores check signatures against.
  http::Response serve(pipeline::Endpoint ep, const http::Request& req, Instant now, std::int64_t unix_s);
  http::Response serve_genesys_login(const http::Request& req) { return genesys_login_.handle(req); }
  http::Response serve_cxone_auth(const http::Request& req) { return cxone_auth_.handle(req); }

  const WorldSetup& setup() const { return setup_; }
  const mocks::GenesysModel& genesys() const { return *genesys_; }
  const mocks::CxoneModel* cxone() const { return cxone_.get(); }
  const mocks::S3Model& primary_store() const { return *s3_; }
  const mocks::AzureBlobModel& backup_store() const { return *azure_; }
  std::vector<const mocks::SimRecording*> platform_recordings() const;
  std::vector<const mocks::StartRecordingLog*> platform_starts() const;
  // The scenario's faults this world does not apply (see the file comment).
  std::vector<std::string> not_applied() const;

 private:
  using Event = std::variant<CallStarts, CallEnds, UploadFinishes, CaptureCrashes, CaptureStopsEarly>;
  void on(const CallStarts& e);
  void on(const CallEnds& e);
  void on(const UploadFinishes& e);
  void on(const CaptureCrashes& e);
  void on(const CaptureStopsEarly& e);
  void schedule_faults();
  Duration upload_time(const CallPlan& c);
  mocks::ArtifactPtr make_artifact(const CallId& call, const RecordingId& rec, std::int64_t duration_ms, bool silent);
  bool fault_hits(FaultKind kind, const CallPlan& call, Instant t, const Fault** which = nullptr) const;
  void schedule_started_uploads(std::vector<CallId> calls);

  WorldSetup setup_;
  RealtimeOptions options_;
  Instant now_{};
  EventQueue<Event> queue_;
  // The SimWorld's streams, by the same names: the same scenario and seed
  // draw the same upload times and the same media.
  Prng platform_rng_;
  Prng media_rng_;
  std::map<CallId, std::size_t> call_index_;
  std::unique_ptr<mocks::GenesysModel> genesys_;
  std::unique_ptr<mocks::CxoneModel> cxone_;
  mocks::CdnModel cdn_;
  std::unique_ptr<mocks::S3Model> s3_;
  std::unique_ptr<mocks::AzureBlobModel> azure_;
  mocks::OAuthTokenModel genesys_login_;
  mocks::OAuthTokenModel cxone_auth_;
  std::vector<Notification> out_;  // produced by the events being applied
};

}  // namespace recguard::sim
