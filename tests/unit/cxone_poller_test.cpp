#include <catch2/catch.hpp>

#include "core/ingress/cxone_poller.hpp"

using namespace recguard;

namespace {

const cxone::ApiConfig kCfg{"api-c1.incontact.com", "tok", "agent-1"};

Instant at_s(std::int64_t s) { return Instant{} + Duration::seconds(s); }

std::string states(std::initializer_list<std::pair<const char*, const char*>> rows, const char* when) {
  std::vector<cxone::ContactState> v;
  for (const auto& [id, state] : rows) v.push_back({CallId{id}, state, when});
  return cxone::contact_states_to_json(v);
}

const ingress::RecordingUpdate* update_at(const std::vector<ingress::PlatformEvent>& ev, std::size_t i) {
  return i < ev.size() ? std::get_if<ingress::RecordingUpdate>(&ev[i]) : nullptr;
}

}  // namespace

TEST_CASE("CXone poller: a capture crash on a live contact becomes the ERROR event, once", "[unit][cxone]") {
  ingress::CxonePoller p(kCfg, Duration::seconds(5), Duration::seconds(10));
  auto first = p.due(at_s(0));
  REQUIRE(first.size() == 1);
  CHECK(first[0].kind == ingress::CxonePollRequest::Kind::contact_states);
  CHECK(first[0].request.target == "/incontactapi/services/v31.0/contacts/states");  // every contact at first
  CHECK(p.due(at_s(0)).empty());  // one poll in flight at a time

  CHECK(p.on_contact_states(200, states({{"call-0001", "Active"}}, "2026-01-01T00:00:01.000Z"), at_s(1)).empty());
  CHECK(p.known_live(CallId{"call-0001"}) == std::optional<bool>(true));
  // The next poll asks only for what changed since the newest time seen.
  auto next = p.due(at_s(6));
  REQUIRE_FALSE(next.empty());
  CHECK(next[0].request.target.find("updatedSince=2026-01-01T00%3A00%3A01.000Z") != std::string::npos);
  CHECK(p.on_contact_states(204, "", at_s(6)).empty());

  // Its recording status is asked every status interval while it is live.
  auto due = p.due(at_s(11));
  REQUIRE(due.size() == 2);
  CHECK(due[1].kind == ingress::CxonePollRequest::Kind::recording_status);
  CHECK(due[1].contact == CallId{"call-0001"});
  const auto failed = cxone::recording_status_to_json(CallId{"call-0001"}, "RecordingFailure");
  auto ev = p.on_recording_status(CallId{"call-0001"}, 200, failed, at_s(11));
  REQUIRE(ev.size() == 1);
  const auto* u = update_at(ev, 0);
  REQUIRE(u != nullptr);
  CHECK(u->platform == Platform::cxone);
  CHECK(u->recording == RecordingId{"call-0001"});
  CHECK(u->file_state == "ERROR");
  CHECK(p.capture_failed(CallId{"call-0001"}, RecordingId{"call-0001"}));
  // Asked again before anything changed: no second event.
  CHECK(p.on_recording_status(CallId{"call-0001"}, 200, failed, at_s(21)).empty());
}

TEST_CASE("CXone poller: after a re-record the hang-up uploads only the captures that did not fail",
          "[unit][cxone]") {
  ingress::CxonePoller p(kCfg, Duration::seconds(5), Duration::seconds(10));
  p.due(at_s(0));
  p.on_contact_states(200, states({{"call-0001", "Active"}}, "2026-01-01T00:00:01.000Z"), at_s(1));
  p.due(at_s(11));
  p.on_recording_status(CallId{"call-0001"}, 200, cxone::recording_status_to_json(CallId{"call-0001"}, "RecordingFailure"),
                        at_s(11));
  p.note_capture_started(CallId{"call-0001"});
  p.note_capture_started(CallId{"call-0001"});  // a second confirmation of the same capture counts once
  // The status poll seeing "Recording" again is the same capture, not a third.
  p.on_recording_status(CallId{"call-0001"}, 200, cxone::recording_status_to_json(CallId{"call-0001"}, "Recording"),
                        at_s(21));

  p.due(at_s(30));
  auto ev = p.on_contact_states(200, states({{"call-0001", "Disconnected"}}, "2026-01-01T00:00:30.000Z"), at_s(30));
  REQUIRE(ev.size() == 1);
  CHECK(std::holds_alternative<ingress::CallEnded>(ev[0]));
  CHECK(p.known_live(CallId{"call-0001"}) == std::optional<bool>(false));
  // The closing check: one more status, asked after the end, before the
  // captures are reported uploading.
  auto closing = p.due(at_s(30));
  REQUIRE(closing.size() == 1);
  CHECK(closing[0].kind == ingress::CxonePollRequest::Kind::recording_status);
  ev = p.on_recording_status(CallId{"call-0001"}, 200,
                             cxone::recording_status_to_json(CallId{"call-0001"}, "Stopped"), at_s(30));
  REQUIRE(ev.size() == 1);
  const auto* u = update_at(ev, 0);
  REQUIRE(u != nullptr);
  CHECK(u->recording == RecordingId{"call-0001-r1"});
  CHECK(u->file_state == "UPLOADING");
  // The same row again (updatedSince is inclusive) ends nothing twice.
  p.due(at_s(35));
  CHECK(p.on_contact_states(200, states({{"call-0001", "Disconnected"}}, "2026-01-01T00:00:30.000Z"), at_s(35)).empty());
  // No status polls for an ended contact once its closing check is answered.
  for (const auto& r : p.due(at_s(100))) CHECK(r.kind == ingress::CxonePollRequest::Kind::contact_states);

  // media-playback lists the playable captures in start order: only r1 here.
  cxone::PlaybackInfo item;
  item.file_to_play_url = "https://cdn/r1.wav";
  const std::vector<cxone::PlaybackInfo> items{item};
  CHECK_FALSE(p.pick(CallId{"call-0001"}, RecordingId{"call-0001"}, items).has_value());
  auto picked = p.pick(CallId{"call-0001"}, RecordingId{"call-0001-r1"}, items);
  REQUIRE(picked.has_value());
  CHECK(picked->file_to_play_url == "https://cdn/r1.wav");
  CHECK_FALSE(p.pick(CallId{"call-0001"}, RecordingId{"call-0001-r1"}, {}).has_value());  // not playable yet
}

