#include <catch2/catch.hpp>

#include "core/platforms/genesys/notification_codec.hpp"
#include "core/platforms/genesys/recording_api.hpp"

using namespace recguard;

TEST_CASE("a Genesys recordings notification parses into a RecordingUpdate", "[unit][genesys]") {
  const std::string body = R"({"topicName":"v2.users.u-1.conversations.call-0001.recordings","version":"2",
    "eventBody":{"id":"rec-0001","conversationId":"call-0001","fileState":"AVAILABLE",
                 "mediaUris":{"S":{"mediaUri":"https://cdn.example/r.wav"}}},
    "metadata":{"CorrelationId":"abc"}})";
  auto ev = genesys::parse_notification(body);
  REQUIRE(ev.ok());
  const auto* u = std::get_if<ingress::RecordingUpdate>(&*ev);
  REQUIRE(u != nullptr);
  CHECK(u->recording.str() == "rec-0001");
  CHECK(u->call.str() == "call-0001");
  CHECK(u->file_state == "AVAILABLE");
  REQUIRE(u->media_uris.size() == 1);
  CHECK(u->media_uris[0] == "https://cdn.example/r.wav");
  CHECK(u->correlation_id == "abc");
}

TEST_CASE("an EventBridge-wrapped notification parses the same", "[unit][genesys]") {
  ingress::RecordingUpdate u{Platform::genesys, RecordingId{"rec-0002"}, CallId{"call-0002"}, "UPLOADING", {}, "c"};
  const std::string inner = genesys::recording_notification("u-9", u);
  const std::string wrapped = R"({"version":"0","id":"e1","detail-type":"v2.users.{id}.conversations.{id}.recordings",)"
                              R"("source":"aws.partner/genesys.com","time":"2026-01-01T00:00:00Z","detail":)" +
                              inner + "}";
  auto ev = genesys::parse_notification(wrapped);
  REQUIRE(ev.ok());
  const auto* got = std::get_if<ingress::RecordingUpdate>(&*ev);
  REQUIRE(got != nullptr);
  CHECK(got->recording.str() == "rec-0002");
  CHECK(got->file_state == "UPLOADING");
}

TEST_CASE("customer.end notification names the call", "[unit][genesys]") {
  auto ev = genesys::parse_notification(genesys::customer_end_notification(CallId{"call-0042"}));
  REQUIRE(ev.ok());
  const auto* e = std::get_if<ingress::CallEnded>(&*ev);
  REQUIRE(e != nullptr);
  CHECK(e->call.str() == "call-0042");
}

TEST_CASE("malformed notifications are errors, not events", "[unit][genesys]") {
  CHECK_FALSE(genesys::parse_notification("not json").ok());
  CHECK_FALSE(genesys::parse_notification("[]").ok());
  CHECK_FALSE(genesys::parse_notification(R"({"topicName":"v2.users.u.presence"})").ok());
  CHECK_FALSE(genesys::parse_notification(R"({"topicName":"v2.users.u.conversations.c.recordings","eventBody":{"id":"r"}})").ok());
}

TEST_CASE("the Recording resource round trips through the real field names", "[unit][genesys]") {
  genesys::RecordingMetadata md;
  md.id = RecordingId{"rec-0003"};
  md.call = CallId{"call-0003"};
  md.file_state = "AVAILABLE";
  md.media_uri = "https://cdn/x.wav";
  md.output_duration_ms = 61000;
  md.output_size_bytes = 488044;
  const std::string json = genesys::recording_to_json(md);
  CHECK(json.find("\"outputDurationMs\":61000") != std::string::npos);
  CHECK(json.find("\"outputSizeInBytes\":488044") != std::string::npos);
  auto back = genesys::parse_recording(json);
  REQUIRE(back.ok());
  CHECK(back->media_uri == md.media_uri);
  CHECK(back->output_duration_ms == 61000);
  CHECK(back->output_size_bytes == 488044);

  const auto req = genesys::build_get_recording({"api.mypurecloud.com", "tok"}, md.call, md.id);
  CHECK(req.method == "GET");
  CHECK(req.path() == "/api/v2/conversations/call-0003/recordings/rec-0003");
  CHECK(req.headers.get("Authorization") == std::string("Bearer tok"));
}
