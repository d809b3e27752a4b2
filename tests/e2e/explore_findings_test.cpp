// The bugs `recguard explore` found in the core and that are not fixed yet
// (tests/data/explore-findings): each file still fails with the invariant its
// name starts with, and the folder's README lists exactly the files it holds.
// When a fix makes one pass, this test fails on purpose: move the file into
// scenarios/ so that the library keeps it fixed.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "support/command_line.hpp"

using recguard::testing::run_recguard;

namespace {

const std::filesystem::path kDir = std::filesystem::path(RECGUARD_SOURCE_DIR) / "tests" / "data" / "explore-findings";

std::set<std::string> finding_files() {
  std::set<std::string> names;
  for (const auto& e : std::filesystem::directory_iterator(kDir)) {
    if (e.path().extension() == ".json") names.insert(e.path().filename().string());
  }
  return names;
}

// The files named in the README's table: rows that start "| `name.json` |".
std::set<std::string> documented_files() {
  std::ifstream in(kDir / "README.md");
  std::stringstream text;
  text << in.rdbuf();
  const std::string s = text.str();
  std::set<std::string> names;
  const std::regex row(R"(\n\| `([^`]+\.json)` \|)");
  for (auto it = std::sregex_iterator(s.begin(), s.end(), row); it != std::sregex_iterator(); ++it) {
    names.insert((*it)[1].str());
  }
  return names;
}

}  // namespace

TEST_CASE("explore findings: each open bug still reproduces with its invariant", "[e2e][explore]") {
  for (const auto& name : finding_files()) {
    const std::string invariant = name.substr(0, name.find('-'));
    const auto r = run_recguard("run " + (kDir / name).string());
    INFO(name << "\n" << r.output);
    CHECK(r.exit_code == 1);
    CHECK(r.output.find("VIOLATION " + invariant + " ") != std::string::npos);
  }
}

TEST_CASE("explore findings: the README lists exactly the open findings", "[e2e][explore]") {
  CHECK(documented_files() == finding_files());
}

TEST_CASE("explore findings: the fixed ones are in the scenario library", "[e2e][explore]") {
  const auto library = std::filesystem::path(RECGUARD_SOURCE_DIR) / "scenarios";
  for (const char* name : {"cxone-capture-fails-before-first-status-poll.json", "restarted-orchestrator-stale-copy-refused.json",
                           "cxone-quiet-night-last-contact-polled-again.json", "backfill-source-deleted-fetched-again.json",
                           "ambiguous-multipart-completion-settled-by-head.json"}) {
    INFO(name);
    CHECK(std::filesystem::exists(library / name));
    CHECK_FALSE(std::filesystem::exists(kDir / name));
  }
}
