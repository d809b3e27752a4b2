// The bugs `recguard explore` found in the core (tests/data/explore-findings):
// each file still fails with the invariant its name starts with. When a fix
// makes one pass, this test fails on purpose: move the file into scenarios/
// so that the library keeps it fixed.
#include <catch2/catch.hpp>

#include <filesystem>

#include "support/command_line.hpp"

using recguard::testing::run_recguard;

TEST_CASE("explore findings: each known bug still reproduces with its invariant", "[e2e][explore]") {
  const auto dir = std::filesystem::path(RECGUARD_SOURCE_DIR) / "tests" / "data" / "explore-findings";
  int files = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    if (e.path().extension() != ".json") continue;
    ++files;
    const std::string name = e.path().filename().string();
    const std::string invariant = name.substr(0, name.find('-'));
    const auto r = run_recguard("run " + e.path().string());
    INFO(name << "\n" << r.output);
    CHECK(r.exit_code == 1);
    CHECK(r.output.find("VIOLATION " + invariant + " ") != std::string::npos);
  }
  CHECK(files >= 4);
}
