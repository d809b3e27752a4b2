// The platform interaction carries the verdict: after a capture crash the
// failed recording is annotated requires_manual_review with its failure log,
// and the re-record's capture compliance_verified. Read from the simulated
// Genesys, not from the pipeline's view.
#include <catch2/catch.hpp>

#include "sim/world/sim_world.hpp"
#include "support/scenario_world.hpp"

using namespace recguard;

TEST_CASE("terminal recordings are annotated on the platform with their verdict", "[scenario]") {
  sim::SimWorld world(testing::scenario_setup("capture-crash-mid-call"));
  world.run();

  std::map<std::string, std::string> by_recording;
  for (const auto& a : world.genesys().annotations()) {
    CHECK(a.name == "recguard");
    CHECK(by_recording.emplace(a.recording.str(), a.description).second);  // one per recording
  }
  REQUIRE(by_recording.count("rec-0001"));
  CHECK(by_recording["rec-0001"].rfind("requires_manual_review: ", 0) == 0);
  CHECK(by_recording["rec-0001"].find("fileState ERROR") != std::string::npos);
  CHECK(by_recording["rec-0001"].find("re-recording") != std::string::npos);  // the failure log rides along
  REQUIRE(by_recording.count("rec-0001-r1"));
  CHECK(by_recording["rec-0001-r1"] == "compliance_verified");
  CHECK(by_recording.size() == world.genesys().recordings().size());
}
