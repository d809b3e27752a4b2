// The timeline the reports plot: queue depth replayed from state changes.
#include <catch2/catch.hpp>

#include "sim/world/run_timeline.hpp"

using namespace recguard;
using sim::RunTimeline;
using sim::StateChange;

namespace {

StateChange at(double s, const char* rec, RecordingState st) {
  return StateChange{static_cast<std::int64_t>(s * 1e6), RecordingId{rec}, st};
}

RunTimeline two_recordings() {
  RunTimeline t;
  t.changes = {at(0, "rec-0001", RecordingState::received),
               at(1, "rec-0002", RecordingState::received),
               at(2, "rec-0001", RecordingState::fetching_media),
               at(4, "rec-0001", RecordingState::writing),
               at(5, "rec-0002", RecordingState::writing),
               at(6, "rec-0001", RecordingState::compliance_verified),
               at(9, "rec-0002", RecordingState::requires_manual_review)};
  return t;
}

}  // namespace

TEST_CASE("depth series counts recordings in flight by what they wait for", "[unit]") {
  const auto series = sim::depth_series(two_recordings(), Instant{10'000'000}, 11);  // one sample a second
  REQUIRE(series.size() == 11);
  CHECK(series[0].waiting_for_platform == 1);
  CHECK(series[1].waiting_for_platform == 2);
  CHECK(series[2].fetching == 1);
  CHECK(series[2].waiting_for_platform == 1);
  CHECK(series[5].writing == 2);
  CHECK(series[5].total() == 2);
  CHECK(series[6].writing == 1);  // rec-0001 verified: no longer in flight
  CHECK(series[10].total() == 0);
  CHECK(series[10].at_us == 10'000'000);
}

TEST_CASE("peak depth is taken at every change, not only at samples", "[unit]") {
  const auto peak = sim::peak_depth(two_recordings());
  CHECK(peak.in_flight == 2);
  CHECK(peak.writing == 2);
}

TEST_CASE("paths by recording keep each recording's states in order", "[unit]") {
  const auto paths = sim::paths_by_recording(two_recordings());
  REQUIRE(paths.size() == 2);
  const auto& p = paths.at(RecordingId{"rec-0001"});
  REQUIRE(p.size() == 4);
  CHECK(p.front().state == RecordingState::received);
  CHECK(p.back().state == RecordingState::compliance_verified);
}
