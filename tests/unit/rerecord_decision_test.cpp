// Where a re-record is decided: the call's state is asked at that moment, the
// key is in the row before the command leaves, 409 is "already done", an
// unanswered command is looked up before any retry, an ended call never gets one.
#include <catch2/catch.hpp>

#include "core/workflow/recording_workflow.hpp"

using namespace recguard;
using namespace recguard::workflow;

namespace {

const Policy kPolicy{};

RecordingWorkflow fresh() {
  RecordingRow r;
  r.id = RecordingId{"rec-0001"};
  r.call = CallId{"call-0001"};
  return RecordingWorkflow(r, kPolicy, 1);
}

template <class T>
bool drain_has(RecordingWorkflow& wf) {
  bool found = false;
  while (auto c = wf.poll_command()) found = found || std::holds_alternative<T>(*c);
  return found;
}

}  // namespace

TEST_CASE("an ERROR on a live call asks the platform, then re-records once under a journalled key",
          "[unit][rerecord]") {
  auto wf = fresh();
  Instant now{5'000'000};
  wf.handle(PlatformUpdate{"ERROR", {}}, now);
  REQUIRE(drain_has<FetchCallState>(wf));
  CHECK(wf.row().rerecord.status == RerecordStatus::none);  // nothing decided before the answer

  wf.handle(CallStateFetched{200, true}, now);
  CHECK(wf.row().rerecord.status == RerecordStatus::requested);
  CHECK(wf.row().rerecord.idempotency_key == rerecord_key_for(CallId{"call-0001"}, now, 1));
  CHECK(wf.take_dirty());  // the key goes to the journal with the command
  REQUIRE(drain_has<StartRerecord>(wf));

  SECTION("409 means already recording: done, no retry") {
    wf.handle(RerecordAnswered{409}, now);
    CHECK(wf.row().rerecord.status == RerecordStatus::confirmed);
    CHECK(wf.row().rerecord.attempts == 1);
    CHECK_FALSE(drain_has<StartRerecord>(wf));
  }
  SECTION("a duplicate ERROR delivery asks for nothing more") {
    wf.handle(RerecordAnswered{202}, now);
    wf.handle(PlatformUpdate{"ERROR", {}}, now + Duration::seconds(1));
    CHECK_FALSE(drain_has<StartRerecord>(wf));
    CHECK_FALSE(drain_has<FetchCallState>(wf));
    CHECK(wf.row().rerecord.attempts == 1);
  }
  SECTION("an unanswered command is looked up before any retry") {
    wf.handle(RerecordAnswered{0}, now);
    REQUIRE(drain_has<ListCallRecordings>(wf));
    wf.handle(CallRecordingsListed{200, true}, now);
    CHECK(wf.row().rerecord.status == RerecordStatus::confirmed);
    CHECK(wf.row().rerecord.attempts == 1);
  }
  SECTION("not found after the lookup: retried under the same key once the call is confirmed live") {
    const std::string key = wf.row().rerecord.idempotency_key;
    wf.handle(RerecordAnswered{503}, now);
    REQUIRE(drain_has<ListCallRecordings>(wf));
    wf.handle(CallRecordingsListed{200, false}, now);
    REQUIRE(wf.next_deadline() == now + Duration::seconds(2));
    wf.handle_timeout(now + Duration::seconds(2));
    REQUIRE(drain_has<FetchCallState>(wf));
    wf.handle(CallStateFetched{200, false}, now + Duration::seconds(2));
    CHECK(wf.row().rerecord.status == RerecordStatus::refused);  // the call ended meanwhile: never sent again
    CHECK(wf.row().rerecord.idempotency_key == key);
    CHECK(wf.row().rerecord.attempts == 1);
  }
}

TEST_CASE("an ended call is never re-recorded: the failure goes to re-fetch", "[unit][rerecord]") {
  auto wf = fresh();
  Instant now{1'000'000};
  wf.handle(CallEndedSeen{}, now);
  wf.handle(PlatformUpdate{"ERROR", {}}, now);
  CHECK_FALSE(drain_has<FetchCallState>(wf));
  CHECK(wf.row().rerecord.status == RerecordStatus::none);
  CHECK(wf.next_deadline() == now + Duration::seconds(2));  // first re-fetch
  CHECK(wf.row().failure_log.size() == 1);
}

