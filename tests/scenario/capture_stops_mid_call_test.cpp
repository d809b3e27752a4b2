// truncate_artifact with capture_stops "mid_call": the platform finishes a cut
// capture (UPLOADING, then AVAILABLE) while the customer is still on the line.
// What the world does is asserted from the simulated Genesys's truth; the
// library scenario zero-byte-upload-on-live-call is the incident it serves.
#include <catch2/catch.hpp>

#include <string>
#include <variant>

#include "sim/runner/world_planner.hpp"
#include "sim/scenario/scenario_loader.hpp"
#include "sim/world/sim_world.hpp"
#include "support/scenario_world.hpp"

using namespace recguard;

namespace {

std::string scenario_text(const std::string& platform, const std::string& capture_stops) {
  return R"({
  "name": "mid-call", "seed": 5,
  "world": {
    "platforms": [{"kind": "genesys", "org": "acme", "webhook": {"secret": "s3cr3t"}}, {"kind": "cxone", "tenant": "t"}],
    "stores": {
      "primary": {"kind": "s3", "bucket": "rec-primary", "region": "us-east-1", "credentials": "primary-writer"},
      "backup": {"kind": "azure_blob", "account": "recbackup", "container": "rec-backup", "region": "eastus2",
                 "credentials": "backup-writer"}
    }
  },
  "traffic": {"calls": [{"id": "call-0001", "platform": ")" +
         platform + R"(", "start": "0s", "length": "9m", "media": {"format": "wav_ulaw_8k", "channels": 1}}]},
  "faults": [{"kind": "truncate_artifact", "at": "1m", "target": {"call": "call-0001"}, "keep_bytes": 0,
              "capture_stops": ")" +
         capture_stops + R"("}],
  "expect": {"invariants": "all"}
})";
}

sim::Plan plan_of(const std::string& platform, const std::string& capture_stops) {
  auto loaded = sim::load_scenario_text(scenario_text(platform, capture_stops), "mid-call.json");
  if (auto* e = std::get_if<sim::ScenarioError>(&loaded)) FAIL(e->message());
  const auto& sc = std::get<sim::LoadedScenario>(loaded).scenario;
  return sim::plan_world(sc, sc.seed);
}

}  // namespace

TEST_CASE("a capture that stops mid-call is uploaded cut while the call goes on", "[scenario][faults]") {
  auto plan = plan_of("genesys", "mid_call");
  REQUIRE(plan.unsupported.empty());
  sim::SimWorld world(plan.setup);
  const auto run = testing::run_traced(world);

  const auto& recs = world.genesys().recordings();
  REQUIRE(recs.count(RecordingId{"rec-0001"}));
  const auto& first = recs.at(RecordingId{"rec-0001"});
  // A third into the 9-minute call (later than `at`), long before it ends.
  REQUIRE(first.ended);
  CHECK(*first.ended == Instant{} + Duration::minutes(3));
  REQUIRE(first.available_at);
  CHECK(*first.available_at < Instant{} + Duration::minutes(9));
  REQUIRE(first.artifact);
  CHECK(first.artifact->size() == 0);
  CHECK(run.trace.find("truncate_artifact mid_call rec-0001 capture stopped, call call-0001 still up") !=
        std::string::npos);

  // One start-recording, on the live call, after the cut artifact was final.
  REQUIRE(world.genesys().starts().size() == 1);
  const auto& start = world.genesys().starts().front();
  CHECK(start.call_live);
  CHECK_FALSE(start.a_recording_was_uploading);
  CHECK(start.at >= *first.available_at);
  REQUIRE(recs.count(RecordingId{"rec-0001-r1"}));
  CHECK(recs.at(RecordingId{"rec-0001-r1"}).artifact->size() > 0);

  for (const auto& v : run.result.violations) INFO(v.invariant << " " << v.recording << ": " << v.detail);
  CHECK(run.result.violations.empty());
  const auto& failed = run.result.recordings.at(RecordingId{"rec-0001"});
  INFO(failed.reason);
  CHECK(failed.state == "requires_manual_review");
  CHECK_FALSE(failed.reason.empty());
  CHECK(run.result.recordings.at(RecordingId{"rec-0001-r1"}).state == "compliance_verified");
}

TEST_CASE("capture_stops call_end (the default) cuts the artifact when the call ends, as before", "[scenario][faults]") {
  auto plan = plan_of("genesys", "call_end");
  REQUIRE(plan.unsupported.empty());
  sim::SimWorld world(plan.setup);
  const auto run = testing::run_traced(world);
  const auto& first = world.genesys().recordings().at(RecordingId{"rec-0001"});
  REQUIRE(first.ended);
  CHECK(*first.ended == Instant{} + Duration::minutes(9));
  CHECK(world.genesys().starts().empty());
  CHECK(run.trace.find("mid_call") == std::string::npos);
}

TEST_CASE("a mid-call stop that hits a cxone call is reported, not ignored", "[scenario][faults]") {
  const auto plan = plan_of("cxone", "mid_call");
  REQUIRE(plan.unsupported.size() == 1);
  CHECK(plan.unsupported.front().find("call-0001, a cxone call") != std::string::npos);
}
