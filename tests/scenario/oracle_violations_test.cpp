// The oracle must fire when an invariant is broken, not only stay quiet when
// it holds. Each case runs a real scenario (clean), then plays one faulty
// pipeline or platform against the world's true state through the models'
// real handlers, and checks that exactly the expected invariant fires.
#include <catch2/catch.hpp>

#include <set>

#include "core/platforms/cxone/cxone_api.hpp"
#include "core/platforms/genesys/call_api.hpp"
#include "sim/oracle/oracle.hpp"
#include "sim/world/sim_world.hpp"
#include "support/scenario_world.hpp"

using namespace recguard;

namespace {

std::set<std::string> fired(sim::SimWorld& world, const sim::RunResult& result) {
  std::set<std::string> names;
  for (const auto& v : sim::check_invariants(world, result)) names.insert(v.invariant);
  return names;
}

// Invariants that fire now and did not before the tampering.
std::set<std::string> newly_fired(const std::set<std::string>& before, const std::set<std::string>& after) {
  std::set<std::string> out;
  for (const auto& n : after) {
    if (!before.count(n)) out.insert(n);
  }
  return out;
}

http::Response start_recording(sim::SimWorld& world, const char* call, const std::string& key) {
  return world.send_as_pipeline(pipeline::Endpoint::genesys_api,
                                genesys::build_start_recording(world.genesys_api(), CallId{call}, key));
}

}  // namespace

TEST_CASE("oracle: a start-recording on an ended call fires no_rerecord_on_ended", "[scenario][oracle]") {
  sim::SimWorld world(testing::scenario_setup("happy-path"));
  const auto result = world.run();
  REQUIRE(fired(world, result).empty());

  const auto resp = start_recording(world, "call-0001", "rogue-key");
  CHECK(resp.status == 400);  // the platform refuses it, but it reached an ended call
  CHECK(fired(world, result) == std::set<std::string>{"no_rerecord_on_ended"});
}

TEST_CASE("oracle: a start-recording while a recording still uploads fires barrier", "[scenario][oracle]") {
  auto setup = testing::scenario_setup("slow-upload-barrier");
  // call-0002 ends at 7 min and its upload takes 20 min longer than usual:
  // at 10 min its recording is still UPLOADING.
  setup.run_for = Duration::minutes(10);
  sim::SimWorld world(setup);
  const auto result = world.run();
  const auto before = fired(world, result);
  REQUIRE(!before.count("barrier"));

  start_recording(world, "call-0002", "rogue-key");
  const auto now_fired = newly_fired(before, fired(world, result));
  CHECK(now_fired.count("barrier") == 1);
  // The call has ended too, so that check fires as well; nothing else may.
  CHECK(now_fired == std::set<std::string>{"barrier", "no_rerecord_on_ended"});
}

TEST_CASE("oracle: two captures under one idempotency key fire single_capture", "[scenario][oracle]") {
  auto setup = testing::scenario_setup("capture-crash-mid-call");
  // The capture of call-0001 crashes at 4 min and the pipeline re-records it
  // within seconds; at 5 min the re-record's capture is running.
  setup.run_for = Duration::minutes(5);
  sim::SimWorld world(setup);
  const auto result = world.run();
  const auto before = fired(world, result);
  REQUIRE(!before.count("single_capture"));
  const auto starts = world.platform_starts();
  REQUIRE(starts.size() == 1);
  const std::string key = starts.front()->idempotency_key;

  // The secondary capture crashes too, and a faulty pipeline re-sends the
  // SAME key instead of journalling a new one: a second capture for one key.
  REQUIRE(world.genesys_model().crash_capture(CallId{"call-0001"}, world.now()).has_value());
  CHECK(start_recording(world, "call-0001", key).status == 202);
  CHECK(newly_fired(before, fired(world, result)).count("single_capture") == 1);
  // The only other news is the crash itself, which the stopped run never saw.
  for (const auto& v : sim::check_invariants(world, result)) {
    if (v.invariant == "no_loss") CHECK(v.recording == "rec-0001-r1");
  }
}

TEST_CASE("oracle: a fourth re-fetch fires bounded_retries", "[scenario][oracle]") {
  sim::SimWorld world(testing::scenario_setup("happy-path"));
  const auto result = world.run();
  REQUIRE(fired(world, result).empty());

  auto row = world.journal().load(RecordingId{"rec-0001"});
  REQUIRE(row);
  row->fetch_attempts = 4;  // what a pipeline that ignores the 2 s / 8 s / 32 s bound would journal
  JournalBatch batch;
  batch.rows.push_back(*row);
  REQUIRE(world.journal().commit(batch).ok());
  const auto violations = sim::check_invariants(world, result);
  REQUIRE(violations.size() == 1);
  CHECK(violations.front().invariant == "bounded_retries");
  CHECK(violations.front().recording == "rec-0001");
}

TEST_CASE("oracle: a forged ERROR reaching a row fires spoof_rejected", "[scenario][oracle]") {
  sim::SimWorld world(testing::scenario_setup("happy-path"));
  const auto result = world.run();
  REQUIRE(fired(world, result).empty());

  auto row = world.journal().load(RecordingId{"rec-0002"});
  REQUIRE(row);
  // What the row would say had the pipeline acted on an unsigned webhook.
  row->failure_log.push_back("00:01:00.000 the platform reported fileState ERROR");
  JournalBatch batch;
  batch.rows.push_back(*row);
  REQUIRE(world.journal().commit(batch).ok());
  CHECK(fired(world, result) == std::set<std::string>{"spoof_rejected"});
}

TEST_CASE("oracle: 301 Genesys requests in a minute fire rate_limits", "[scenario][oracle]") {
  sim::SimWorld world(testing::scenario_setup("happy-path"));
  const auto result = world.run();
  REQUIRE(fired(world, result).empty());

  const auto api = world.genesys_api();
  const auto get = genesys::build_get_call(api, CallId{"call-0001"});
  // 300 in the window is the limit itself, and must not fire.
  const auto already = world.genesys().api_request_times();
  int in_window = 0;
  for (Instant t : already) in_window += (world.now() - t < Duration::minutes(1)) ? 1 : 0;
  for (int i = in_window; i < 300; ++i) world.send_as_pipeline(pipeline::Endpoint::genesys_api, get);
  CHECK(fired(world, result).empty());
  // One more is a pipeline that retried into the limit.
  CHECK(world.send_as_pipeline(pipeline::Endpoint::genesys_api, get).status == 429);
  CHECK(fired(world, result) == std::set<std::string>{"rate_limits"});
}

TEST_CASE("oracle: 151 CXone media-playback requests in 5 minutes fire rate_limits", "[scenario][oracle]") {
  sim::SimWorld world(testing::scenario_setup("cxone-capture-crash"));
  const auto result = world.run();
  REQUIRE(fired(world, result).empty());
  const auto api = world.cxone_api();
  REQUIRE(api);

  const auto get = cxone::build_media_playback(*api, CallId{"call-0001"});
  for (int i = 0; i <= mocks::CxoneModel::kPlaybackLimit; ++i) {
    world.send_as_pipeline(pipeline::Endpoint::cxone_api, get);
  }
  CHECK(fired(world, result) == std::set<std::string>{"rate_limits"});
}
