// The scenario loader is a contract: every bad input names the JSON path and
// what was expected, and nothing unknown is silently ignored.
#include <catch2/catch.hpp>

#include "sim/scenario/scenario_loader.hpp"
#include "sim/scenario/units.hpp"

using namespace recguard;
using namespace recguard::sim;

namespace {

const char* kValid = R"({
  "name": "n", "seed": 5, "run_for": "2h",
  "world": {
    "platforms": [{"kind": "genesys", "org": "acme", "api_rate_limit_rps": 10,
                   "webhook": {"timeout": "30s", "retries": 3, "retry_delay": "15s", "secret": "s"}}],
    "stores": {
      "primary": {"kind": "s3", "bucket": "p", "region": "us-east-1", "put_limit_rps": 3500, "credentials": "pw"},
      "backup": {"kind": "azure_blob", "account": "a", "container": "c", "region": "eastus2", "credentials": "bw"}
    },
    "orchestrators": 1,
    "reconciler": {"region": "separate", "every": "1h"},
    "links": {"default_latency": "20ms", "platform-orchestrator": "60ms"}
  },
  "traffic": {
    "arrivals": {"per_minute": 30, "for": "1h", "process": "poisson"},
    "call_length": {"median": "4m", "p95": "20m"},
    "media": {"format": "wav_pcm16_8k", "channels": 2},
    "platform_mix": {"genesys": 0.7, "cxone": 0.3},
    "calls": [{"id": "call-0001", "platform": "genesys", "start": "0s", "length": "6m",
               "media": {"format": "wav_ulaw_8k", "channels": 1}}]
  },
  "faults": [
    {"kind": "truncate_artifact", "at": "10m", "target": {"recording": "rec-0003"}, "keep_bytes": 0, "metadata": "stale"},
    {"kind": "throttle", "at": "5m", "until": "15m", "target": {"node": "primary"}, "rps": 100, "as": "slowdown"},
    {"kind": "partition", "at": "1h", "until": "3h", "target": {"link": ["orchestrator", "backup"]}},
    {"kind": "clock_skew", "at": "0s", "target": {"node": "orchestrator"}, "offset": "-2s"}
  ],
  "expect": {
    "invariants": "all",
    "outcomes": {"compliance_verified": ">= 119", "requires_manual_review": 1},
    "recordings": {"rec-0003": {"outcome": "compliance_verified", "rerecord_commands": 1}},
    "metrics": {"webhook_ack_p99": "< 300ms", "rerecord_commands": "<= 1"}
  }
})";

ScenarioError error_of(const std::string& text) {
  auto r = load_scenario_text(text, "t.json");
  REQUIRE(std::holds_alternative<ScenarioError>(r));
  return std::get<ScenarioError>(r);
}

// Replaces the first occurrence of `from` in the valid document.
std::string with(const std::string& from, const std::string& to) {
  std::string s = kValid;
  const auto pos = s.find(from);
  REQUIRE(pos != std::string::npos);
  return s.replace(pos, from.size(), to);
}

}  // namespace

TEST_CASE("the contract's full example loads with its values", "[unit][scenario]") {
  auto r = load_scenario_text(kValid, "t.json");
  if (auto* e = std::get_if<ScenarioError>(&r)) FAIL(e->message());
  const Scenario& s = std::get<LoadedScenario>(r).scenario;
  CHECK(s.seed == 5);
  CHECK(s.run_for == Duration::hours(2));
  CHECK(s.world.links.at({"platform", "orchestrator"}) == Duration::millis(60));
  CHECK(s.traffic.arrivals->per_minute == 30);
  CHECK(s.traffic.calls.at(0).media->format == media::MediaFormat::wav_ulaw_8k);
  REQUIRE(s.faults.size() == 4);
  CHECK(s.faults[0].kind == FaultKind::truncate_artifact);
  CHECK(s.faults[0].keep_bytes == 0);
  CHECK(std::get<TargetRecording>(s.faults[0].target).id.str() == "rec-0003");
  CHECK(std::get<TargetLink>(s.faults[2].target).b == "backup");
  CHECK(s.faults[3].offset == Duration::seconds(-2));
  // "all": the contract's twelve and the liveness check, converges.
  CHECK(s.expect.invariants.size() == 13);
  CHECK(s.expect.invariants.back() == "converges");
  CHECK(s.expect.outcomes.at("compliance_verified").holds(119));
  CHECK_FALSE(s.expect.outcomes.at("compliance_verified").holds(118));
  CHECK(s.expect.metrics.at("webhook_ack_p99").is_duration);
  CHECK(s.expect.metrics.at("webhook_ack_p99").value == 300000);
}

