// Every scenario in the library passes, and running it twice gives the same
// trace digest: determinism is tested, not hoped for.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>

#include "sim/runner/scenario_runner.hpp"

namespace fs = std::filesystem;

TEST_CASE("every library scenario passes and replays to the same digest", "[scenario]") {
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(fs::path(RECGUARD_SOURCE_DIR) / "scenarios")) {
    if (e.path().extension() == ".json") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  REQUIRE(files.size() >= 2);
  for (const auto& f : files) {
    DYNAMIC_SECTION(f.filename().string()) {
      const auto first = recguard::sim::run_scenario_file(f, {});
      INFO(first.load_error);
      for (const auto& v : first.result.violations) INFO(v.invariant << " " << v.recording << ": " << v.detail);
      for (const auto& x : first.expectation_failures) INFO(x);
      CHECK(first.passed());
      CHECK(first.result.trace_lines > 10);
      const auto second = recguard::sim::run_scenario_file(f, {});
      CHECK(second.result.trace_digest == first.result.trace_digest);
      CHECK(second.result.trace_digest.size() == 64);
    }
  }
}
