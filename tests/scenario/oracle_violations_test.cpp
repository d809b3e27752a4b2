// The oracle must fire when an invariant is broken, not only stay quiet when
// it holds. Each case runs a real scenario (clean), then plays one faulty
// pipeline or platform against the world's true state through the models'
// real handlers, and checks that exactly the expected invariant fires.
#include <catch2/catch.hpp>

#include <algorithm>
#include <set>

#include "core/platforms/cxone/cxone_api.hpp"
#include "core/platforms/genesys/call_api.hpp"
#include "sim/oracle/oracle.hpp"
#include "sim/oracle/primary_write_rate.hpp"
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

TEST_CASE("oracle: primary writes beyond the write budget within a second fire rate_limits", "[scenario][oracle]") {
  sim::SimWorld world(testing::scenario_setup("happy-path"));
  auto result = world.run();
  REQUIRE(fired(world, result).empty());
  REQUIRE(!result.metrics.primary_write_times_us.empty());  // the run's own writes are judged too

  // S3's 3,500 PUT/s: one orchestrator's budget is 1,750/s with a burst of
  // 1,750, so no second can hold more than 3,500 of its writes.
  const auto bound = sim::primary_write_bound(world.setup().primary.put_limit_rps, world.setup().orchestrators);
  REQUIRE(bound.per_budget == 3500);
  // What a pipeline that ignored its budget would send when a peak's
  // recordings all finish together: a minute after the run, clear of its writes.
  auto& times = result.metrics.primary_write_times_us;
  const std::int64_t from_us = world.now().us + Duration::minutes(1).us;
  for (int i = 0; i < 3500; ++i) times.push_back(from_us + i * 285);  // 3,500 within 997.5 ms
  // The budget's guarantee itself must not fire.
  CHECK(fired(world, result).empty());
  times.push_back(from_us + Duration::seconds(1).us);  // one more, the second still holds the first
  const auto violations = sim::check_invariants(world, result);
  REQUIRE(violations.size() == 1);
  CHECK(violations.front().invariant == "rate_limits");
  CHECK_THAT(violations.front().detail, Catch::Contains("3501 writes") && Catch::Contains("allows 3500") &&
                                            Catch::Contains("1 budget(s) x (burst 1750 + 1750/s x 1s)"));
}

TEST_CASE("oracle: the primary write bound adds up orchestrators and restarted ones", "[scenario][oracle]") {
  // 10 PUT/s shared by two orchestrators: 5 each, so 2/s with a burst of 2
  // (integer halves), at most 4 a second each and 8 together.
  auto bound = sim::primary_write_bound(10, 2);
  CHECK(bound.rate_per_s == 2);
  CHECK(bound.burst == 2);
  CHECK(bound.per_budget == 4);
  std::vector<std::int64_t> writes(8, 5'000'000);
  CHECK(!sim::primary_write_excess(writes, {}, bound));
  writes.push_back(6'000'000);  // 9 within [5 s, 6 s], both ends included
  const auto excess = sim::primary_write_excess(writes, {}, bound);
  REQUIRE(excess);
  CHECK_THAT(*excess, Catch::Contains("9 writes from 5.000000s to 6.000000s"));
  // An orchestrator that restarted within that second boots with a full budget.
  CHECK(!sim::primary_write_excess(writes, {5'500'000}, bound));
  // One that restarted outside it does not count.
  CHECK(sim::primary_write_excess(writes, {6'000'001}, bound));
  CHECK(sim::primary_write_excess(writes, {4'999'999}, bound));
}

namespace {

// Forty Genesys calls that end within 40 ms of each other, against a primary
// whose documented limit is 4 PUT/s: the write budget (2/s, burst 2 for one
// orchestrator) must defer most live writes and pace their backfills.
sim::WorldSetup peak_world(int orchestrators) {
  sim::WorldSetup w;
  w.name = "budget-peak";
  w.seed = 11;
  w.orchestrators = orchestrators;
  w.primary.put_limit_rps = 4;
  for (int i = 0; i < 40; ++i) {
    sim::CallPlan c;
    c.id = CallId{"call-" + std::to_string(1000 + i)};
    c.recording = RecordingId{"rec-" + std::to_string(1000 + i)};
    c.start = Instant{} + Duration::millis(i);
    c.length = Duration::seconds(20);
    c.format = media::MediaFormat::wav_ulaw_8k;
    w.calls.push_back(c);
  }
  w.upload_time_min = Duration::seconds(1);
  w.upload_time_max = Duration::seconds(2);
  return w;
}

// The most primary writes in any span of `window`, both ends included.
std::size_t densest(const std::vector<std::int64_t>& times_us, Duration window) {
  std::size_t most = 0, lo = 0;
  for (std::size_t hi = 0; hi < times_us.size(); ++hi) {
    while (times_us[hi] - times_us[lo] > window.us) ++lo;
    most = std::max(most, hi - lo + 1);
  }
  return most;
}

}  // namespace

TEST_CASE("oracle: a peak that the write budget defers and backfills keeps rate_limits", "[scenario][oracle]") {
  const int orchestrators = GENERATE(1, 2);
  sim::SimWorld world(peak_world(orchestrators));
  const auto result = world.run();
  for (const auto& v : result.violations) INFO(v.invariant + " " + v.recording + " " + v.detail);
  CHECK(result.violations.empty());
  CHECK(result.outcome_counts.at("compliance_verified") == 40);
  // The budget was what held the primary back: live writes went to the
  // backup first and their primary copies came later as backfills.
  CHECK(result.metrics.store_writes_deferred > 0);
  CHECK(result.metrics.backfills > 0);
  const auto bound = sim::primary_write_bound(4, orchestrators);
  const auto& writes = result.metrics.primary_write_times_us;
  CHECK(writes.size() >= 40);
  CHECK(densest(writes, bound.window) <= static_cast<std::size_t>(bound.per_budget * orchestrators));
}