TEST_CASE("errors name the JSON path and what was expected", "[unit][scenario]") {
  SECTION("unknown top-level key") {
    auto e = error_of(with("\"seed\": 5", "\"sead\": 5"));
    CHECK(e.json_path == "$.sead");
    CHECK(e.expected.find("seed") != std::string::npos);
  }
  SECTION("typo in a fault kind") {
    auto e = error_of(with("\"kind\": \"throttle\"", "\"kind\": \"throtle\""));
    CHECK(e.json_path == "$.faults[1].kind");
    CHECK(e.expected.find("throttle") != std::string::npos);
    CHECK(e.got == "\"throtle\"");
  }
  SECTION("a key that belongs to another fault kind") {
    auto e = error_of(with("\"rps\": 100", "\"keep_bytes\": 100"));
    CHECK(e.json_path == "$.faults[1].keep_bytes");
  }
  SECTION("negative duration") {
    auto e = error_of(with("\"at\": \"5m\"", "\"at\": \"-5m\""));
    CHECK(e.json_path == "$.faults[1].at");
    CHECK(e.expected.find("non-negative") != std::string::npos);
  }
  SECTION("until before at") {
    auto e = error_of(with("\"until\": \"15m\"", "\"until\": \"1m\""));
    CHECK(e.json_path == "$.faults[1].until");
  }
  SECTION("shared credentials") {
    auto e = error_of(with("\"credentials\": \"bw\"", "\"credentials\": \"pw\""));
    CHECK(e.json_path == "$.world.stores.backup.credentials");
    CHECK(e.expected.find("distinct") != std::string::npos);
  }
  SECTION("bad media format") {
    auto e = error_of(with("\"wav_ulaw_8k\"", "\"mp3\""));
    CHECK(e.json_path == "$.traffic.calls[0].media.format");
  }
  SECTION("fraction out of range") {
    auto e = error_of(with("\"genesys\": 0.7", "\"genesys\": 1.7"));
    CHECK(e.json_path == "$.traffic.platform_mix.genesys");
  }
  SECTION("bad call id and recording target") {
    CHECK(error_of(with("\"call-0001\"", "\"c1\"")).json_path == "$.traffic.calls[0].id");
    CHECK(error_of(with("{\"recording\": \"rec-0003\"}", "{\"recording\": \"r3\"}")).json_path ==
          "$.faults[0].target.recording");
  }
  SECTION("unknown invariant") {
    auto e = error_of(with("\"invariants\": \"all\"", "\"invariants\": [\"no_lost\"]"));
    CHECK(e.json_path == "$.expect.invariants[0]");
  }
  SECTION("missing required key") {
    auto e = error_of(with("\"name\": \"n\",", ""));
    CHECK(e.json_path == "$.name");
  }
  SECTION("invalid JSON gives line and column") {
    auto e = error_of("{\n  \"name\": \"x\",\n  oops\n}");
    CHECK(e.json_path == "$");
    CHECK(e.got.find("line 3") != std::string::npos);
  }
  SECTION("the message reads file: path: expected ..., got ...") {
    auto e = error_of(with("\"seed\": 5", "\"seed\": -5"));
    CHECK(e.message().rfind("t.json: $.seed: expected ", 0) == 0);
  }
}

TEST_CASE("durations, sizes and comparisons", "[unit][scenario]") {
  CHECK(*parse_duration("250ms") == Duration::millis(250));
  CHECK(*parse_duration("1.5s") == Duration::millis(1500));
  CHECK(*parse_duration("1d") == Duration::hours(24));
  CHECK_FALSE(parse_duration("-1s").ok());
  CHECK(*parse_duration("-1s", true) == Duration::seconds(-1));
  CHECK_FALSE(parse_duration("15").ok());
  CHECK_FALSE(parse_duration("15 parsecs").ok());
  CHECK_FALSE(parse_duration("").ok());
  CHECK(*parse_size(nlohmann::json("150KB")) == 150000);
  CHECK(*parse_size(nlohmann::json("8MiB")) == 8 * 1048576);
  CHECK(*parse_size(nlohmann::json(1024)) == 1024);
  CHECK_FALSE(parse_size(nlohmann::json(-1)).ok());
  CHECK_FALSE(parse_size(nlohmann::json("8 furlongs")).ok());
  CHECK(parse_comparison(nlohmann::json("<= 1"))->holds(1));
  CHECK_FALSE(parse_comparison(nlohmann::json("< 1"))->holds(1));
  CHECK(parse_comparison(nlohmann::json(3))->holds(3));
}

