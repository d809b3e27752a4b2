// The scenario writer is the loader's inverse: every hand-written library
// scenario, loaded, written and loaded again, comes back equal, and the
// written text says no more than it has to.
#include <catch2/catch.hpp>

#include <filesystem>

#include "sim/explore/scenario_writer.hpp"
#include "sim/scenario/scenario_loader.hpp"

using namespace recguard;
using namespace recguard::sim;

TEST_CASE("scenario writer: every library scenario loads back equal from its written text", "[unit][explore]") {
  const auto dir = std::filesystem::path(RECGUARD_SOURCE_DIR) / "scenarios";
  int files = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    if (e.path().extension() != ".json") continue;
    ++files;
    INFO(e.path().filename().string());
    auto first = load_scenario_file(e.path());
    REQUIRE(std::holds_alternative<LoadedScenario>(first));
    const Scenario& s = std::get<LoadedScenario>(first).scenario;
    const std::string text = write_scenario_text(s);
    INFO(text);
    auto again = load_scenario_text(text, "written.json");
    if (const auto* err = std::get_if<ScenarioError>(&again)) FAIL(err->message());
    CHECK(std::get<LoadedScenario>(again).scenario == s);
  }
  CHECK(files > 30);
}

TEST_CASE("scenario writer: defaults are left out and durations stay single-unit", "[unit][explore]") {
  Scenario s;
  s.name = "small";
  s.world.platforms.push_back(PlatformConfig{});
  s.world.primary = StoreConfig{"s3", "p", "", "", "us-east-1", 0, "primary-writer"};
  s.world.backup = StoreConfig{"azure_blob", "", "a", "b", "eastus2", 0, "backup-writer"};
  ExplicitCall c;
  c.id = CallId{"call-0001"};
  c.start = Duration::seconds(90);
  c.length = Duration::minutes(15);
  s.traffic.calls.push_back(c);
  Fault f;
  f.kind = FaultKind::crash;
  f.at = Duration::hours(2);
  f.target = TargetNode{"orchestrator"};
  s.faults.push_back(f);
  s.expect.all_invariants = true;
  const auto j = scenario_to_json(s);
  CHECK(j["traffic"]["calls"][0]["start"] == "90s");
  CHECK(j["traffic"]["calls"][0]["length"] == "15m");
  CHECK(j["faults"][0]["at"] == "2h");
  CHECK_FALSE(j["faults"][0].contains("restart_after"));  // the loader's own 30s
  CHECK_FALSE(j["world"].contains("orchestrators"));
  CHECK_FALSE(j["world"].contains("links"));
  CHECK(j["expect"]["invariants"] == "all");
}
