// The oracle catches a deliberately broken core: with a planted fault
// switched on (core/testing/planted_fault.hpp), a library scenario that
// passes on the real core fails with the invariant the fault breaks. This is
// the proof that a green suite means something: take the barrier away and
// `barrier` fires; take the platform's word over the bytes and
// `verified_is_true` fires.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>

#include "core/testing/planted_fault.hpp"
#include "planted/planted_scope.hpp"
#include "sim/runner/scenario_runner.hpp"

using namespace recguard;

namespace {

sim::ScenarioReport run_library(const char* name) {
  return sim::run_scenario_file(std::filesystem::path(RECGUARD_SOURCE_DIR) / "scenarios" / name, {});
}

bool fired(const sim::ScenarioReport& r, const std::string& invariant) {
  return std::any_of(r.result.violations.begin(), r.result.violations.end(),
                     [&](const sim::Violation& v) { return v.invariant == invariant; });
}

}  // namespace

TEST_CASE("planted: without a fault the scenarios pass in this build too", "[planted]") {
  CHECK(run_library("zero-byte-upload-on-live-call.json").passed());
  CHECK(run_library("truncated-upload-trusted-status.json").passed());
}

TEST_CASE("planted: skipping the upload barrier is caught as barrier", "[planted]") {
  testing::PlantedScope p(planted::Fault::skip_upload_barrier);
  // The capture stops four minutes into a live call and the recording goes
  // to UPLOADING: without the barrier the re-record is sent at once, while
  // the first capture is still uploading.
  const auto r = run_library("zero-byte-upload-on-live-call.json");
  CHECK_FALSE(r.passed());
  CHECK(fired(r, "barrier"));
}

TEST_CASE("planted: trusting the platform over the bytes is caught as verified_is_true", "[planted]") {
  testing::PlantedScope p(planted::Fault::trust_platform_status);
  // AVAILABLE with stale full-size metadata over a third of the bytes: taken
  // on trust, the truncated file is archived as compliant.
  const auto r = run_library("truncated-upload-trusted-status.json");
  CHECK_FALSE(r.passed());
  CHECK(fired(r, "verified_is_true"));
}
