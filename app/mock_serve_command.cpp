// recguard mock-serve: the simulation's models of Genesys (API and login),
// CXone (API and auth), the CDN, S3 and Azure Blob, each served over real
// HTTP on its own loopback port, with a scenario's platform side played on
// the wall clock (sim/realtime/realtime_world.hpp) and its notifications
// relayed, signed, to a pipeline's webhook. A live test points
// `recguard serve` at these ports and judges the outcome from GET /_mock/state
// on the admin port.
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <unistd.h>

#include "app/cli_args.hpp"
#include "app/commands.hpp"
#include "app/mock_serve_relay.hpp"
#include "live/loop/io_loop.hpp"
#include "live/net/http_client.hpp"
#include "live/net/http_server.hpp"
#include "sim/realtime/realtime_state.hpp"
#include "sim/realtime/realtime_world.hpp"
#include "sim/realtime/serve_config.hpp"
#include "sim/runner/world_planner.hpp"
#include "sim/scenario/scenario_loader.hpp"
#include "sim/scenario/units.hpp"
#include "sim/world/sim_credentials.hpp"

namespace recguard::app {

namespace {

constexpr const char* kUsage =
    "usage: recguard mock-serve --scenario FILE --webhook-url URL --secret-env NAME [--seed N] [--speed X]\n"
    "         [--ports-file F] [--bind 127.0.0.1] [--exit-when-done] [--quiet-for 5s] [--run-for DUR]\n"
    "         [--serve-config FILE [--serve-port P] [--serve-journal PATH]]\n";

// How often the platform side is advanced: well under any scenario's
// resolution of interest, cheap when nothing is due.
constexpr Duration kTick = Duration::millis(20);

// The models a port serves; the order is the ports file's.
enum class Port { genesys_api, genesys_login, cxone_api, cxone_auth, cdn, s3, azure, admin };
constexpr std::pair<Port, const char*> kPorts[] = {
    {Port::genesys_api, "genesys_api"}, {Port::genesys_login, "genesys_login"}, {Port::cxone_api, "cxone_api"},
    {Port::cxone_auth, "cxone_auth"},   {Port::cdn, "cdn"},                     {Port::s3, "s3"},
    {Port::azure, "azure"},             {Port::admin, "admin"}};

struct Options {
  std::string scenario;
  std::string webhook_url;
  std::string secret_env;
  std::optional<std::uint64_t> seed;
  double speed = 1.0;
  std::string ports_file;
  // A ready `recguard serve` config for these ports, and FILE.env with the
  // stand-in secrets as `export NAME='value'` lines (README "Live mode").
  std::string serve_config;
  unsigned short serve_port = 18080;
  std::string serve_journal = "journal.sqlite";
  std::string bind = "127.0.0.1";
  bool exit_when_done = false;
  Duration quiet_for = Duration::seconds(5);
  std::optional<Duration> run_for;
};

// Everything of one mock-serve run; every handler runs on the loop's thread.
struct MockServe {
  Options opts;
  live::IoLoop loop;  // first: destroyed last
  std::unique_ptr<live::HttpClient> client;
  std::map<Port, std::unique_ptr<live::HttpServer>> servers;
  std::unique_ptr<sim::RealtimeWorld> world;
  std::unique_ptr<WebhookRelay> relay;
  std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point last_store_write = started;
  int exit_code = 0;

  // Scenario time: wall time since the start, times --speed.
  Instant scenario_now() const {
    const auto us = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - started);
    return Instant{static_cast<std::int64_t>(static_cast<double>(us.count()) * opts.speed)};
  }
  static std::int64_t unix_now() {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  }
  std::string url(Port p) const { return "http://" + opts.bind + ":" + std::to_string(servers.at(p)->port()); }

  void pump() {
    for (auto& n : world->advance_to(scenario_now())) relay->deliver(std::move(n));
  }

