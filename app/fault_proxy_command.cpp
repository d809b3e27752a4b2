// recguard fault-proxy: a loopback TCP proxy in front of one upstream that
// injects the network faults live-mode tests need (live/proxy/fault_proxy.hpp).
#include <iostream>
#include <optional>
#include <string>

#include "app/cli_args.hpp"
#include "app/commands.hpp"
#include "live/loop/io_loop.hpp"
#include "live/proxy/fault_proxy.hpp"
#include "sim/scenario/units.hpp"

namespace recguard::app {

namespace {

constexpr const char* kUsage =
    "usage: recguard fault-proxy --listen [HOST:]PORT --upstream HOST:PORT [--latency 50ms] [--latency-up D]\n"
    "         [--latency-down D] [--bandwidth 1MB/s] [--reset P] [--reset-after BYTES] [--blackhole]\n"
    "         [--status 503:0.2] [--status 429:0.1] [--retry-after 1s] [--seed N]\n";

bool split_host_port(const std::string& text, std::string& host, unsigned short& port) {
  const auto colon = text.rfind(':');
  const std::string p = colon == std::string::npos ? text : text.substr(colon + 1);
  if (colon != std::string::npos) host = text.substr(0, colon);
  try {
    std::size_t used = 0;
    const unsigned long v = std::stoul(p, &used);
    if (used != p.size() || v > 65535) return false;
    port = static_cast<unsigned short>(v);
    return !host.empty();
  } catch (const std::exception&) {
    return false;
  }
}

std::optional<double> probability(const std::string& text) {
  try {
    std::size_t used = 0;
    const double p = std::stod(text, &used);
    if (used != text.size() || p < 0 || p > 1) return std::nullopt;
    return p;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

// "--status 503:0.2" may be given several times, which the shared parser
// (one value per option) does not keep: take them out first.
std::optional<std::string> take_statuses(std::vector<std::string>& args, std::vector<live::StatusInjection>& out) {
  std::vector<std::string> rest;
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string value;
    if (args[i] == "--status") {
      if (i + 1 >= args.size()) return "--status needs a value";
      value = args[++i];
    } else if (args[i].rfind("--status=", 0) == 0) {
      value = args[i].substr(9);
    } else {
      rest.push_back(args[i]);
      continue;
    }
    const auto colon = value.find(':');
    const auto p = colon == std::string::npos ? std::nullopt : probability(value.substr(colon + 1));
    int status = 0;
    try {
      status = std::stoi(value.substr(0, colon));
    } catch (const std::exception&) {
    }
    if (!p || status < 400 || status > 599) return "--status expects CODE:PROBABILITY like 503:0.2, got " + value;
    out.push_back(live::StatusInjection{status, *p});
  }
  args = std::move(rest);
  return std::nullopt;
}

}  // namespace

int fault_proxy_command(const std::vector<std::string>& given) {
  std::vector<std::string> args = given;
  live::FaultSettings faults;
  if (auto err = take_statuses(args, faults.statuses)) {
    std::cerr << "recguard fault-proxy: " << *err << "\n" << kUsage;
    return 2;
  }
  const auto p = parse_args(args,
                            {"--listen", "--upstream", "--latency", "--latency-up", "--latency-down", "--bandwidth",
                             "--reset", "--reset-after", "--retry-after", "--seed"},
                            {"--blackhole"});
  const auto fail = [](const std::string& why) {
    std::cerr << "recguard fault-proxy: " << why << "\n" << kUsage;
    return 2;
  };
  if (!p.error.empty()) return fail(p.error);
  if (!p.positional.empty()) return fail("unexpected argument " + p.positional.front());
  if (!p.options.count("--listen") || !p.options.count("--upstream")) return fail("--listen and --upstream are required");

  live::ProxyOptions opts;
  const std::string listen = p.options.at("--listen");
  if (listen.find(':') == std::string::npos ? !split_host_port("127.0.0.1:" + listen, opts.listen_host, opts.listen_port)
                                            : !split_host_port(listen, opts.listen_host, opts.listen_port)) {
    return fail("--listen expects [HOST:]PORT, got " + listen);
  }
  if (!split_host_port(p.options.at("--upstream"), opts.upstream_host, opts.upstream_port)) {
    return fail("--upstream expects HOST:PORT, got " + p.options.at("--upstream"));
  }
  const auto duration = [&](const char* name, Duration& out) -> bool {
    if (!p.options.count(name)) return true;
    auto d = sim::parse_duration(p.options.at(name));
    if (!d.ok()) return false;
    out = d.value();
    return true;
  };
  Duration both{};
  if (!duration("--latency", both)) return fail("--latency expects a duration like 50ms");
  faults.latency_up = faults.latency_down = both;
  if (!duration("--latency-up", faults.latency_up)) return fail("--latency-up expects a duration like 50ms");
  if (!duration("--latency-down", faults.latency_down)) return fail("--latency-down expects a duration like 50ms");
  if (!duration("--retry-after", faults.retry_after)) return fail("--retry-after expects a duration like 1s");
  if (p.options.count("--bandwidth")) {
    std::string text = p.options.at("--bandwidth");
    if (text.size() > 2 && text.compare(text.size() - 2, 2, "/s") == 0) text.resize(text.size() - 2);
    auto size = sim::parse_size(nlohmann::json(text));
    if (!size.ok() || size.value() <= 0) return fail("--bandwidth expects a rate like 1MB/s, got " + p.options.at("--bandwidth"));
    faults.bandwidth_bytes_per_s = size.value();
  }
  if (p.options.count("--reset")) {
    const auto r = probability(p.options.at("--reset"));
    if (!r) return fail("--reset expects a probability in [0, 1]");
    faults.reset_probability = *r;
  }
  if (p.options.count("--reset-after")) {
    auto size = sim::parse_size(nlohmann::json(p.options.at("--reset-after")));
    if (!size.ok()) return fail("--reset-after expects a size in bytes");
    faults.reset_after_bytes = size.value();
  }
  faults.blackhole = p.flags.count("--blackhole") > 0;
  if (p.options.count("--seed")) {
    try {
      opts.seed = std::stoull(p.options.at("--seed"));
    } catch (const std::exception&) {
      return fail("--seed expects a number");
    }
  }

  live::IoLoop loop;
  try {
    live::FaultProxy proxy(loop.io(), opts, faults);
    // Scripts and tests read the port from this line (--listen 0 picks a free one).
    std::cout << "listening on " << opts.listen_host << ":" << proxy.port() << " -> " << opts.upstream_host << ":"
              << opts.upstream_port << std::endl;
    loop.run_until_signal();
    const auto c = proxy.counters();
    std::cout << "connections=" << c.connections << " resets=" << c.resets << " blackholed=" << c.blackholed
              << " requests=" << c.requests_seen << " injected=" << c.requests_injected << " bytes_up=" << c.bytes_up
              << " bytes_down=" << c.bytes_down << std::endl;
  } catch (const std::exception& e) {
    std::cerr << "recguard fault-proxy: " << e.what() << "\n";
    return 2;
  }
  return 0;
}

}  // namespace recguard::app
