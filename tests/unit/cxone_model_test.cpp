#include <catch2/catch.hpp>

#include "core/platforms/cxone/cxone_api.hpp"
#include "mocks/platforms/cxone_model.hpp"

using namespace recguard;

namespace {

const cxone::ApiConfig kCfg{"api.cxone.sim", "tok", "agent-1"};

// Captures get real bytes as long as they ran, as the world's factory does.
mocks::ArtifactPtr artifact(const CallId&, const RecordingId&, std::int64_t ms, bool silent) {
  mocks::ArtifactSpec spec;
  spec.duration_ms = ms;
  spec.seed = 7;
  if (silent) spec.content = mocks::SyntheticContent::silence;
  return std::make_shared<mocks::MediaArtifact>(spec);
}

Instant at_s(std::int64_t s) { return Instant{} + Duration::seconds(s); }

std::string internal_code(const http::Response& r) {
  const std::string body(r.body_view());
  const auto k = body.find("\"internalCode\":\"");
  if (k == std::string::npos) return {};
  const auto start = k + 16;
  return body.substr(start, body.find('"', start) - start);
}

struct World {
  mocks::CxoneModel cx{"tenant", "cdn.sim", "tok", 0, artifact};
  World() {
    cx.start_contact(CallId{"c1"}, RecordingId{"rec-1"}, at_s(10));
    cx.start_contact(CallId{"c2"}, RecordingId{"rec-2"}, at_s(20));
  }
  std::string status(const char* contact, Instant now) {
    auto r = cx.handle(cxone::build_recording_status(kCfg, CallId{contact}), now);
    REQUIRE(r.status == 200);
    auto s = cxone::parse_recording_status(r.body_view());
    REQUIRE(s.ok());
    return *s;
  }
};

}  // namespace

TEST_CASE("CXone model: a request without the bearer token is 401 with an error body", "[unit][cxone]") {
  World w;
  auto bad = kCfg;
  bad.bearer_token = "stolen";
  const auto r = w.cx.handle(cxone::build_contact_states(bad, ""), at_s(30));
  CHECK(r.status == 401);
  CHECK(internal_code(r) == "Unauthorized");
  auto unsigned_req = cxone::build_media_playback(kCfg, CallId{"c1"});
  unsigned_req.headers.remove("Authorization");
  CHECK(w.cx.handle(unsigned_req, at_s(30)).status == 401);
  CHECK(w.cx.api_requests() == 2);
}

TEST_CASE("CXone model: contact states follow the lifecycle and updatedSince", "[unit][cxone]") {
  World w;
  auto all = w.cx.handle(cxone::build_contact_states(kCfg, ""), at_s(30));
  REQUIRE(all.status == 200);
  auto states = cxone::parse_contact_states(all.body_view());
  REQUIRE(states.ok());
  REQUIRE(states->size() == 2);
  CHECK((*states)[0].state == "Active");
  CHECK((*states)[0].last_update_time == "1970-01-01T00:00:10.000Z");

  // Only c2 changed at or after 15 s.
  auto since = w.cx.handle(cxone::build_contact_states(kCfg, "1970-01-01T00:00:15Z"), at_s(30));
  states = cxone::parse_contact_states(since.body_view());
  REQUIRE(states.ok());
  REQUIRE(states->size() == 1);
  CHECK((*states)[0].contact.str() == "c2");

  w.cx.end_contact(CallId{"c1"}, at_s(40));
  auto after_end = w.cx.handle(cxone::build_contact_states(kCfg, "1970-01-01T00:00:40.000Z"), at_s(41));
  states = cxone::parse_contact_states(after_end.body_view());
  REQUIRE(states.ok());
  REQUIRE(states->size() == 1);
  CHECK((*states)[0].contact.str() == "c1");
  CHECK((*states)[0].state == "Disconnected");

  // Nothing changed since: 204 and no body, which parses as an empty list.
  auto nothing = w.cx.handle(cxone::build_contact_states(kCfg, "1970-01-01T00:01:00Z"), at_s(61));
  CHECK(nothing.status == 204);
  CHECK(nothing.body_size() == 0);
  CHECK(cxone::parse_contact_states(nothing.body_view())->empty());

  CHECK(w.cx.handle(cxone::build_contact_states(kCfg, "last tuesday"), at_s(61)).status == 400);
}