TEST_CASE("CXone poller: a capture that died before the first status poll is reported failed at the hang-up",
          "[unit][cxone]") {
  // Found by recguard explore: a 5-second contact whose capture crashed at
  // 1.7 s ended before its first status poll; its recording waited 2 h for an
  // upload that could not come.
  ingress::CxonePoller p(kCfg, Duration::seconds(5), Duration::seconds(10));
  p.due(at_s(0));
  p.on_contact_states(200, states({{"call-0001", "Disconnected"}}, "2026-01-01T00:00:05.000Z"), at_s(5));
  auto closing = p.due(at_s(5));
  REQUIRE(closing.size() == 1);
  CHECK(closing[0].contact == CallId{"call-0001"});
  auto ev = p.on_recording_status(CallId{"call-0001"}, 200,
                                  cxone::recording_status_to_json(CallId{"call-0001"}, "RecordingFailure"), at_s(5));
  REQUIRE(ev.size() == 1);
  const auto* u = update_at(ev, 0);
  REQUIRE(u != nullptr);
  CHECK(u->recording == RecordingId{"call-0001"});
  CHECK(u->file_state == "ERROR");  // not UPLOADING: nothing will ever be uploaded
  CHECK(p.capture_failed(CallId{"call-0001"}, RecordingId{"call-0001"}));
}

TEST_CASE("CXone poller: a closing check the platform keeps failing reports the captures uploading after three tries",
          "[unit][cxone]") {
  ingress::CxonePoller p(kCfg, Duration::seconds(5), Duration::seconds(10));
  p.due(at_s(0));
  p.on_contact_states(200, states({{"call-0001", "Disconnected"}}, "2026-01-01T00:00:05.000Z"), at_s(5));
  const auto busy = cxone::error_body("InternalError", "x");
  for (int attempt = 1; attempt <= 2; ++attempt) {
    const Instant t = at_s(5 + 10 * (attempt - 1));
    bool asked = false;
    for (const auto& r : p.due(t)) asked = asked || r.kind == ingress::CxonePollRequest::Kind::recording_status;
    REQUIRE(asked);
    CHECK(p.on_recording_status(CallId{"call-0001"}, 500, busy, t).empty());
  }
  p.due(at_s(25));
  auto ev = p.on_recording_status(CallId{"call-0001"}, 500, busy, at_s(25));
  REQUIRE(ev.size() == 1);
  CHECK(update_at(ev, 0)->file_state == "UPLOADING");  // the workflow's own upload wait takes over
}

TEST_CASE("CXone poller: an unreadable or failed poll changes nothing and is asked again", "[unit][cxone]") {
  ingress::CxonePoller p(kCfg, Duration::seconds(5), Duration::seconds(10));
  p.due(at_s(0));
  CHECK(p.on_contact_states(500, cxone::error_body("InternalError", "x"), at_s(0)).empty());
  CHECK(p.next_deadline() == at_s(5));
  auto again = p.due(at_s(5));
  REQUIRE(again.size() == 1);
  CHECK(again[0].request.target == "/incontactapi/services/v31.0/contacts/states");  // still from the start
  CHECK(p.on_contact_states(200, "{not json", at_s(5)).empty());
  CHECK_FALSE(p.known_live(CallId{"call-0001"}).has_value());
}

TEST_CASE("CXone poller: ended contacts are forgotten after the horizon, live ones never", "[unit][cxone]") {
  ingress::CxonePoller p(kCfg, Duration::seconds(5), Duration::seconds(10));
  p.due(at_s(0));
  p.on_contact_states(200, states({{"call-0001", "Active"}, {"call-0002", "Active"}}, "2026-01-01T00:00:01.000Z"),
                      at_s(1));
  p.due(at_s(30));
  p.on_contact_states(200, states({{"call-0001", "Disconnected"}}, "2026-01-01T00:00:30.000Z"), at_s(30));
  REQUIRE(p.tracked() == 2);
  CHECK(p.forget_ended(at_s(29)) == 0);  // ended after the cutoff: still needed
  CHECK(p.forget_ended(at_s(30)) == 1);
  CHECK(p.tracked() == 1);
  CHECK_FALSE(p.known_live(CallId{"call-0001"}).has_value());
  CHECK(p.known_live(CallId{"call-0002"}) == std::optional<bool>(true));
  CHECK(p.forget_ended(at_s(100000)) == 0);  // a live contact stays, however old
}