TEST_CASE("world.reconciler: absent runs none, present runs one with its settings", "[unit][scenario]") {
  auto world_of = [](const std::string& text) {
    auto r = load_scenario_text(text, "t.json");
    if (auto* e = std::get_if<ScenarioError>(&r)) FAIL(e->message());
    return std::get<LoadedScenario>(r).scenario.world;
  };
  const auto contract = world_of(kValid);
  REQUIRE(contract.reconciler.has_value());
  CHECK(contract.reconciler->region == "separate");
  CHECK(contract.reconciler->every == Duration::hours(1));
  CHECK(contract.reconciler->page_size == 1000);
  CHECK(contract.reconciler->low_traffic_rows_per_hour == 60);
  CHECK_FALSE(world_of(with("\"reconciler\": {\"region\": \"separate\", \"every\": \"1h\"},", "")).reconciler);
  const auto set = world_of(with("\"every\": \"1h\"}", "\"every\": \"30m\", \"page_size\": 5, \"low_traffic_rows_per_hour\": 0}"));
  REQUIRE(set.reconciler.has_value());
  CHECK(set.reconciler->every == Duration::minutes(30));
  CHECK(set.reconciler->page_size == 5);
  CHECK(set.reconciler->low_traffic_rows_per_hour == 0);
  CHECK(world_of(with("{\"region\": \"separate\", \"every\": \"1h\"}", "{}")).reconciler.has_value());
}

TEST_CASE("world.reconciler and objects_lost errors name the path and what was expected", "[unit][scenario]") {
  SECTION("a key the reconciler does not have") {
    auto e = error_of(with("\"every\": \"1h\"}", "\"interval\": \"1h\"}"));
    CHECK(e.json_path == "$.world.reconciler.interval");
    CHECK(e.expected.find("every") != std::string::npos);
    CHECK(e.expected.find("page_size") != std::string::npos);
  }
  SECTION("a region that is neither separate nor same") {
    auto e = error_of(with("\"region\": \"separate\"", "\"region\": \"mars\""));
    CHECK(e.json_path == "$.world.reconciler.region");
    CHECK(e.got == "\"mars\"");
  }
  SECTION("an interval under a minute") {
    auto e = error_of(with("\"every\": \"1h\"", "\"every\": \"10s\""));
    CHECK(e.json_path == "$.world.reconciler.every");
    CHECK(e.expected.find("at least 1m") != std::string::npos);
  }
  SECTION("a page size out of range") {
    CHECK(error_of(with("\"every\": \"1h\"", "\"every\": \"1h\", \"page_size\": 0")).json_path ==
          "$.world.reconciler.page_size");
    CHECK(error_of(with("\"every\": \"1h\"", "\"every\": \"1h\", \"page_size\": 5001")).json_path ==
          "$.world.reconciler.page_size");
    CHECK(error_of(with("\"every\": \"1h\"", "\"every\": \"1h\", \"page_size\": \"big\"")).json_path ==
          "$.world.reconciler.page_size");
  }
  SECTION("a negative low-traffic threshold") {
    auto e = error_of(with("\"every\": \"1h\"", "\"every\": \"1h\", \"low_traffic_rows_per_hour\": -1"));
    CHECK(e.json_path == "$.world.reconciler.low_traffic_rows_per_hour");
  }
  SECTION("objects_lost takes a count of at least one, and only its own keys") {
    const std::string lost = R"({"kind": "objects_lost", "at": "40m", "target": {"node": "backup"}, "count": 0})";
    auto e = error_of(with("{\"kind\": \"partition\", \"at\": \"1h\", \"until\": \"3h\", \"target\": {\"link\": "
                           "[\"orchestrator\", \"backup\"]}}",
                           lost));
    CHECK(e.json_path == "$.faults[2].count");
    auto k = error_of(with("\"kind\": \"partition\"", "\"kind\": \"objects_lost\", \"rps\": 3"));
    CHECK(k.json_path == "$.faults[2].rps");
    CHECK(k.expected.find("count") != std::string::npos);
  }
  SECTION("a typo in a reconciler metric") {
    auto e = error_of(with("\"rerecord_commands\": \"<= 1\"", "\"reconcile_backfils\": \">= 5\""));
    CHECK(e.json_path == "$.expect.metrics.reconcile_backfils");
    CHECK(e.expected.find("reconcile_backfills") != std::string::npos);
  }
}

TEST_CASE("truncate_artifact capture_stops: call_end by default, mid_call on request, nothing else", "[unit][scenario]") {
  auto fault0 = [](const std::string& text) {
    auto r = load_scenario_text(text, "t.json");
    if (auto* e = std::get_if<ScenarioError>(&r)) FAIL(e->message());
    return std::get<LoadedScenario>(r).scenario.faults.at(0);
  };
  CHECK(fault0(kValid).capture_stops == "call_end");
  CHECK(fault0(with("\"metadata\": \"stale\"", "\"metadata\": \"stale\", \"capture_stops\": \"mid_call\""))
            .capture_stops == "mid_call");
  auto e = error_of(with("\"metadata\": \"stale\"", "\"metadata\": \"stale\", \"capture_stops\": \"early\""));
  CHECK(e.json_path == "$.faults[0].capture_stops");
  CHECK(e.expected.find("mid_call") != std::string::npos);
  auto k = error_of(with("\"rps\": 100", "\"rps\": 100, \"capture_stops\": \"mid_call\""));
  CHECK(k.json_path == "$.faults[1].capture_stops");
}
