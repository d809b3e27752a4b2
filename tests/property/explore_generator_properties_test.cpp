// Properties of explore's scenario generator: whatever it draws (and
// whatever shrinking makes of a draw) is a scenario the loader accepts
// back unchanged from its written file, that the planner supports in full,
// and whose faults all end before the liveness phase.
#include <catch2/catch.hpp>
#include <rapidcheck/catch.h>

#include <algorithm>

#include "sim/explore/case_builder.hpp"
#include "sim/explore/scenario_gen.hpp"
#include "sim/explore/scenario_writer.hpp"
#include "sim/explore/webhook_outages.hpp"
#include "sim/oracle/liveness.hpp"
#include "sim/runner/world_planner.hpp"
#include "sim/scenario/scenario_loader.hpp"

using namespace recguard;
using namespace recguard::sim;

namespace {

Duration horizon_of(const explore::ExploreCase& c) { return Duration::minutes(c.traffic.horizon_minutes); }

bool is_orchestrator_clock_skew(const Fault& f) {
  const auto* n = std::get_if<TargetNode>(&f.target);
  return f.kind == FaultKind::clock_skew && n && n->node == "orchestrator";
}

}  // namespace

TEST_CASE("explore: generated scenarios load back equal from their written file", "[property][explore]") {
  rc::prop("load(write(s)) == s", [] {
    const auto seed = *rc::gen::inRange<std::uint64_t>(0, 1000000000);
    const Scenario s = *explore::scenario_gen(seed);
    const std::string text = write_scenario_text(s);
    auto loaded = load_scenario_text(text, "generated.json");
    if (const auto* e = std::get_if<ScenarioError>(&loaded)) RC_FAIL(e->message() + "\n" + text);
    RC_ASSERT(std::get<LoadedScenario>(loaded).scenario == s);
    // And the full-size draw explore itself makes for that seed.
    const Scenario drawn = explore::build_scenario(explore::draw_case(seed).value());
    auto back = load_scenario_text(write_scenario_text(drawn), "drawn.json");
    RC_ASSERT(std::holds_alternative<LoadedScenario>(back));
    RC_ASSERT(std::get<LoadedScenario>(back).scenario == drawn);
  });
}

TEST_CASE("explore: generated scenarios plan with no unsupported fault and heal by the horizon", "[property][explore]") {
  rc::prop("supported, healed, distinct credentials, webhook outages survivable", [] {
    const auto seed = *rc::gen::inRange<std::uint64_t>(0, 1000000000);
    const auto c = *explore::explore_case_gen(seed);
    const Scenario s = explore::build_scenario(c);
    const Plan plan = plan_world(s, s.seed);
    for (const auto& u : plan.unsupported) RC_FAIL("unsupported: " + u);
    RC_ASSERT(s.world.primary.credentials != s.world.backup.credentials);
    RC_ASSERT(s.expect.all_invariants);
    RC_ASSERT(s.expect.outcomes.empty());
    RC_ASSERT(!s.run_for);
    for (const auto& f : s.faults) {
      // The one fault the planner only takes with no end: small enough
      // that no store refuses it (15 minutes).
      if (is_orchestrator_clock_skew(f)) {
        RC_ASSERT(std::llabs(f.offset.us) <= Duration::minutes(5).us);
        continue;
      }
      const auto healed = heals_at(f);
      RC_ASSERT(healed.has_value());
      RC_ASSERT(healed->us <= horizon_of(c).us);
    }
    // Webhook-blocking faults never add up to an outage the relay cannot outlive.
    std::vector<std::pair<Duration, Duration>> windows;
    for (const auto& f : s.faults) {
      if (!explore::blocks_webhooks(f)) continue;
      windows.emplace_back(f.at, Instant{heals_at(f)->us} - Instant{});
    }
    std::sort(windows.begin(), windows.end());
    const Duration cap = explore::longest_survivable_outage(s.world.platforms.front().webhook);
    Duration from{}, to{};
    bool open = false;
    for (const auto& [a, b] : windows) {
      if (!open || a > to + Duration::seconds(45)) {
        open = true;
        from = a;
        to = b;
      }
      to = std::max(to, b);
      RC_ASSERT(to - from <= cap);
    }
  });
}

TEST_CASE("explore: a seed always draws the same case", "[property][explore]") {
  rc::prop("draw_case is a function of the seed", [] {
    const auto seed = *rc::gen::inRange<std::uint64_t>(0, 1000000000);
    RC_ASSERT(explore::draw_case(seed).value() == explore::draw_case(seed).value());
    RC_ASSERT(explore::build_scenario(explore::draw_case(seed).value()).seed == seed);
  });
}
