// Several orchestrators on one journal: the relay spreads deliveries (and
// duplicates, and retries) over them, and the journal's per-call lease lets
// exactly one act on each call. The scenario must really make them collide,
// or it proves nothing.
#include <catch2/catch.hpp>

#include <filesystem>

#include "sim/runner/world_planner.hpp"
#include "sim/scenario/scenario_loader.hpp"
#include "sim/world/sim_world.hpp"

using namespace recguard;

namespace {

sim::WorldSetup setup_of(const char* name) {
  const auto file = std::filesystem::path(RECGUARD_SOURCE_DIR) / "scenarios" / (std::string(name) + ".json");
  auto loaded = sim::load_scenario_file(file);
  REQUIRE(std::holds_alternative<sim::LoadedScenario>(loaded));
  const auto& sc = std::get<sim::LoadedScenario>(loaded).scenario;
  return sim::plan_world(sc, sc.seed).setup;
}

}  // namespace

TEST_CASE("two orchestrators hear of one crash at once, the lease lets one re-record", "[scenario][lease]") {
  auto setup = setup_of("two-orchestrators-duplicate-webhooks");
  REQUIRE(setup.orchestrators == 2);
  sim::SimWorld world(setup);
  const auto result = world.run();

  CHECK(result.violations.empty());
  CHECK(result.metrics.lease_refusals > 0);  // they did collide
  CHECK(result.metrics.rerecord_commands == 1);
  CHECK(world.genesys().starts().size() == 1);
  CHECK(result.outcome_counts.at("compliance_verified") == 6);
  CHECK(result.outcome_counts.at("requires_manual_review") == 1);
}

TEST_CASE("the same world with one orchestrator needs no lease and ends the same", "[scenario][lease]") {
  auto setup = setup_of("two-orchestrators-duplicate-webhooks");
  setup.orchestrators = 1;
  sim::SimWorld world(setup);
  const auto result = world.run();
  CHECK(result.violations.empty());
  CHECK(result.metrics.lease_refusals == 0);
  CHECK(result.metrics.rerecord_commands == 1);
  CHECK(result.outcome_counts.at("compliance_verified") == 6);
}

TEST_CASE("three orchestrators spread the duplicates wider: still one capture per failure",
          "[scenario][lease]") {
  // Three orchestrators spread the duplicates wider; still one capture per failure.
  auto setup = setup_of("two-orchestrators-duplicate-webhooks");
  setup.orchestrators = 3;
  sim::SimWorld world(setup);
  const auto result = world.run();
  CHECK(result.violations.empty());
  CHECK(result.metrics.lease_refusals > 0);
  CHECK(result.metrics.rerecord_commands == 1);
}
