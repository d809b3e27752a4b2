// explore finds a planted bug on its own: with a deliberate fault switched
// on in the core, random worlds and fault schedules hit it within a bounded
// number of seeds, and the failing run is shrunk to a small scenario file
// that fails the same way when loaded back (what `recguard run` does).
#include <catch2/catch.hpp>

#include <algorithm>

#include "core/testing/planted_fault.hpp"
#include "planted/planted_scope.hpp"
#include "sim/explore/case_summary.hpp"
#include "sim/explore/explorer.hpp"
#include "sim/scenario/scenario_loader.hpp"
#include "support/command_line.hpp"

using namespace recguard;
using namespace recguard::sim;

namespace {

constexpr std::uint64_t kSeedBound = 150;

struct Recorder : explore::ExploreListener {
  std::vector<explore::FailingCase> failing;
  std::vector<explore::Counterexample> written;
  void on_failing(const explore::FailingCase& f) override { failing.push_back(f); }
  void on_counterexample(const explore::Counterexample& c) override { written.push_back(c); }
};

// Seeds from 1 up until the first counterexample for `invariant`.
std::optional<std::pair<std::uint64_t, explore::Counterexample>> first_counterexample(
    const std::string& invariant, const std::filesystem::path& out_dir) {
  explore::ExploreOptions options;
  options.out_dir = out_dir;
  explore::Explorer explorer(options);
  for (std::uint64_t seed = 1; seed <= kSeedBound; ++seed) {
    Recorder rec;
    explorer.explore_seed(seed, rec);
    for (const auto& cx : rec.written) {
      if (cx.invariant == invariant) return std::make_pair(seed, cx);
    }
  }
  return std::nullopt;
}

// The counterexample file as `recguard run` would load it: how small it is.
std::pair<std::size_t, std::size_t> calls_and_faults(const std::filesystem::path& file) {
  auto loaded = load_scenario_file(file);
  REQUIRE(std::holds_alternative<LoadedScenario>(loaded));
  const auto& sc = std::get<LoadedScenario>(loaded).scenario;
  return {explore::planned_calls(sc), sc.faults.size()};
}

}  // namespace

TEST_CASE("planted: explore finds the skipped upload barrier and shrinks it to a small scenario", "[planted]") {
  testing::PlantedScope p(planted::Fault::skip_upload_barrier);
  testing::TempFolder out("planted-barrier");
  const auto found = first_counterexample("barrier", out.path);
  REQUIRE(found.has_value());
  const auto& [seed, cx] = *found;
  INFO("seed " << seed << ": " << cx.original_size << " shrunk to " << cx.size << "\n" << cx.description);
  CHECK(cx.reproduced);
  CHECK(cx.problem.empty());
  const auto [calls, faults] = calls_and_faults(cx.file);
  CHECK(calls <= 3);
  CHECK(faults <= 2);
}

TEST_CASE("planted: explore finds the platform trusted over the bytes and shrinks it to a small scenario",
          "[planted]") {
  testing::PlantedScope p(planted::Fault::trust_platform_status);
  testing::TempFolder out("planted-trust");
  const auto found = first_counterexample("verified_is_true", out.path);
  REQUIRE(found.has_value());
  const auto& [seed, cx] = *found;
  INFO("seed " << seed << ": " << cx.original_size << " shrunk to " << cx.size << "\n" << cx.description);
  CHECK(cx.reproduced);
  const auto [calls, faults] = calls_and_faults(cx.file);
  CHECK(calls <= 3);
  CHECK(faults <= 2);
}
