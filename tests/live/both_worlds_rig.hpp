#pragma once
// One scenario in both worlds. The simulated world: `recguard run FILE` (its
// exit code) and the same plan run in-process, whose models give the true
// outcome. The live world: `recguard mock-serve` playing the scenario's
// platform side on the wall clock and `recguard serve` (the pipeline, with
// a generated config) between them, judged from mock-serve's admin state and
// serve's journal. Both are reduced to one Outcome, compared field by field.
#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "core/journal/sqlite_journal.hpp"
#include "core/workflow/recording_state.hpp"
#include "mock_serve_client.hpp"
#include "mock_serve_process.hpp"
#include "sim/realtime/realtime_state.hpp"
#include "sim/realtime/serve_config.hpp"
#include "sim/runner/world_planner.hpp"
#include "sim/scenario/scenario_loader.hpp"
#include "sim/world/sim_world.hpp"
#include "support/command_line.hpp"

namespace recguard::testing {

// What both worlds must agree on.
struct Outcome {
  std::map<std::string, std::string> final_state;       // recording -> journal state
  std::map<std::string, std::string> primary_sha256;    // object key -> digest
  std::map<std::string, std::string> backup_sha256;
  std::map<std::string, int> starts_per_call;           // start-recording commands the platform got
  int starts_on_ended_calls = 0;
  std::set<std::string> rerecorded_captures;            // captures a start-recording made
  std::map<std::string, std::uint64_t> faults_fired;    // simulated only: how often each fault kind acted
};

// The true outcome of a simulated run of `scenario` (a path below the source tree).
inline Outcome simulated_outcome(const std::string& scenario) {
  auto loaded = sim::load_scenario_file(std::string(RECGUARD_SOURCE_DIR) + "/" + scenario);
  REQUIRE(std::holds_alternative<sim::LoadedScenario>(loaded));
  const auto& sc = std::get<sim::LoadedScenario>(loaded).scenario;
  sim::SimWorld world(sim::plan_world(sc, sc.seed).setup);
  const auto result = world.run();
  Outcome o;
  o.faults_fired = result.metrics.faults_fired;
  for (const auto& [id, r] : result.recordings) o.final_state[id.str()] = r.state;
  for (const auto& obj : sim::store_inventory_json(world.primary_store().objects())) {
    o.primary_sha256[obj.at("key")] = obj.at("sha256");
  }
  for (const auto& obj : sim::store_inventory_json(world.backup_store().objects())) {
    o.backup_sha256[obj.at("key")] = obj.at("sha256");
  }
  for (const auto* s : world.platform_starts()) {
    ++o.starts_per_call[s->call.str()];
    if (!s->call_live) ++o.starts_on_ended_calls;
  }
  for (const auto* r : world.platform_recordings()) {
    if (!r->started_by_key.empty()) o.rerecorded_captures.insert(r->id.str());
  }
  return o;
}

// A port free right now on 127.0.0.1 (serve binds it a moment later; the
// relay retries until it does).
inline unsigned short free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(fd);
  return ntohs(addr.sin_port);
}

// serve's config and the environment of its secrets come from the product
// (sim/realtime/serve_config.hpp): the same file `mock-serve --serve-config` writes.
inline nlohmann::json serve_config(const nlohmann::json& ports, unsigned short webhook_port, const std::string& journal,
                                   const std::string& s3_url) {
  return recguard::sim::serve_config_for(ports, {webhook_port, journal, s3_url, "BOTH_WORLDS"});
}

inline std::map<std::string, std::string> serve_env(const nlohmann::json& ports, const std::string& hmac) {
  return recguard::sim::serve_env_for(ports, hmac, "BOTH_WORLDS");
}

// Converged: the platform is done, the relay has nothing in flight, and
// every recording the platform made AVAILABLE is in both stores.
inline constexpr const char* kPlatformFolders[] = {"genesys", "cxone"};

inline bool live_converged(const nlohmann::json& state) {
  if (!state.at("platform_done").get<bool>() || state.at("relay").at("in_flight").get<int>() != 0) return false;
  std::set<std::string> primary, backup;
  for (const auto& o : state.at("primary")) primary.insert(o.at("key"));
  for (const auto& o : state.at("backup")) backup.insert(o.at("key"));
  for (const auto& r : state.at("recordings")) {
    if (r.at("file_state") != "AVAILABLE") continue;
    // The object key names the platform (core's object_key_for); the state
    // lists both platforms' recordings without saying which, so either folder.
    const std::string id = r.at("id").get<std::string>();
    const bool stored = std::any_of(std::begin(kPlatformFolders), std::end(kPlatformFolders), [&](const char* folder) {
      const std::string key = std::string("recordings/") + folder + "/" + id + ".wav";
      return primary.count(key) && backup.count(key);
    });
    if (!stored) return false;
  }
  return true;
}