TEST_CASE("CXone model: recording status reports capture failure while the contact stays Active", "[unit][cxone]") {
  World w;
  CHECK(w.status("c1", at_s(11)) == "Recording");
  w.cx.fail_capture(CallId{"c1"}, at_s(12));
  CHECK(w.status("c1", at_s(13)) == "RecordingFailure");
  CHECK(w.cx.contact_live(CallId{"c1"}));
  CHECK(w.cx.recording(RecordingId{"rec-1"})->file_state == "ERROR");
  CHECK(w.status("c2", at_s(13)) == "Recording");

  // Hang-up: a healthy recording stops, a failed one stays failed.
  w.cx.end_contact(CallId{"c1"}, at_s(14));
  w.cx.end_contact(CallId{"c2"}, at_s(14));
  CHECK(w.status("c1", at_s(15)) == "RecordingFailure");
  CHECK(w.status("c2", at_s(15)) == "Stopped");

  CHECK(w.cx.handle(cxone::build_recording_status(kCfg, CallId{"nope"}), at_s(15)).status == 404);
}

TEST_CASE("CXone model: media playback is empty until the upload finishes, then points at the CDN",
          "[unit][cxone]") {
  World w;
  auto unknown = w.cx.handle(cxone::build_media_playback(kCfg, CallId{"nope"}), at_s(11));
  CHECK(unknown.status == 404);
  CHECK(internal_code(unknown) == "InteractionNotFound");

  w.cx.end_contact(CallId{"c1"}, at_s(30));
  auto pending = w.cx.handle(cxone::build_media_playback(kCfg, CallId{"c1"}), at_s(31));
  REQUIRE(pending.status == 200);
  auto items = cxone::parse_media_playback(pending.body_view());
  REQUIRE(items.ok());
  CHECK(items->empty());

  CHECK(w.cx.finish_uploads(CallId{"c1"}, at_s(45)) == std::vector<RecordingId>{RecordingId{"rec-1"}});
  auto ready = w.cx.handle(cxone::build_media_playback(kCfg, CallId{"c1"}), at_s(46));
  REQUIRE(ready.status == 200);
  items = cxone::parse_media_playback(ready.body_view());
  REQUIRE(items.ok());
  REQUIRE(items->size() == 1);
  CHECK((*items)[0].file_to_play_url == "https://cdn.sim/cxone/tenant/rec-1.wav");
  CHECK((*items)[0].start_time == "1970-01-01T00:00:10.000Z");
  CHECK((*items)[0].end_time == "1970-01-01T00:00:30.000Z");
  CHECK(w.cx.recording(RecordingId{"rec-1"})->artifact->spec().duration_ms == 20000);
}

TEST_CASE("CXone model: start-recording-on-demand on a live contact starts once, then 409", "[unit][cxone]") {
  World w;
  // Still recording under policy: nothing to start.
  auto busy = w.cx.handle(cxone::build_start_recording(kCfg, CallId{"c1"}, "k0"), at_s(11));
  CHECK(busy.status == 409);
  CHECK(internal_code(busy) == "RecordingAlreadyActive");
  REQUIRE(w.cx.starts().size() == 1);
  CHECK_FALSE(w.cx.starts()[0].capture.has_value());

  w.cx.fail_capture(CallId{"c1"}, at_s(12));
  auto started = w.cx.handle(cxone::build_start_recording(kCfg, CallId{"c1"}, "k1"), at_s(13));
  CHECK(started.status == 202);
  CHECK(w.status("c1", at_s(14)) == "Recording");
  REQUIRE(w.cx.starts().size() == 2);
  CHECK(w.cx.starts()[1].call.str() == "c1");
  CHECK(w.cx.starts()[1].at == at_s(13));
  CHECK(w.cx.starts()[1].idempotency_key == "k1");
  CHECK(w.cx.starts()[1].call_live);
  CHECK(w.cx.starts()[1].capture == RecordingId{"c1-r1"});

  // A retry with the same key is not merged (CXone ignores Idempotency-Key):
  // it is answered 409 because the new capture is running, and logged.
  auto again = w.cx.handle(cxone::build_start_recording(kCfg, CallId{"c1"}, "k1"), at_s(15));
  CHECK(again.status == 409);
  REQUIRE(w.cx.starts().size() == 3);
  CHECK_FALSE(w.cx.starts()[2].capture.has_value());

  // The on-demand capture runs to the hang-up and becomes playable after the first's failure.
  w.cx.end_contact(CallId{"c1"}, at_s(40));
  CHECK(w.cx.finish_uploads(CallId{"c1"}, at_s(50)) == std::vector<RecordingId>{RecordingId{"c1-r1"}});
  auto items = cxone::parse_media_playback(w.cx.handle(cxone::build_media_playback(kCfg, CallId{"c1"}), at_s(51)).body_view());
  REQUIRE(items.ok());
  REQUIRE(items->size() == 1);
  CHECK((*items)[0].start_time == "1970-01-01T00:00:13.000Z");

  auto no_user = kCfg;
  no_user.user_id.clear();
  CHECK(w.cx.handle(cxone::build_start_recording(no_user, CallId{"c2"}, "k2"), at_s(16)).status == 400);
  CHECK(w.cx.handle(cxone::build_start_recording(kCfg, CallId{"nope"}, "k3"), at_s(16)).status == 404);
}

