// De-duplication state lives in memory for the longest call plus 15 minutes
// (Policy); after that a late duplicate is checked against the journal, so
// it is still acknowledged as a duplicate and changes nothing: no second
// fetch, no second write, no second audit record.
#include <catch2/catch.hpp>

#include "sim/world/sim_world.hpp"

using namespace recguard;

namespace {

sim::WorldSetup world_with_duplicates_after(Duration delay) {
  sim::WorldSetup w;
  w.name = "dedup-expiry";
  w.seed = 3;
  for (int i = 1; i <= 2; ++i) {
    sim::CallPlan c;
    c.id = CallId{"call-000" + std::to_string(i)};
    c.recording = RecordingId{"rec-000" + std::to_string(i)};
    c.start = Instant{} + Duration::seconds(10 * i);
    c.length = Duration::minutes(3);
    c.format = media::MediaFormat::wav_ulaw_8k;
    w.calls.push_back(c);
  }
  sim::Fault dup;
  dup.kind = sim::FaultKind::duplicate_webhooks;
  dup.probability = 1;
  dup.delay = delay;
  w.faults.push_back(dup);
  return w;
}

}  // namespace

TEST_CASE("a duplicate delivered after the de-dup state expired is answered from the journal", "[scenario]") {
  // The default window is 4 h + 15 min after a recording finishes.
  sim::SimWorld world(world_with_duplicates_after(Duration::hours(5)));
  const auto r = world.run();
  for (const auto& v : r.violations) INFO(v.invariant + " " + v.recording + " " + v.detail);
  CHECK(r.violations.empty());  // audit_complete: still exactly one audit record each
  CHECK(r.outcome_counts.at("compliance_verified") == 2);
  const auto& s = world.pipeline_stats();
  CHECK(s.dedup_evictions == 2);
  CHECK(s.journal_lookups >= 2);     // each late duplicate asked the journal
  CHECK(s.webhooks_duplicate >= 2);  // and was acknowledged as a duplicate
  CHECK(world.metrics().webhook_lost == 0);
  CHECK(world.primary_store().objects().size() == 2);  // nothing written twice
}

TEST_CASE("a duplicate within the window is answered from memory, without a journal read", "[scenario]") {
  sim::SimWorld world(world_with_duplicates_after(Duration::minutes(30)));
  const auto r = world.run();
  CHECK(r.violations.empty());
  const auto& s = world.pipeline_stats();
  CHECK(s.dedup_evictions == 0);
  CHECK(s.journal_lookups == 0);
  CHECK(s.webhooks_duplicate >= 2);
}
