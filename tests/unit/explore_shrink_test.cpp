// Explore's shrinking, on a deliberately failing property injected in place
// of the simulation: "fails when there are at least 3 calls and a partition
// fault". Whatever case first fails, the shrunk one is the minimum: exactly
// 3 calls and 1 fault, a partition, written to a file that loads back and
// fails the same way.
#include <catch2/catch.hpp>

#include <algorithm>

#include "sim/explore/case_summary.hpp"
#include "sim/explore/explorer.hpp"
#include "sim/scenario/scenario_loader.hpp"
#include "support/command_line.hpp"

using namespace recguard;
using namespace recguard::sim;

namespace {

explore::Verdict three_calls_and_a_partition(const Scenario& s) {
  explore::Verdict v;
  const bool partition = std::any_of(s.faults.begin(), s.faults.end(),
                                     [](const Fault& f) { return f.kind == FaultKind::partition; });
  if (explore::planned_calls(s) >= 3 && partition) {
    v.failed = true;
    v.invariants = {"test_predicate"};
    v.detail = "test_predicate: at least 3 calls and a partition";
  }
  return v;
}

struct Recorder : explore::ExploreListener {
  std::vector<explore::FailingCase> failing;
  std::vector<explore::Counterexample> written;
  int runs = 0;
  void on_run(const explore::RunRecord&) override { ++runs; }
  void on_failing(const explore::FailingCase& f) override { failing.push_back(f); }
  void on_counterexample(const explore::Counterexample& c) override { written.push_back(c); }
};

}  // namespace

TEST_CASE("explore: an injected failing property is shrunk to exactly 3 calls and 1 partition fault", "[unit][explore]") {
  testing::TempFolder out("explore-shrink");
  int shrunk = 0;
  for (std::uint64_t seed = 1; seed <= 60 && shrunk < 6; ++seed) {
    explore::ExploreOptions options;
    options.judge = three_calls_and_a_partition;
    options.out_dir = out.path;
    options.shrink.max_runs = 5000;  // a predicate costs nothing
    explore::Explorer explorer(options);
    Recorder rec;
    const auto record = explorer.explore_seed(seed, rec);
    if (!record.verdict.failed) continue;
    ++shrunk;
    INFO("seed " << seed << ", failing case " << rec.failing.at(0).size);
    REQUIRE(rec.written.size() == 1);
    const auto& cx = rec.written[0];
    INFO(cx.description);
    CHECK(cx.problem.empty());
    CHECK(cx.reproduced);
    CHECK_FALSE(cx.shrink_stopped_early);
    CHECK(cx.size == "3 calls, 1 fault");
    CHECK(cx.shrink_steps > 0);
    CHECK(cx.file == out.path / ("test_predicate-seed" + std::to_string(seed) + ".json"));
    auto loaded = load_scenario_file(cx.file);
    REQUIRE(std::holds_alternative<LoadedScenario>(loaded));
    const Scenario& s = std::get<LoadedScenario>(loaded).scenario;
    CHECK(explore::planned_calls(s) == 3);
    REQUIRE(s.faults.size() == 1);
    CHECK(s.faults[0].kind == FaultKind::partition);
    CHECK(s.name == "test_predicate-seed" + std::to_string(seed));
    CHECK(s.description.find("Found by recguard explore") != std::string::npos);
  }
  CHECK(shrunk >= 3);
}

TEST_CASE("explore: a second failure of the same invariant is reported, not shrunk again", "[unit][explore]") {
  testing::TempFolder out("explore-dedup");
  explore::ExploreOptions options;
  options.judge = three_calls_and_a_partition;
  options.out_dir = out.path;
  explore::Explorer explorer(options);
  Recorder rec;
  for (std::uint64_t seed = 1; seed <= 60 && rec.failing.size() < 2; ++seed) explorer.explore_seed(seed, rec);
  REQUIRE(rec.failing.size() == 2);
  CHECK(rec.failing[0].will_shrink);
  CHECK_FALSE(rec.failing[1].will_shrink);
  CHECK(rec.written.size() == 1);
}
