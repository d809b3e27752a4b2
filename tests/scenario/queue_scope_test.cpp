// The queue scope end to end, judged from the world's truth: a recording of a
// call outside the listed queues is never fetched, stored, annotated or
// re-recorded; one inside is kept as always; and without the filter the very
// same calls are all kept (so it is the scope, not luck, that left them out).
#include <catch2/catch.hpp>

#include <algorithm>
#include <sstream>

#include "sim/world/sim_world.hpp"
#include "support/scenario_world.hpp"

using namespace recguard;

namespace {

bool stored_anywhere(const sim::SimWorld& w, const RecordingId& id) {
  const std::string needle = "/" + id.str() + ".wav";
  auto holds = [&](const auto& objects) {
    return std::any_of(objects.begin(), objects.end(), [&](const auto& kv) {
      return kv.first.size() >= needle.size() && kv.first.compare(kv.first.size() - needle.size(), needle.size(), needle) == 0;
    });
  };
  return holds(w.primary_store().objects()) || holds(w.backup_store().objects());
}

const sim::CallPlan& call_of(const sim::WorldSetup& s, const CallId& id) {
  return *std::find_if(s.calls.begin(), s.calls.end(), [&](const sim::CallPlan& c) { return c.id == id; });
}

}  // namespace

TEST_CASE("queue scope: out-of-scope calls leave nothing in the stores and ask nothing of the CDN", "[scenario][scope]") {
  const auto setup = testing::scenario_setup("queue-scope-payments-only");
  sim::SimWorld world(setup);
  std::ostringstream trace;
  world.set_trace_sink(&trace);
  const auto result = world.run();
  CHECK(result.violations.empty());
  const std::string lines = trace.str();

  int in = 0, out = 0;
  for (const auto* rec : world.platform_recordings()) {
    const auto& queue = call_of(setup, rec->call).queue;
    const bool in_scope = queue == "payments" || queue == "billing";
    const auto row = world.journal().load(rec->id);
    if (in_scope) {
      ++in;
      REQUIRE(row);
      CHECK((row->state == RecordingState::compliance_verified || row->state == RecordingState::requires_manual_review));
      continue;
    }
    ++out;
    CHECK_FALSE(stored_anywhere(world, rec->id));
    CHECK(rec->started_by_key.empty());  // never re-recorded
    if (row) CHECK(row->state == RecordingState::out_of_scope);
    // Judged before any fetch: its media was never downloaded.
    if (!rec->media_path.empty()) CHECK(lines.find("GET cdn " + rec->media_path) == std::string::npos);
    for (const auto& a : world.genesys().annotations()) CHECK(a.recording != rec->id);
  }
  CHECK(in >= 5);
  CHECK(out >= 5);
}

TEST_CASE("queue scope: without the filter the same calls are all kept", "[scenario][scope]") {
  auto setup = testing::scenario_setup("queue-scope-payments-only");
  setup.scope.queues.clear();
  sim::SimWorld world(setup);
  const auto result = world.run();
  CHECK(result.violations.empty());
  CHECK(result.outcome_counts.count("out_of_scope") == 0);
  for (const auto* rec : world.platform_recordings()) {
    if (rec->file_state != "AVAILABLE") continue;
    const auto row = world.journal().load(rec->id);
    REQUIRE(row);
    if (row->state == RecordingState::compliance_verified) CHECK(stored_anywhere(world, rec->id));
  }
}