  void handle(Port p, http::Request req, const live::Respond& respond) {
    const auto unix_s = unix_now();
    const Instant now = scenario_now();
    http::Response resp;
    switch (p) {
      case Port::genesys_api: resp = world->serve(pipeline::Endpoint::genesys_api, req, now, unix_s); break;
      case Port::cxone_api: resp = world->serve(pipeline::Endpoint::cxone_api, req, now, unix_s); break;
      case Port::cdn: resp = world->serve(pipeline::Endpoint::cdn, req, now, unix_s); break;
      case Port::s3: resp = world->serve(pipeline::Endpoint::primary_store, req, now, unix_s); break;
      case Port::azure: resp = world->serve(pipeline::Endpoint::backup_store, req, now, unix_s); break;
      case Port::genesys_login: resp = world->serve_genesys_login(req); break;
      case Port::cxone_auth: resp = world->serve_cxone_auth(req); break;
      case Port::admin: resp = admin(req); break;
    }
    if ((p == Port::s3 || p == Port::azure) && req.method != "GET" && req.method != "HEAD" && resp.status < 300) {
      last_store_write = std::chrono::steady_clock::now();
    }
    respond(std::move(resp));
    pump();
  }

  http::Response admin(const http::Request& req) const {
    if (req.method != "GET" || req.path() != "/_mock/state") return http::make_response(404, "GET /_mock/state");
    auto j = sim::realtime_state_json(*world);
    const auto& c = relay->counters();
    j["relay"] = {{"deliveries", c.deliveries}, {"attempts", c.attempts}, {"answered", c.answered},
                  {"lost", c.lost},             {"in_flight", c.in_flight}};
    j["scenario_time_us"] = scenario_now().us;
    j["speed"] = opts.speed;
    return http::make_response(200, j.dump(), "application/json");
  }

  // --exit-when-done: every call over and uploaded, every notification
  // answered or given up, and no store write for --quiet-for: the stores hold
  // what they will (the pipeline's own retries are well inside that).
  bool done() const {
    return world->platform_done() && relay->idle() &&
           std::chrono::steady_clock::now() - last_store_write >= std::chrono::microseconds(opts.quiet_for.us);
  }

  void tick() {
    pump();
    const auto elapsed = std::chrono::steady_clock::now() - started;
    if ((opts.exit_when_done && done()) ||
        (opts.run_for && elapsed >= std::chrono::microseconds(opts.run_for->us))) {
      loop.stop();
      return;
    }
    loop.after(kTick, [this] { tick(); });
  }

  void write_ports_file() const {
    nlohmann::json j;
    for (const auto& [p, name] : kPorts) j[name] = url(p);
    const auto& s = world->setup();
    const auto aws = sim::aws_credentials_for(s.primary.credentials);
    const auto az = sim::azure_key_for(s.backup.account, s.backup.credentials);
    // The stand-in secrets the models accept: test material, derived from
    // the scenario's credential names exactly as the simulation derives them.
    j["s3"] = {{"url", url(Port::s3)},       {"bucket", s.primary.location},
               {"region", s.primary.region}, {"access_key_id", aws.access_key_id},
               {"secret_access_key", aws.secret_access_key}};
    j["azure"] = {{"url", url(Port::azure)}, {"account", s.backup.account}, {"container", s.backup.location},
                  {"key", az.key_base64}};
    const sim::RealtimeOptions defaults;
    j["genesys_client"] = {{"id", defaults.genesys_client.client_id}, {"secret", defaults.genesys_client.client_secret}};
    j["cxone_client"] = {{"id", defaults.cxone_client.client_id}, {"secret", defaults.cxone_client.client_secret}};
    j["genesys_token_url"] = url(Port::genesys_login) + "/oauth/token";
    j["cxone_token_url"] = url(Port::cxone_auth) + "/auth/token";
    j["state_url"] = url(Port::admin) + "/_mock/state";
    j["cxone_enabled"] = world->cxone() != nullptr;  // serve polls CXone only when the scenario has it
    j["pid"] = static_cast<std::int64_t>(::getpid());
    if (!opts.ports_file.empty()) write_whole(opts.ports_file, j.dump(2) + "\n");
    if (!opts.serve_config.empty()) {
      sim::ServeConfigRequest r;
      r.webhook_port = opts.serve_port;
      r.journal = opts.serve_journal;
      write_whole(opts.serve_config, sim::serve_config_for(j, r).dump(2) + "\n");
      const char* secret = std::getenv(opts.secret_env.c_str());
      std::string env;
      for (const auto& [name, value] : sim::serve_env_for(j, secret ? secret : "")) {
        env += "export " + name + "='" + value + "'\n";
      }
      write_whole(opts.serve_config + ".env", env);
    }
  }

