// early_media_fetches counts media requests for an artifact its platform has
// not made AVAILABLE yet: the "fetch on recording-started" trap. A metric
// that never moves proves nothing, so a faulty fetch is played at the world
// first; then the library scenario must leave it at 0.
#include <catch2/catch.hpp>

#include <filesystem>
#include <variant>

#include "sim/runner/expectations.hpp"
#include "sim/scenario/scenario_loader.hpp"
#include "sim/world/sim_world.hpp"
#include "support/scenario_world.hpp"

using namespace recguard;

namespace {

constexpr const char* kScenario = "triggering-on-recording-started";

// What an eager pipeline sends: a plain GET of the path the artifact will
// be served at, without waiting for the platform to say it is there.
http::Response fetch_media(sim::SimWorld& world, const std::string& path) {
  http::Request req;
  req.method = "GET";
  req.target = path;
  req.headers.set("Range", "bytes=0-1023");
  return world.send_as_pipeline(pipeline::Endpoint::cdn, req);
}

const mocks::SimRecording& genesys_recording(const sim::SimWorld& world, const char* id) {
  return world.genesys().recordings().at(RecordingId{id});
}

}  // namespace

TEST_CASE("a media fetch before AVAILABLE counts as early, one after it does not", "[scenario][early-fetch]") {
  auto setup = testing::scenario_setup(kScenario);
  // At 10 min the slow uploads of rec-0002 (Genesys) and call-0006 (CXone)
  // are still running; rec-0001 has been AVAILABLE for minutes.
  setup.run_for = Duration::minutes(10);
  sim::SimWorld world(setup);
  const auto result = world.run();
  REQUIRE(result.metrics.early_media_fetches == 0);
  REQUIRE(genesys_recording(world, "rec-0002").file_state == "UPLOADING");
  REQUIRE(genesys_recording(world, "rec-0001").file_state == "AVAILABLE");
  REQUIRE(world.cxone()->recordings().at(RecordingId{"call-0006"}).file_state == "UPLOADING");

  CHECK(fetch_media(world, "/recordings/acme/rec-0002.wav").status == 404);  // not on the CDN yet
  CHECK(world.metrics().early_media_fetches == 1);
  fetch_media(world, "/cxone/acme-cx/call-0006.wav");
  CHECK(world.metrics().early_media_fetches == 2);

  CHECK(fetch_media(world, "/recordings/acme/rec-0001.wav").status == 206);  // final: not early
  CHECK(fetch_media(world, "/recordings/acme/rec-9999.wav").status == 404);  // names no recording
  CHECK(world.metrics().early_media_fetches == 2);
}

TEST_CASE("a media fetch while the capture still runs counts as early", "[scenario][early-fetch]") {
  auto setup = testing::scenario_setup(kScenario);
  setup.run_for = Duration::minutes(2);  // every call is still up
  sim::SimWorld world(setup);
  world.run();
  REQUIRE(genesys_recording(world, "rec-0001").file_state == "CAPTURING");
  fetch_media(world, "/recordings/acme/rec-0001.wav");
  CHECK(world.metrics().early_media_fetches == 1);
}

TEST_CASE("the library scenario waits out every slow upload and fetches nothing early", "[scenario][early-fetch]") {
  sim::SimWorld world(testing::scenario_setup(kScenario));
  const auto result = world.run();
  CHECK(result.violations.empty());
  CHECK(result.metrics.early_media_fetches == 0);
  CHECK(result.outcome_counts.at("compliance_verified") == 6);
  // The window the old pipeline fell into was real: the notification that
  // the capture stopped came long before the artifact was final.
  const auto& slow = genesys_recording(world, "rec-0004");
  REQUIRE(slow.ended);
  REQUIRE(slow.available_at);
  CHECK(*slow.available_at - *slow.ended >= Duration::minutes(45));
}

TEST_CASE("expect.metrics takes early_media_fetches and fails a run that fetched early", "[scenario][early-fetch]") {
  const auto file = std::filesystem::path(RECGUARD_SOURCE_DIR) / "scenarios" / (std::string(kScenario) + ".json");
  auto loaded = sim::load_scenario_file(file);
  REQUIRE(std::holds_alternative<sim::LoadedScenario>(loaded));
  const auto& expect = std::get<sim::LoadedScenario>(loaded).scenario.expect;
  REQUIRE(expect.metrics.count("early_media_fetches") == 1);

  sim::RunResult eager;
  eager.outcome_counts["compliance_verified"] = 6;
  eager.metrics.early_media_fetches = 3;
  for (const char* id : {"rec-0002", "rec-0004", "call-0006"}) {
    eager.recordings[RecordingId{id}] = sim::RecordingOutcome{"compliance_verified", "", 0};
  }
  const auto failures = sim::check_expectations(expect, eager);
  REQUIRE(failures.size() == 1);
  CHECK(failures.front() == "metrics.early_media_fetches: expected 0, got 3");
}
