// The real-time world that mock-serve drives: the same platform side as the
// simulation (same captures, same bytes), advanced by a caller's clock; and
// the platforms' OAuth token endpoints. No sockets here.
#include <catch2/catch.hpp>

#include "core/crypto/digest.hpp"
#include "sim/realtime/realtime_state.hpp"
#include "sim/realtime/realtime_world.hpp"
#include "sim/runner/world_planner.hpp"
#include "sim/scenario/scenario_loader.hpp"
#include "sim/world/sim_world.hpp"

namespace {

using namespace recguard;

sim::WorldSetup setup_of(const std::string& file) {
  auto loaded = sim::load_scenario_file(std::string(RECGUARD_SOURCE_DIR) + "/" + file);
  REQUIRE(std::holds_alternative<sim::LoadedScenario>(loaded));
  const auto& sc = std::get<sim::LoadedScenario>(loaded).scenario;
  return sim::plan_world(sc, sc.seed).setup;
}

// Advances in steps as mock-serve's ticker would, collecting every notification.
std::vector<sim::Notification> play(sim::RealtimeWorld& w, Duration until, Duration step = Duration::millis(250)) {
  std::vector<sim::Notification> all;
  for (Instant t{}; t <= Instant{} + until; t = t + step) {
    for (auto& n : w.advance_to(t)) all.push_back(std::move(n));
  }
  return all;
}

http::Request token_post(const std::string& path, const std::string& basic_user, const std::string& body) {
  http::Request req;
  req.method = "POST";
  req.target = path;
  req.headers.set("Content-Type", "application/x-www-form-urlencoded");
  if (!basic_user.empty()) req.headers.set("Authorization", "Basic " + crypto::base64_encode(basic_user));
  req.body = share(body);
  return req;
}

}  // namespace

TEST_CASE("mock-serve's real-time world makes the simulation's captures, byte for byte") {
  const auto setup = setup_of("tests/data/live/both-worlds-happy.json");
  sim::SimWorld simulated(setup);
  simulated.run();
  sim::RealtimeWorld live(setup, sim::RealtimeOptions{});
  play(live, Duration::seconds(40));
  CHECK(live.platform_done());
  const auto sim_recs = simulated.platform_recordings();
  const auto live_recs = live.platform_recordings();
  REQUIRE(live_recs.size() == sim_recs.size());
  for (std::size_t i = 0; i < sim_recs.size(); ++i) {
    INFO(sim_recs[i]->id.str());
    CHECK(live_recs[i]->id == sim_recs[i]->id);
    CHECK(live_recs[i]->file_state == "AVAILABLE");
    REQUIRE(live_recs[i]->artifact);
    CHECK(live_recs[i]->artifact->size() == sim_recs[i]->artifact->size());
    CHECK(live_recs[i]->artifact->sha256_hex() == sim_recs[i]->artifact->sha256_hex());
  }
}

TEST_CASE("mock-serve's real-time world announces a call's end, upload and availability in order, on time") {
  sim::RealtimeWorld w(setup_of("tests/data/live/mock-serve-two-calls.json"), sim::RealtimeOptions{"127.0.0.1:9999"});
  CHECK(w.advance_to(Instant{} + Duration::millis(3900)).empty());  // call-0001 lasts 4 s
  const auto at_end = w.advance_to(Instant{} + Duration::seconds(4));
  REQUIRE(at_end.size() == 2);
  CHECK(at_end[0].body.find("customer.end") != std::string::npos);
  CHECK(at_end[1].body.find("\"UPLOADING\"") != std::string::npos);
  const auto rest = play(w, Duration::seconds(40));
  bool available = false;
  for (const auto& n : rest) {
    if (n.about == "rec-0001") {
      available = n.body.find("\"AVAILABLE\"") != std::string::npos;
      CHECK(n.body.find("https://127.0.0.1:9999/recordings/acme/rec-0001.wav") != std::string::npos);
    }
  }
  CHECK(available);
  CHECK(w.platform_done());
  CHECK_FALSE(w.next_event().has_value());
}

