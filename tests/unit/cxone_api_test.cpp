#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "core/platforms/cxone/cxone_api.hpp"
#include "core/types/civil_time.hpp"

using namespace recguard;

namespace {

const cxone::ApiConfig kCfg{"api-c1.incontact.com", "tok", "agent 7"};

bool mentions(const Error& e, std::string_view field) { return e.message.find(field) != std::string::npos; }

}  // namespace

// CXone writes zones as "Z" or an offset; the shared civil-time reader takes both.
TEST_CASE("ISO 8601 timestamps with a Z or an offset, as CXone writes them", "[unit][cxone]") {
  CHECK(iso8601_utc(0) == "1970-01-01T00:00:00.000Z");
  CHECK(iso8601_utc(90'061'234) == "1970-01-02T01:01:01.234Z");
  CHECK(parse_iso8601_utc_ms("1970-01-02T01:01:01.234Z") == 90'061'234);
  CHECK(parse_iso8601_utc_ms("2026-01-01T00:00:00Z") == 1'767'225'600'000);
  CHECK(parse_iso8601_utc_ms("2026-01-01T02:00:00+02:00") == 1'767'225'600'000);
  CHECK(parse_iso8601_utc_ms("2025-12-31T19:00:00-05:00") == 1'767'225'600'000);
  CHECK(parse_iso8601_utc_ms("2026-01-01T00:00:00.1234567Z") == 1'767'225'600'123);
  CHECK_FALSE(parse_iso8601_utc_ms("2026-01-01T00:00:00").has_value());  // no zone
  CHECK_FALSE(parse_iso8601_utc_ms("2026-01-01T00:00:00+0200").has_value());
  CHECK_FALSE(parse_iso8601_utc_ms("2026-02-30T00:00:00Z").has_value());
  CHECK(parse_iso8601_utc_ms("2024-02-29T00:00:00Z").has_value());
  CHECK_FALSE(parse_iso8601_utc_ms("2026-01-01 00:00:00Z").has_value());
  CHECK_FALSE(parse_iso8601_utc_ms("yesterday").has_value());
}

TEST_CASE("contact states: request and round trip through the real field names", "[unit][cxone]") {
  const auto req = cxone::build_contact_states(kCfg, "2026-01-01T00:00:00.000Z");
  CHECK(req.method == "GET");
  CHECK(req.path() == "/incontactapi/services/v31.0/contacts/states");
  CHECK(req.query() == "updatedSince=2026-01-01T00%3A00%3A00.000Z");
  CHECK(req.headers.get("Authorization") == std::string("Bearer tok"));
  CHECK(req.headers.get("Host") == std::string("api-c1.incontact.com"));
  CHECK(cxone::build_contact_states(kCfg, "").query().empty());

  const std::vector<cxone::ContactState> states{{CallId{"698822631732"}, "Active", "2026-01-01T00:00:01.000Z"},
                                                {CallId{"call-0002"}, "Disconnected", "2026-01-01T00:00:02.000Z"}};
  const std::string json = cxone::contact_states_to_json(states);
  // Numeric ids go out as numbers, like the real contactId.
  CHECK(json.find("\"contactId\":698822631732") != std::string::npos);
  CHECK(json.find("\"contactId\":\"call-0002\"") != std::string::npos);
  auto back = cxone::parse_contact_states(json);
  REQUIRE(back.ok());
  REQUIRE(back->size() == 2);
  CHECK((*back)[0].contact.str() == "698822631732");
  CHECK((*back)[0].state == "Active");
  CHECK((*back)[1].contact.str() == "call-0002");
  CHECK((*back)[1].state == "Disconnected");
  CHECK((*back)[1].last_update_time == "2026-01-01T00:00:02.000Z");

  // Digits with a leading zero would lose it as a number, so they stay a string.
  const std::string zero = cxone::contact_states_to_json({{CallId{"007"}, "Holding", "t"}});
  CHECK(zero.find("\"contactId\":\"007\"") != std::string::npos);
  CHECK(cxone::parse_contact_states(zero)->at(0).contact.str() == "007");
}

TEST_CASE("contact states: empty body is no change, missing fields are named", "[unit][cxone]") {
  auto none = cxone::parse_contact_states("");
  REQUIRE(none.ok());
  CHECK(none->empty());

  auto bad = cxone::parse_contact_states(R"({"totalRecords":1})");
  REQUIRE_FALSE(bad.ok());
  CHECK(mentions(bad.error(), "contactStates"));

  bad = cxone::parse_contact_states(R"({"contactStates":[{"contactStateName":"Active","lastUpdateTime":"t"}]})");
  REQUIRE_FALSE(bad.ok());
  CHECK(mentions(bad.error(), "contactStates[0].contactId"));

  bad = cxone::parse_contact_states(
      R"({"contactStates":[{"contactId":1,"contactStateName":"Active","lastUpdateTime":"t"},{"contactId":2,"lastUpdateTime":"t"}]})");
  REQUIRE_FALSE(bad.ok());
  CHECK(mentions(bad.error(), "contactStates[1].contactStateName"));

  bad = cxone::parse_contact_states(R"({"contactStates":[{"contactId":1,"contactStateName":"Active"}]})");
  REQUIRE_FALSE(bad.ok());
  CHECK(mentions(bad.error(), "lastUpdateTime"));

  CHECK_FALSE(cxone::parse_contact_states("not json").ok());
}

