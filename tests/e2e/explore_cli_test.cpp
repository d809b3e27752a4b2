// `recguard explore` as a user runs it: seeds spread over worker processes,
// the summary's runs per second and fault kinds, exit codes, and a written
// counterexample that `recguard run` accepts as an ordinary scenario.
#include <catch2/catch.hpp>

#include <algorithm>

#include "sim/explore/case_summary.hpp"
#include "sim/explore/explorer.hpp"
#include "support/command_line.hpp"

using namespace recguard;
using recguard::testing::run_recguard;
using recguard::testing::TempFolder;

TEST_CASE("explore: five seeds over two jobs exit 0 with runs per second and the fault kinds", "[e2e][explore]") {
  TempFolder out("explore-cli");
  const auto r = run_recguard("explore --seeds 5 --jobs 2 --out " + (out.path / "found").string());
  INFO(r.output);
  CHECK(r.exit_code == 0);
  CHECK(r.output.find("explore: seeds 1..5, 2 jobs") != std::string::npos);
  CHECK(r.output.find("explore: 5 runs in ") != std::string::npos);
  CHECK(r.output.find(" runs/s (2 jobs), 0 failed") != std::string::npos);
  CHECK(r.output.find("fault kinds exercised") != std::string::npos);
  CHECK(r.output.find("counterexamples: none") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(out.path / "found"));
}

TEST_CASE("explore: a time budget stops starting seeds", "[e2e][explore]") {
  // Two seconds reach a handful of seeds from 1, all of which pass (the
  // scenario suite's explore test runs seeds 1 to 20).
  const auto r = run_recguard("explore --seeds 100000 --time-budget 2s");
  INFO(r.output);
  CHECK(r.exit_code == 0);
  CHECK(r.output.find("the time budget ran out") != std::string::npos);
}

TEST_CASE("explore: bad usage exits 2", "[e2e][explore]") {
  for (const char* args : {"--seeds 0", "--seeds x", "--jobs 0", "--time-budget soon", "--frobnicate", "extra"}) {
    const auto r = run_recguard(std::string("explore ") + args);
    INFO(args << ": " << r.output);
    CHECK(r.exit_code == 2);
  }
}

TEST_CASE("explore: a written counterexample is an ordinary scenario recguard run accepts", "[e2e][explore]") {
  TempFolder out("explore-cx");
  sim::explore::ExploreOptions options;
  options.out_dir = out.path;
  options.shrink.max_runs = 2000;
  // The injected property fails on any case with two calls or more; the
  // real core passes the shrunk one, so `run` exits 0.
  options.judge = [](const sim::Scenario& s) {
    sim::explore::Verdict v;
    v.failed = sim::explore::planned_calls(s) >= 2;
    if (v.failed) v.invariants = {"test_predicate"};
    return v;
  };
  sim::explore::Explorer explorer(options);
  struct Keep : sim::explore::ExploreListener {
    std::vector<sim::explore::Counterexample> written;
    void on_counterexample(const sim::explore::Counterexample& c) override { written.push_back(c); }
  } keep;
  for (std::uint64_t seed = 1; seed <= 20 && keep.written.empty(); ++seed) explorer.explore_seed(seed, keep);
  REQUIRE(keep.written.size() == 1);
  const auto r = run_recguard("run " + keep.written[0].file.string());
  INFO(r.output);
  CHECK(r.exit_code == 0);
  CHECK(r.output.find("trace sha256: ") != std::string::npos);
}