  // Written whole and renamed, so a reader polling for it never sees half.
  static void write_whole(const std::string& path, const std::string& text) {
    const std::string tmp = path + ".tmp";
    std::ofstream(tmp) << text;
    // The .env file holds secrets (stand-ins, and the webhook's): owner only.
    std::filesystem::permissions(tmp, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
    std::filesystem::rename(tmp, path);
  }
};

std::optional<std::string> parse_options(const std::vector<std::string>& args, Options& o) {
  const auto p = parse_args(args,
                            {"--scenario", "--webhook-url", "--secret-env", "--seed", "--speed", "--ports-file",
                             "--bind", "--quiet-for", "--run-for", "--serve-config", "--serve-port", "--serve-journal"},
                            {"--exit-when-done"});
  if (!p.error.empty()) return p.error;
  if (!p.positional.empty()) return "unexpected argument " + p.positional.front();
  for (const char* required : {"--scenario", "--webhook-url", "--secret-env"}) {
    if (!p.options.count(required)) return std::string(required) + " is required";
  }
  o.scenario = p.options.at("--scenario");
  o.webhook_url = p.options.at("--webhook-url");
  o.secret_env = p.options.at("--secret-env");
  if (p.options.count("--ports-file")) o.ports_file = p.options.at("--ports-file");
  if (p.options.count("--bind")) o.bind = p.options.at("--bind");
  if (p.options.count("--serve-config")) o.serve_config = p.options.at("--serve-config");
  if (p.options.count("--serve-journal")) o.serve_journal = p.options.at("--serve-journal");
  o.exit_when_done = p.flags.count("--exit-when-done") > 0;
  try {
    if (p.options.count("--seed")) o.seed = std::stoull(p.options.at("--seed"));
    if (p.options.count("--speed")) o.speed = std::stod(p.options.at("--speed"));
    if (p.options.count("--serve-port")) {
      const int port = std::stoi(p.options.at("--serve-port"));
      if (port < 1 || port > 65535) return std::string("--serve-port expects a port number");
      o.serve_port = static_cast<unsigned short>(port);
    }
  } catch (const std::exception&) {
    return std::string("--seed, --speed and --serve-port expect numbers");
  }
  if (!(o.speed > 0)) return std::string("--speed must be positive");
  if (p.options.count("--quiet-for")) {
    auto d = sim::parse_duration(p.options.at("--quiet-for"));
    if (!d.ok()) return std::string("--quiet-for expects a duration like 5s");
    o.quiet_for = d.value();
  }
  if (p.options.count("--run-for")) {
    auto d = sim::parse_duration(p.options.at("--run-for"));
    if (!d.ok()) return std::string("--run-for expects a duration like 2m");
    o.run_for = d.value();
  }
  return std::nullopt;
}

}  // namespace

int mock_serve_command(const std::vector<std::string>& args) {
  auto ms = std::make_unique<MockServe>();
  if (auto err = parse_options(args, ms->opts)) {
    std::cerr << "recguard mock-serve: " << *err << "\n" << kUsage;
    return 2;
  }
  const Options& o = ms->opts;
  const char* secret = std::getenv(o.secret_env.c_str());
  if (!secret || !*secret) {
    std::cerr << "recguard mock-serve: environment variable " << o.secret_env << " (the relay's HMAC secret) is not set\n";
    return 2;
  }
  const auto webhook_origin = live::parse_origin(o.webhook_url);
  const auto webhook_url = http::parse_url(o.webhook_url);
  if (!webhook_origin || !webhook_url) {
    std::cerr << "recguard mock-serve: --webhook-url is not a URL: " << o.webhook_url << "\n";
    return 2;
  }
  auto loaded = sim::load_scenario_file(o.scenario);
  if (auto* err = std::get_if<sim::ScenarioError>(&loaded)) {
    std::cerr << "error: " << err->message() << "\n";
    return 2;
  }
  const auto& sc = std::get<sim::LoadedScenario>(loaded).scenario;
  sim::Plan plan = sim::plan_world(sc, o.seed.value_or(sc.seed));
  // The scenario's relay secret is the simulation's; live, the operator's
  // secret comes from the environment, as `recguard serve` reads its own.
  plan.setup.webhook.secret = secret;

  try {
    for (const auto& [p, name] : kPorts) {
      live::ServerOptions so;
      so.bind = o.bind;
      so.body_limit = 64 * 1024 * 1024;  // the stores take whole recordings and parts
      const Port port = p;
      MockServe* self = ms.get();
      ms->servers[p] = std::make_unique<live::HttpServer>(
          ms->loop.io(), so, [self, port](http::Request req, live::Respond respond) {
            self->handle(port, std::move(req), respond);
          });
    }
    sim::RealtimeOptions ro;
    ro.cdn_host = o.bind + ":" + std::to_string(ms->servers.at(Port::cdn)->port());
    ro.epoch_unix_s = MockServe::unix_now();
    ms->world = std::make_unique<sim::RealtimeWorld>(plan.setup, ro);
    for (const auto& kind : ms->world->not_applied()) {
      std::cerr << "mock-serve: fault " << kind << " is not applied by mock-serve (use the fault proxy)\n";
    }
    live::ClientOptions co;
    // The relay's attempt timeout and retry delay are the platform's: on the
    // compressed timeline when --speed is given, but never under a second.
    const auto scaled = [&](Duration d) {
      return Duration{std::max<std::int64_t>(1000000, static_cast<std::int64_t>(static_cast<double>(d.us) / o.speed))};
    };
    co.request_timeout = scaled(plan.setup.webhook.timeout);
    ms->client = std::make_unique<live::HttpClient>(ms->loop.io(), co);
    sim::WebhookPlan relay_plan = plan.setup.webhook;
    relay_plan.retry_delay = scaled(relay_plan.retry_delay);
    relay_plan.timeout = co.request_timeout;
    std::string host = webhook_origin->host + ":" + std::to_string(webhook_origin->port);
    ms->relay = std::make_unique<WebhookRelay>(ms->loop, *ms->client, *webhook_origin, webhook_url->target, host,
                                               relay_plan);
  } catch (const std::exception& e) {
    std::cerr << "recguard mock-serve: " << e.what() << "\n";
    return 2;
  }

  for (const auto& [p, name] : kPorts) std::cout << name << " " << ms->url(p) << "\n";
  if (!o.ports_file.empty() || !o.serve_config.empty()) ms->write_ports_file();
  std::cout << "mock-serve ready: " << plan.setup.calls.size() << " calls, speed " << o.speed << std::endl;
  ms->started = std::chrono::steady_clock::now();
  ms->last_store_write = ms->started;
  ms->loop.post([&ms] { ms->tick(); });
  const int sig = ms->loop.run_until_signal();
  const auto& c = ms->relay->counters();
  std::cout << "mock-serve stopped" << (sig ? " by signal " + std::to_string(sig) : std::string()) << ": relayed "
            << c.answered << "/" << c.deliveries << " notifications, lost " << c.lost << std::endl;
  ms->client->close();
  return ms->exit_code;
}

}  // namespace recguard::app