TEST_CASE("recording status: request, round trip and the documented values", "[unit][cxone]") {
  const auto req = cxone::build_recording_status(kCfg, CallId{"c/1"});
  CHECK(req.method == "GET");
  CHECK(req.path() == "/interaction-recording-management-service/v1/interactions/get-recording-status");
  CHECK(req.query() == "userId=agent%207&contactId=c%2F1");

  for (const char* s : {"Recording", "Stopped", "RecordingFailure", "NoRecording", "PoorRecordingQuality"}) {
    auto back = cxone::parse_recording_status(cxone::recording_status_to_json(CallId{"c1"}, s, "Policy"));
    REQUIRE(back.ok());
    CHECK(*back == s);
  }
  const auto json = nlohmann::json::parse(cxone::recording_status_to_json(CallId{"c1"}, "Stopped", "StopOnDemand"));
  CHECK(json["contactId"] == "c1");
  CHECK(json["recordingStatusFromAgent"] == "Stopped");
  CHECK(json["statusReason"] == "StopOnDemand");

  auto bad = cxone::parse_recording_status(R"({"contactId":"c1"})");
  REQUIRE_FALSE(bad.ok());
  CHECK(mentions(bad.error(), "recordingStatusToAgent"));
  bad = cxone::parse_recording_status(R"({"recordingStatusToAgent":"Paused"})");
  REQUIRE_FALSE(bad.ok());
  CHECK(mentions(bad.error(), "recordingStatusToAgent"));
  CHECK(mentions(bad.error(), "Paused"));
}

TEST_CASE("media playback: request and interactions.data.fileToPlayUrl round trip", "[unit][cxone]") {
  const auto req = cxone::build_media_playback(kCfg, CallId{"123456"});
  CHECK(req.method == "GET");
  CHECK(req.path() == "/media-playback/v1/contacts");
  CHECK(req.query() == "acd-call-id=123456&media-type=voice-only");

  cxone::PlaybackInfo p;
  p.file_to_play_url = "https://cdn.example/cxone/t/rec-1.wav?sig=x";
  p.start_time = "2026-01-01T00:00:00.000Z";
  p.end_time = "2026-01-01T00:01:00.000Z";
  const std::string json = cxone::media_playback_to_json(CallId{"123456"}, {p});
  const auto doc = nlohmann::json::parse(json);
  CHECK(doc["interactions"][0]["data"]["fileToPlayUrl"] == p.file_to_play_url);
  auto back = cxone::parse_media_playback(json);
  REQUIRE(back.ok());
  REQUIRE(back->size() == 1);
  CHECK((*back)[0].file_to_play_url == p.file_to_play_url);
  CHECK((*back)[0].start_time == p.start_time);
  CHECK((*back)[0].end_time == p.end_time);
  CHECK((*back)[0].duration_ms == -1);  // the real API has no such field
  CHECK((*back)[0].size_bytes == -1);

  auto empty = cxone::parse_media_playback(cxone::media_playback_to_json(CallId{"123456"}, {}));
  REQUIRE(empty.ok());
  CHECK(empty->empty());
}

TEST_CASE("media playback: times fall back to the interaction, missing fields are named", "[unit][cxone]") {
  auto got = cxone::parse_media_playback(
      R"({"interactions":[{"mediaType":"voice-only","startTime":"a","endTime":"b","data":{"fileToPlayUrl":"u"}}]})");
  REQUIRE(got.ok());
  CHECK((*got)[0].start_time == "a");
  CHECK((*got)[0].end_time == "b");

  auto bad = cxone::parse_media_playback(R"({"contactId":"x"})");
  REQUIRE_FALSE(bad.ok());
  CHECK(mentions(bad.error(), "interactions"));
  bad = cxone::parse_media_playback(R"({"interactions":[{"mediaType":"voice-only"}]})");
  REQUIRE_FALSE(bad.ok());
  CHECK(mentions(bad.error(), "interactions[0].data"));
  bad = cxone::parse_media_playback(R"({"interactions":[{"data":{"fileToPlayUrl":"u"}},{"data":{"startTime":"a"}}]})");
  REQUIRE_FALSE(bad.ok());
  CHECK(mentions(bad.error(), "interactions[1].data.fileToPlayUrl"));
}

TEST_CASE("start recording on demand names the user, the contact and the key", "[unit][cxone]") {
  const auto req = cxone::build_start_recording(kCfg, CallId{"call-0009"}, "key-1");
  CHECK(req.method == "POST");
  CHECK(req.path() == "/interaction-recording-management-service/v1/interactions/start-recording-on-demand");
  CHECK(req.query() == "userId=agent%207");
  CHECK(req.headers.get("Idempotency-Key") == std::string("key-1"));
  CHECK(req.headers.get("Content-Type") == std::string("application/json"));
  auto named = cxone::parse_start_recording_body(req.body_view());
  REQUIRE(named.ok());
  CHECK(named->str() == "call-0009");

  // A numeric contact goes out as a number and reads back as the same digits.
  const auto numeric = cxone::build_start_recording(kCfg, CallId{"42"}, "k");
  CHECK(numeric.body_view() == R"({"contactId":42})");
  CHECK(cxone::parse_start_recording_body(numeric.body_view())->str() == "42");

  auto bad = cxone::parse_start_recording_body("{}");
  REQUIRE_FALSE(bad.ok());
  CHECK(mentions(bad.error(), "contactId"));

  const auto resp = nlohmann::json::parse(cxone::start_recording_response(CallId{"call-0009"}, "Recording started"));
  CHECK(resp["contactId"] == "call-0009");
  CHECK(resp["description"] == "Recording started");
}

TEST_CASE("error bodies carry internalCode and message only", "[unit][cxone]") {
  const auto doc = nlohmann::json::parse(cxone::error_body("TooManyRequests", "slow down"));
  CHECK(doc.size() == 2);
  CHECK(doc["internalCode"] == "TooManyRequests");
  CHECK(doc["message"] == "slow down");
}
