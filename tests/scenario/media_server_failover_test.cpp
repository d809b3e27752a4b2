// A crash of the media_server is a failover: every Genesys capture running at
// that instant is closed there, uploads like a finished one and is reported
// with metadata regenerated from the cut file, while its call goes on. The
// first test asserts what the WORLD does; the others what recguard and the
// oracle make of it.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <variant>

#include "core/platforms/genesys/recording_api.hpp"
#include "core/types/civil_time.hpp"
#include "sim/runner/world_planner.hpp"
#include "sim/scenario/scenario_loader.hpp"
#include "sim/world/sim_world.hpp"
#include "support/scenario_world.hpp"

using namespace recguard;

namespace {

constexpr const char* kScenario = "rtp-desync-during-failover";
const Instant kFailover = Instant{} + Duration::minutes(5);
const char* const kCut[] = {"rec-0002", "rec-0003", "rec-0004"};

bool has(const std::string& text, const std::string& needle) { return text.find(needle) != std::string::npos; }

const mocks::SimRecording& recording(const sim::SimWorld& world, const std::string& id) {
  return world.genesys().recordings().at(RecordingId{id});
}

std::string scenario_text() {
  std::ifstream in(std::filesystem::path(RECGUARD_SOURCE_DIR) / "scenarios" / (std::string(kScenario) + ".json"));
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

sim::Fault failover_at(Duration at) {
  sim::Fault f;
  f.kind = sim::FaultKind::crash;
  f.at = at;
  f.target = sim::TargetNode{"media_server"};
  return f;
}

}  // namespace

TEST_CASE("a media_server crash cuts every running capture at that instant, with metadata from the cut file",
          "[scenario][faults][failover]") {
  auto setup = testing::scenario_setup(kScenario);
  setup.run_for = Duration::seconds(330);  // uploads take 2 to 20 s: all final, before any call ends
  sim::SimWorld world(setup);
  const auto run = testing::run_traced(world);
  CHECK(has(run.trace, "fault crash media_server failover: 3 capture(s) cut rec-0002 rec-0003 rec-0004"));

  for (const char* id : kCut) {
    INFO(id);
    const auto& r = recording(world, id);
    CHECK(world.genesys().call_live(r.call));  // the customer is still talking
    REQUIRE(r.ended == kFailover);
    REQUIRE(r.file_state == "AVAILABLE");
    REQUIRE(r.artifact);
    const std::int64_t spans_ms = (kFailover - r.started).us / 1000;
    CHECK(r.artifact->spec().duration_ms == spans_ms);
    CHECK(r.artifact->size() == r.artifact->full_size());  // a whole file: nothing marks it as cut
    CHECK_FALSE(r.crashed);

    // What the platform reports agrees with the bytes and with itself: no
    // check of status, size or duration can tell the recording is short.
    const auto resp = world.send_as_pipeline(pipeline::Endpoint::genesys_api,
                                             genesys::build_get_recording(world.genesys_api(), r.call, r.id));
    REQUIRE(resp.status == 200);
    const auto md = genesys::parse_recording(resp.body_view());
    REQUIRE(md);
    CHECK(md->file_state == "AVAILABLE");
    CHECK(md->output_size_bytes == r.artifact->size());
    CHECK(std::llabs(md->output_duration_ms - spans_ms) <= 1);
    const auto start_ms = parse_iso8601_utc_ms(md->start_time);
    const auto end_ms = parse_iso8601_utc_ms(md->end_time);
    REQUIRE(start_ms);
    REQUIRE(end_ms);
    CHECK(*end_ms - *start_ms == spans_ms);
  }
  // The call that had ended keeps its full recording; the next call starts after the failover.
  CHECK(recording(world, "rec-0001").ended == Instant{} + Duration::minutes(3));
  CHECK(world.genesys().recordings().count(RecordingId{"rec-0005"}) == 0);
}

TEST_CASE("each call cut by the failover is re-recorded once, after its upload is final", "[scenario][failover]") {
  sim::SimWorld world(testing::scenario_setup(kScenario));
  const auto result = world.run();
  for (const auto& v : result.violations) INFO(v.invariant << " " << v.recording << ": " << v.detail);
  // single_capture holds only because the oracle counts a capture that
  // stopped before its call did as a failed one: one re-record each.
  CHECK(result.violations.empty());

  std::map<std::string, int> captures;
  for (const auto* st : world.platform_starts()) {
    REQUIRE(st->capture);
    ++captures[st->call.str()];
    CHECK(st->call_live);
    const auto& cut = recording(world, st->call.str() == "call-0002"   ? "rec-0002"
                                       : st->call.str() == "call-0003" ? "rec-0003"
                                                                       : "rec-0004");
    REQUIRE(cut.available_at);
    CHECK(st->at >= *cut.available_at);  // the barrier
  }
  CHECK(captures == std::map<std::string, int>{{"call-0002", 1}, {"call-0003", 1}, {"call-0004", 1}});

  // The cut recordings are true for what they span: verified, and the
  // annotation tells supervisors the capture stopped early and was
  // re-recorded (it may leave before the platform confirms; the row has that).
  std::map<std::string, std::string> notes;
  for (const auto& a : world.genesys().annotations()) notes[a.recording.str()] = a.description;
  for (const char* id : kCut) {
    INFO(id);
    CHECK(result.recordings.at(RecordingId{id}).state == "compliance_verified");
    CHECK(result.recordings.at(RecordingId{std::string(id) + "-r1"}).state == "compliance_verified");
    CHECK(notes[id].rfind("compliance_verified", 0) == 0);
    CHECK(has(notes[id], "still up"));
    CHECK(has(notes[id], "re-recording"));
    const auto row = world.journal().load(RecordingId{id});
    REQUIRE(row);
    CHECK(row->rerecord.status == RerecordStatus::confirmed);
  }
}

TEST_CASE("a second failover cuts the re-records too, and each is re-recorded once more", "[scenario][failover]") {
  auto setup = testing::scenario_setup(kScenario);
  setup.faults.push_back(failover_at(Duration::minutes(9)));
  sim::SimWorld world(setup);
  const auto run = testing::run_traced(world);
  CHECK(has(run.trace, "fault crash media_server failover: 4 capture(s) cut rec-0002-r1 rec-0003-r1 rec-0004-r1 "
                       "rec-0005"));
  for (const auto& v : run.result.violations) INFO(v.invariant << " " << v.recording << ": " << v.detail);
  CHECK(run.result.violations.empty());
  CHECK(run.result.metrics.rerecord_commands == 7);
  for (const char* id : {"rec-0002-r2", "rec-0003-r2", "rec-0004-r2", "rec-0005-r1"}) {
    INFO(id);
    REQUIRE(run.result.recordings.count(RecordingId{id}) == 1);
    CHECK(run.result.recordings.at(RecordingId{id}).state == "compliance_verified");
  }
}

TEST_CASE("media_server is a fault target for crash only, never a link", "[scenario][faults][failover]") {
  auto load = [](const std::string& faults) {
    auto text = scenario_text();
    const auto at = text.find("\"faults\"");
    const auto end = text.find(']', at);
    text.replace(at, end + 1 - at, "\"faults\": " + faults);
    return sim::load_scenario_text(text, "failover.json");
  };
  auto problem = [&](const std::string& faults) {
    auto loaded = load(faults);
    REQUIRE(std::holds_alternative<sim::LoadedScenario>(loaded));
    const auto& sc = std::get<sim::LoadedScenario>(loaded).scenario;
    const auto plan = sim::plan_world(sc, sc.seed);
    REQUIRE(plan.unsupported.size() == 1);
    return plan.unsupported.front();
  };
  CHECK(has(problem(R"([{"kind": "throttle", "at": "1m", "target": {"node": "media_server"}, "rps": 1}])"),
            "only crash"));
  CHECK(has(problem(R"([{"kind": "latency", "at": "1m", "target": {"node": "media_server"}, "add": "1s"}])"),
            "only crash"));
  CHECK(has(problem(R"([{"kind": "crash", "at": "1m", "until": "2m", "target": {"node": "media_server"}}])"),
            "restart_after"));
  CHECK(std::holds_alternative<sim::ScenarioError>(
      load(R"([{"kind": "partition", "at": "1m", "target": {"link": ["media_server", "platform"]}}])")));
}