TEST_CASE("mock-serve's real-time world crashes a capture when the plan says and lists the faults it leaves to the proxy") {
  sim::RealtimeWorld w(setup_of("tests/data/live/both-worlds-capture-crash.json"), sim::RealtimeOptions{});
  CHECK(w.advance_to(Instant{} + Duration::millis(4999)).empty());
  // At 5 s call-0002 ends too (its end and upload), and call-0001's capture dies.
  const auto at_five = w.advance_to(Instant{} + Duration::seconds(5));
  std::vector<sim::Notification> crash;
  for (const auto& n : at_five) {
    if (n.about == "rec-0001") crash.push_back(n);
  }
  REQUIRE(crash.size() == 1);
  CHECK(crash[0].body.find("\"ERROR\"") != std::string::npos);
  CHECK(w.genesys().call_live(CallId{"call-0001"}));
  const auto state = sim::realtime_state_json(w);
  CHECK(state.at("recordings").at(0).at("crashed") == true);
  CHECK(state.at("not_applied").empty());

  sim::RealtimeWorld throttled(setup_of("tests/data/live/both-worlds-primary-throttled.json"), sim::RealtimeOptions{});
  CHECK(throttled.not_applied() == std::vector<std::string>{"error_rate"});
}

TEST_CASE("mock-serve's OAuth token endpoints grant the platform's bearer token to its client only") {
  sim::RealtimeOptions o;
  sim::RealtimeWorld w(setup_of("tests/data/live/mock-serve-two-calls.json"), o);
  const std::string genesys_client = o.genesys_client.client_id + ":" + o.genesys_client.client_secret;
  auto ok = w.serve_genesys_login(token_post("/oauth/token", genesys_client, "grant_type=client_credentials"));
  REQUIRE(ok.status == 200);
  const auto token = nlohmann::json::parse(ok.body_view());
  CHECK(token.at("access_token") == o.bearer_token);
  CHECK(token.at("token_type") == "bearer");

  auto stranger = w.serve_genesys_login(token_post("/oauth/token", "someone:else", "grant_type=client_credentials"));
  CHECK(stranger.status == 401);
  CHECK(nlohmann::json::parse(stranger.body_view()).at("error") == "invalid_client");
  CHECK(w.serve_genesys_login(token_post("/oauth/token", genesys_client, "grant_type=password")).status == 400);

  // CXone: the client in the form, or an access key through the password grant.
  const auto form = "grant_type=client_credentials&client_id=" + o.cxone_client.client_id +
                    "&client_secret=" + o.cxone_client.client_secret;
  CHECK(w.serve_cxone_auth(token_post("/auth/token", "", form)).status == 200);
  const auto key = "grant_type=password&username=" + o.cxone_client.client_id + "&password=" + o.cxone_client.client_secret;
  const auto by_key = w.serve_cxone_auth(token_post("/auth/token", "", key));
  CHECK(by_key.status == 200);
  CHECK(nlohmann::json::parse(by_key.body_view()).at("token_type") == "Bearer");
  CHECK(w.serve_cxone_auth(token_post("/auth/token", "", "grant_type=client_credentials")).status == 401);

  // The API takes the granted token and no other.
  http::Request get;
  get.method = "GET";
  get.target = "/api/v2/conversations/call-0001/recordings/rec-0001";
  get.headers.set("Authorization", "Bearer " + o.bearer_token);
  CHECK(w.serve(pipeline::Endpoint::genesys_api, get, Instant{} + Duration::seconds(1), 0).status == 200);
  get.headers.set("Authorization", "Bearer forged");
  CHECK(w.serve(pipeline::Endpoint::genesys_api, get, Instant{} + Duration::seconds(1), 0).status == 401);
}