TEST_CASE("a call the platform says has ended is not re-recorded, and unknown is not live", "[unit][rerecord]") {
  for (auto answer : {CallStateFetched{200, false}, CallStateFetched{503, std::nullopt}}) {
    auto wf = fresh();
    Instant now{1'000'000};
    wf.handle(PlatformUpdate{"ERROR", {}}, now);
    REQUIRE(drain_has<FetchCallState>(wf));
    wf.handle(answer, now);
    CHECK_FALSE(drain_has<StartRerecord>(wf));
    CHECK(wf.row().rerecord.status == RerecordStatus::none);
  }
}

TEST_CASE("no re-record before the failing artifact's upload is final (barrier)", "[unit][rerecord]") {
  auto wf = fresh();
  Instant now{1'000'000};
  wf.handle(PlatformUpdate{"UPLOADING", {}}, now);
  CHECK_FALSE(drain_has<FetchCallState>(wf));
  wf.handle(PlatformUpdate{"AVAILABLE", {"https://cdn/x.wav"}}, now + Duration::seconds(3));
  CHECK(drain_has<FetchCallState>(wf));  // final now: the decision may be asked
}

TEST_CASE("a recording AVAILABLE before its call ended is re-recorded once and still fetched", "[unit][rerecord]") {
  // A media-server failover closes the capture mid-call: status, size and
  // duration agree with the cut file, so only the call still being up says
  // the capture stopped early.
  auto wf = fresh();
  Instant now{300'000'000};
  wf.handle(PlatformUpdate{"UPLOADING", {}}, now);
  CHECK_FALSE(drain_has<FetchCallState>(wf));
  now = now + Duration::seconds(8);
  wf.handle(PlatformUpdate{"AVAILABLE", {"https://cdn/rec-0001.wav"}}, now);
  bool metadata = false;
  bool call_state = false;
  while (auto c = wf.poll_command()) {
    metadata = metadata || std::holds_alternative<FetchMetadata>(*c);
    call_state = call_state || std::holds_alternative<FetchCallState>(*c);
  }
  CHECK(metadata);  // its own bytes are fetched and judged all the same
  REQUIRE(call_state);
  wf.handle(CallStateFetched{200, true}, now);
  REQUIRE(drain_has<StartRerecord>(wf));
  CHECK(wf.row().rerecord.status == RerecordStatus::requested);
  REQUIRE_FALSE(wf.row().failure_log.empty());
  CHECK(wf.row().failure_log.back().find("still up") != std::string::npos);
  wf.handle(RerecordAnswered{202}, now);
  CHECK(wf.row().rerecord.status == RerecordStatus::confirmed);

  // A duplicate AVAILABLE asks nothing more: one re-record per stopped capture.
  wf.handle(PlatformUpdate{"AVAILABLE", {"https://cdn/rec-0001.wav"}}, now + Duration::seconds(15));
  CHECK_FALSE(drain_has<FetchCallState>(wf));
  CHECK_FALSE(drain_has<StartRerecord>(wf));
  CHECK(wf.row().rerecord.attempts == 1);
}

TEST_CASE("a recording AVAILABLE after its call ended asks nothing about the call", "[unit][rerecord]") {
  auto wf = fresh();
  Instant now{1'000'000};
  wf.handle(CallEndedSeen{}, now);
  wf.handle(PlatformUpdate{"AVAILABLE", {"https://cdn/rec-0001.wav"}}, now + Duration::seconds(5));
  CHECK_FALSE(drain_has<FetchCallState>(wf));
  CHECK(wf.row().failure_log.empty());
}

TEST_CASE("re-record keys are a pure function of call, failure time and sequence", "[unit][rerecord]") {
  const CallId c{"call-0009"};
  CHECK(rerecord_key_for(c, Instant{7}, 1) == rerecord_key_for(c, Instant{7}, 1));
  CHECK(rerecord_key_for(c, Instant{7}, 1) != rerecord_key_for(c, Instant{8}, 1));
  CHECK(rerecord_key_for(c, Instant{7}, 1) != rerecord_key_for(c, Instant{7}, 2));
  CHECK(rerecord_key_for(c, Instant{7}, 1) != rerecord_key_for(CallId{"call-0010"}, Instant{7}, 1));
}