TEST_CASE("CXone model: start on an ended contact is 409, or a silent 202 with the flag", "[unit][cxone]") {
  World w;
  w.cx.fail_capture(CallId{"c1"}, at_s(12));
  w.cx.end_contact(CallId{"c1"}, at_s(20));

  auto refused = w.cx.handle(cxone::build_start_recording(kCfg, CallId{"c1"}, "k1"), at_s(21));
  CHECK(refused.status == 409);
  CHECK(internal_code(refused) == "ContactNotActive");
  REQUIRE(w.cx.starts().size() == 1);
  CHECK_FALSE(w.cx.starts()[0].call_live);
  CHECK_FALSE(w.cx.starts()[0].capture.has_value());

  w.cx.set_silent_capture_on_ended(true);
  auto silent = w.cx.handle(cxone::build_start_recording(kCfg, CallId{"c1"}, "k2"), at_s(22));
  CHECK(silent.status == 202);
  REQUIRE(w.cx.starts().size() == 2);
  CHECK_FALSE(w.cx.starts()[1].call_live);
  CHECK(w.cx.starts()[1].idempotency_key == "k2");
  // What was "started" is five seconds of silence, uploading at once.
  CHECK_FALSE(w.cx.contact_live(CallId{"c1"}));
  CHECK(w.status("c1", at_s(23)) == "RecordingFailure");
  const auto* capture = w.cx.recording(RecordingId{"c1-r1"});
  REQUIRE(capture != nullptr);
  CHECK(capture->silent);
  CHECK(capture->artifact->spec().duration_ms == 5000);
  CHECK(w.cx.take_uploads_started() == std::vector<CallId>{CallId{"c1"}});
}

TEST_CASE("CXone model: media playback allows 150 requests per rolling 5 minutes per token", "[unit][cxone]") {
  World w;
  const auto req = cxone::build_media_playback(kCfg, CallId{"c1"});
  const Instant t0 = at_s(100);
  // 150 requests spread over the first 149 seconds of the window.
  for (int i = 0; i < mocks::CxoneModel::kPlaybackLimit; ++i) {
    INFO("request " << i);
    REQUIRE(w.cx.handle(req, t0 + Duration::seconds(i)).status == 200);
  }
  const Instant t151 = t0 + Duration::seconds(200);
  auto limited = w.cx.handle(req, t151);
  CHECK(limited.status == 429);
  CHECK(internal_code(limited) == "TooManyRequests");
  // The oldest admitted request (t0) leaves the window at t0 + 300 s.
  CHECK(limited.headers.get("Retry-After") == std::string("100"));

  // Other endpoints are not throttled by it, and every request is counted.
  CHECK(w.cx.handle(cxone::build_recording_status(kCfg, CallId{"c1"}), t151).status == 200);
  CHECK(w.cx.api_requests() == mocks::CxoneModel::kPlaybackLimit + 2);

  // Just before t0 leaves the window: still limited; at t0 + 300 s one slot is free.
  CHECK(w.cx.handle(req, t0 + Duration::seconds(300) - Duration::micros(1)).status == 429);
  CHECK(w.cx.handle(req, t0 + Duration::seconds(300)).status == 200);
  CHECK(w.cx.handle(req, t0 + Duration::seconds(300)).status == 429);  // that slot is spent again
  // Once the whole first burst has aged out, the full quota is back.
  const Instant later = t0 + Duration::seconds(1000);
  for (int i = 0; i < mocks::CxoneModel::kPlaybackLimit; ++i) REQUIRE(w.cx.handle(req, later).status == 200);
  CHECK(w.cx.handle(req, later).status == 429);
}
