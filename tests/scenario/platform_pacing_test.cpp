// The core stays under the platforms' published limits by design: 200 calls
// on each platform end within the same second, which without pacing would
// put several hundred Genesys requests into one minute and spend CXone's
// whole media-playback quota at once. Judged from the models' own request
// logs and 429 answers, not from the pipeline's view.
#include <catch2/catch.hpp>

#include <algorithm>

#include "core/platforms/genesys/recording_api.hpp"
#include "mocks/platforms/genesys_model.hpp"
#include "sim/world/sim_world.hpp"

using namespace recguard;

namespace {

std::size_t busiest(const std::vector<Instant>& times, Duration window) {
  std::size_t most = 0, lo = 0;
  for (std::size_t hi = 0; hi < times.size(); ++hi) {
    while (times[hi] - times[lo] >= window) ++lo;
    most = std::max(most, hi - lo + 1);
  }
  return most;
}

sim::WorldSetup burst_world(int per_platform) {
  sim::WorldSetup w;
  w.name = "burst";
  w.seed = 5;
  w.cxone_tenant = "acme-cx";
  for (int i = 0; i < per_platform * 2; ++i) {
    sim::CallPlan c;
    c.platform = i % 2 == 0 ? Platform::genesys : Platform::cxone;
    c.id = CallId{"call-" + std::to_string(1000 + i)};
    c.recording = c.platform == Platform::cxone ? RecordingId{c.id.str()} : RecordingId{"rec-" + std::to_string(1000 + i)};
    c.start = Instant{} + Duration::millis(i);
    c.length = Duration::seconds(20);
    c.format = media::MediaFormat::wav_ulaw_8k;
    w.calls.push_back(c);
  }
  w.upload_time_min = Duration::seconds(1);
  w.upload_time_max = Duration::seconds(2);
  return w;
}

}  // namespace

TEST_CASE("a burst of endings stays under Genesys 300/min and CXone playback 150/5 min", "[scenario]") {
  sim::SimWorld world(burst_world(200));
  const auto result = world.run();
  CHECK(result.violations.empty());
  for (const auto& v : result.violations) INFO(v.invariant + " " + v.recording + " " + v.detail);
  CHECK(result.outcome_counts.at("compliance_verified") == 400);

  CHECK(busiest(world.genesys().api_request_times(), Duration::minutes(1)) <= 300);
  CHECK(busiest(world.genesys().api_request_times(), Duration::minutes(1)) > 200);  // the burst was real
  REQUIRE(world.cxone() != nullptr);
  CHECK(busiest(world.cxone()->playback_request_times(), Duration::minutes(5)) <= 150);
}

TEST_CASE("the Genesys model answers the 301st request in a minute 429 with Retry-After", "[scenario]") {
  mocks::GenesysModel g("acme", "cdn", "tok", 0, nullptr);
  g.start_call(CallId{"call-0001"}, RecordingId{"rec-0001"}, Instant{});
  const auto req = genesys::build_get_recording({"api.mypurecloud.com", "tok"}, CallId{"call-0001"},
                                                RecordingId{"rec-0001"});
  const Instant t0 = Instant{} + Duration::seconds(10);
  for (int i = 0; i < mocks::kGenesysRequestsPerMinute; ++i) {
    REQUIRE(g.handle(req, t0 + Duration::millis(i)).status != 429);
  }
  const auto limited = g.handle(req, t0 + Duration::seconds(30));
  CHECK(limited.status == 429);
  CHECK(limited.headers.get("Retry-After") == std::string("31"));  // until the oldest leaves the minute
  CHECK(g.handle(req, t0 + Duration::seconds(61)).status != 429);
}

TEST_CASE("an organization's own API limit (api_rate_limit_rps) is what the model enforces and the core paces to",
          "[scenario]") {
  auto setup = burst_world(40);
  setup.cxone_tenant.clear();
  for (auto& c : setup.calls) {
    c.platform = Platform::genesys;
    c.recording = RecordingId{"rec-" + c.id.str().substr(5)};
  }
  setup.genesys_requests_per_minute = 60;  // api_rate_limit_rps 1
  sim::SimWorld world(setup);
  const auto result = world.run();
  for (const auto& v : result.violations) INFO(v.invariant + " " + v.recording + " " + v.detail);
  CHECK(result.violations.empty());
  CHECK(result.outcome_counts.at("compliance_verified") == 80);
  CHECK(world.genesys().requests_per_minute() == 60);
  const auto most = busiest(world.genesys().api_request_times(), Duration::minutes(1));
  CHECK(most <= 60);
  CHECK(most > 40);  // the limit, not the traffic, was what held it
}
