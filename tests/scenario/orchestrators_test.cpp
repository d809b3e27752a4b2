// Several orchestrators on one journal: the relay spreads deliveries (and
// duplicates, and retries) over them, and the journal's per-call lease lets
// exactly one act on each call. The scenario must really make them collide,
// or it proves nothing.
#include <catch2/catch.hpp>

#include "sim/world/sim_world.hpp"
#include "support/scenario_world.hpp"

using namespace recguard;

TEST_CASE("two orchestrators hear of one crash at once, the lease lets one re-record", "[scenario][lease]") {
  auto setup = testing::scenario_setup("two-orchestrators-duplicate-webhooks");
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
  auto setup = testing::scenario_setup("two-orchestrators-duplicate-webhooks");
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
  auto setup = testing::scenario_setup("two-orchestrators-duplicate-webhooks");
  setup.orchestrators = 3;
  sim::SimWorld world(setup);
  const auto result = world.run();
  CHECK(result.violations.empty());
  CHECK(result.metrics.lease_refusals > 0);
  CHECK(result.metrics.rerecord_commands == 1);
}