// Every recording the pipeline journalled is final (verified or in manual
// review). Read through a connection of our own while serve writes (WAL);
// a busy database reads as "not yet".
inline bool journal_settled(const std::string& path) {
  if (!std::filesystem::exists(path)) return false;
  auto journal = SqliteJournal::open(path);
  if (!journal.ok()) return false;
  const auto rows = journal.value()->load_all();
  return !rows.empty() && std::all_of(rows.begin(), rows.end(), [](const RecordingRow& r) { return is_terminal(r.state); });
}

inline Outcome live_outcome(const nlohmann::json& state, const std::string& journal_path) {
  Outcome o;
  for (const auto& obj : state.at("primary")) o.primary_sha256[obj.at("key")] = obj.at("sha256");
  for (const auto& obj : state.at("backup")) o.backup_sha256[obj.at("key")] = obj.at("sha256");
  for (const auto& s : state.at("starts")) {
    ++o.starts_per_call[s.at("call")];
    if (!s.at("call_live").get<bool>()) ++o.starts_on_ended_calls;
  }
  for (const auto& r : state.at("recordings")) {
    if (!r.at("started_by_key").get<std::string>().empty()) o.rerecorded_captures.insert(r.at("id"));
  }
  auto journal = SqliteJournal::open(journal_path);
  REQUIRE(journal.ok());
  for (const auto& row : journal.value()->load_all()) o.final_state[row.id.str()] = std::string(to_string(row.state));
  return o;
}

struct LiveRun {
  nlohmann::json state;
  Outcome outcome;
  std::string mock_log;
  std::string serve_log;
};

// Runs `scenario` live. `s3_front`: given mock-serve's S3 port, the port the
// pipeline should use for S3 instead (a fault proxy), or 0 for direct.
template <class S3Front>
LiveRun run_live(const std::string& scenario, S3Front s3_front, std::chrono::seconds deadline = std::chrono::seconds(150)) {
  using namespace std::chrono_literals;
  TempFolder dir("both-worlds");
  const std::string hmac = "both-worlds-hmac";
  const unsigned short webhook_port = free_port();
  const auto ports_file = dir.path / "ports.json";
  ChildProcess mock({RECGUARD_BINARY, "mock-serve", "--scenario", std::string(RECGUARD_SOURCE_DIR) + "/" + scenario,
                     "--webhook-url", "http://127.0.0.1:" + std::to_string(webhook_port) + "/webhooks/genesys",
                     "--secret-env", "BOTH_WORLDS_HMAC_SECRET", "--ports-file", ports_file.string(), "--run-for",
                     "10m"},
                    {{"BOTH_WORLDS_HMAC_SECRET", hmac}}, dir.path / "mock-serve.log");
  REQUIRE(eventually(20s, [&] { return std::filesystem::exists(ports_file) || !mock.running(); }));
  INFO(mock.output());
  REQUIRE(mock.running());
  const auto ports = *read_json_file(ports_file);
  const unsigned short front = s3_front(port_of(ports.at("s3").at("url")));
  const std::string s3_url = front ? "http://127.0.0.1:" + std::to_string(front) : ports.at("s3").at("url").get<std::string>();
  const std::string journal = (dir.path / "journal.sqlite").string();
  const auto config = dir.write("serve.json", serve_config(ports, webhook_port, journal, s3_url).dump(2));
  ChildProcess serve({RECGUARD_BINARY, "serve", "--config", config.string(), "--http"}, serve_env(ports, hmac),
                     dir.path / "serve.log");
  LiveRun run;
  const bool converged = eventually(deadline, [&] {
    if (!serve.running() || !mock.running()) return true;  // judged below
    const auto s = mock_state(ports);
    return s && live_converged(*s) && journal_settled(journal);
  });
  // A moment for the journal's last rows (audit, final state) after the stores' last write.
  std::this_thread::sleep_for(2s);
  const auto state = mock_state(ports);
  run.mock_log = mock.output();
  run.serve_log = serve.output();
  INFO("mock-serve:\n" << run.mock_log << "\nserve:\n" << run.serve_log);
  REQUIRE(state.has_value());
  run.state = *state;
  CHECK(converged);
  CHECK(live_converged(run.state));
  CHECK(journal_settled(journal));
  CHECK(serve.stop() == 0);
  CHECK(mock.stop() == 0);
  run.outcome = live_outcome(run.state, journal);
  return run;
}

}  // namespace recguard::testing
