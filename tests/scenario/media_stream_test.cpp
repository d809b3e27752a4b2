// Large artifacts through the whole simulated world: ranged CDN reads,
// S3 multipart and Azure block uploads, completion after validation, and
// what a crash or a throttled tier in the middle of a stream leaves behind.
#include <catch2/catch.hpp>

#include <sstream>
#include <string>
#include <variant>

#include "sim/runner/world_planner.hpp"
#include "sim/scenario/scenario_loader.hpp"
#include "sim/world/sim_world.hpp"
#include "support/scenario_world.hpp"

using namespace recguard;

namespace {

constexpr const char* kBigKey = "recordings/genesys/rec-0001.wav";
constexpr std::int64_t kChunk = 8LL * 1024 * 1024;

using Run = testing::TracedRun;
Run run(sim::SimWorld& world) { return testing::run_traced(world); }

std::size_t count(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

// One 40-minute 16 kHz stereo call (154 MB, 19 parts), with `faults`.
sim::WorldSetup big_call_with(const std::string& faults_json) {
  const std::string text = R"({
  "name": "big-call", "seed": 67,
  "world": {
    "platforms": [{"kind": "genesys", "org": "acme",
                   "webhook": {"timeout": "30s", "retries": 3, "retry_delay": "15s", "secret": "s3cr3t"}}],
    "stores": {
      "primary": {"kind": "s3", "bucket": "rec-primary", "region": "us-east-1", "credentials": "primary-writer"},
      "backup": {"kind": "azure_blob", "account": "recbackup", "container": "rec-backup", "region": "eastus2",
                 "credentials": "backup-writer"}
    },
    "links": {"default_latency": "20ms", "platform-orchestrator": "60ms"}
  },
  "traffic": {"calls": [
    {"id": "call-0001", "platform": "genesys", "start": "0s", "length": "40m",
     "media": {"format": "wav_pcm16_16k", "channels": 2}}
  ]},
  "faults": )" + faults_json + R"(,
  "expect": {"invariants": "all", "outcomes": {"compliance_verified": 1}}
})";
  auto loaded = sim::load_scenario_text(text, "big-call.json");
  if (auto* e = std::get_if<sim::ScenarioError>(&loaded)) FAIL(e->message());
  const auto& sc = std::get<sim::LoadedScenario>(loaded).scenario;
  auto plan = sim::plan_world(sc, sc.seed);
  REQUIRE(plan.unsupported.empty());
  return plan.setup;
}

}  // namespace

TEST_CASE("a crash in the middle of a multipart upload leaves no parts behind and loses nothing",
          "[scenario][stream]") {
  sim::SimWorld world(testing::scenario_setup("orchestrator-crash-mid-multipart"));
  const Run r = run(world);
  for (const auto& v : r.result.violations) INFO(v.invariant << " " << v.recording << ": " << v.detail);
  CHECK(r.result.violations.empty());
  CHECK(r.result.metrics.orchestrator_crashes == 1);
  // The crash came after the first upload had begun and before it completed...
  const auto crash_at = r.trace.find("fault crash orchestrator down");
  REQUIRE(crash_at != std::string::npos);
  CHECK(r.trace.rfind("rec-0001.wav?uploads", crash_at) != std::string::npos);
  // ...the restarted process aborted that upload (its id was journalled) and began a new one.
  const auto restart_at = r.trace.find("restarted from its journal");
  REQUIRE(restart_at != std::string::npos);
  CHECK(r.trace.find("DELETE primary /rec-primary/recordings/genesys/rec-0001.wav?uploadId=mpu1.", restart_at) !=
        std::string::npos);
  CHECK(r.result.metrics.s3_uploads_left_open == 0);
  // One object per tier, assembled from parts, the platform's bytes (no_loss checked the hash).
  const auto& versions = world.primary_store().objects().at(kBigKey);
  REQUIRE(versions.size() == 1);
  CHECK(versions[0].part_count == 19);
  CHECK(versions[0].size > 150'000'000);
  CHECK(r.result.recordings.at(RecordingId{"rec-0001"}).state == "compliance_verified");
  CHECK(r.result.metrics.media_held_peak_bytes <= 3 * kChunk);
}

TEST_CASE("a primary throttled in the middle of a stream leaves it, the backup completes and the primary is "
          "backfilled",
          "[scenario][stream]") {
  // SlowDown on the primary for a minute around the stream (it runs from 2414.7 s to 2417 s).
  sim::SimWorld world(big_call_with(
      R"([{"kind": "throttle", "at": "2416s", "until": "2476s", "target": {"node": "primary"}, "rps": 0}])"));
  const Run r = run(world);
  for (const auto& v : r.result.violations) INFO(v.invariant << " " << v.recording << ": " << v.detail);
  CHECK(r.result.violations.empty());
  CHECK(r.result.metrics.throttled_answers >= 1);
  CHECK(r.result.recordings.at(RecordingId{"rec-0001"}).state == "compliance_verified");
  // The backup's blocks kept going while the primary was refused: every one
  // of the 19 went up once in the first stream, and once more in none.
  CHECK(count(r.trace, "PUT backup /rec-backup/recordings/genesys/rec-0001.wav?comp=block&") == 19);
  CHECK(count(r.trace, "PUT backup /rec-backup/recordings/genesys/rec-0001.wav?comp=blocklist") == 1);
  // The primary's first upload was aborted (the abort was throttled too and
  // tried again until S3 took it); a second stream (a backfill, the bytes
  // fetched again from the CDN) completed the object after the throttle.
  CHECK(count(r.trace, "DELETE primary /rec-primary/recordings/genesys/rec-0001.wav?uploadId=") >= 2);
  CHECK(r.result.metrics.backfills >= 1);
  CHECK(r.result.metrics.s3_uploads_left_open == 0);
  const auto& versions = world.primary_store().objects().at(kBigKey);
  REQUIRE(versions.size() == 1);
  CHECK(versions[0].part_count == 19);
  CHECK(versions[0].created_unix_s - sim::kSimEpochUnixSeconds >= 2476);
}
