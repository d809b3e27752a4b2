#pragma once
// A loopback TCP proxy in front of one upstream that injects network faults,
// switchable while it runs: latency per direction, a bandwidth limit, resets,
// a blackhole, and (for plain-HTTP upstreams) requests answered by the proxy
// itself with 503 or 429. The machine has no Toxiproxy or tc netem
// (REFERENCE.md), so live-mode tests get their faults from this.
//
// Asio is instantiated in fault_proxy.cpp only: includers see a forward
// declaration, as with the HTTP server and client.
#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/types/time.hpp"

namespace boost::asio {
class io_context;
}

namespace recguard::live {

// A status the proxy answers itself, without forwarding the request.
struct StatusInjection {
  int status = 503;          // 503: S3 SlowDown / Azure ServerBusy; 429: Retry-After
  double probability = 0;    // per request
};

struct FaultSettings {
  Duration latency_up{};     // client -> upstream, added to every chunk
  Duration latency_down{};   // upstream -> client
  // 0: unlimited. Shared by every connection, per direction, as one link would be.
  std::int64_t bandwidth_bytes_per_s = 0;
  // Each new connection is reset (RST, not FIN) with this probability, once
  // `reset_after_bytes` bytes have crossed it in either direction (0: at accept).
  double reset_probability = 0;
  std::int64_t reset_after_bytes = 0;
  // New connections are accepted and then nothing: every byte is read and
  // dropped, nothing is forwarded or answered. The client times out.
  bool blackhole = false;
  // HTTP-aware: applied per request, in order, by one draw per request.
  // Requires a plain-HTTP upstream and a client that waits for each answer
  // before its next request on a connection (no pipelining), as every HTTP
  // client of this project, Beast and curl do.
  std::vector<StatusInjection> statuses;
  Duration retry_after = Duration::seconds(1);  // the Retry-After of an injected 429 (and 503)
};

struct ProxyOptions {
  std::string listen_host = "127.0.0.1";
  unsigned short listen_port = 0;  // 0: any free port; port() tells which
  std::string upstream_host = "127.0.0.1";
  unsigned short upstream_port = 0;
  std::uint64_t seed = 1;
};

// What the proxy did, for tests and the CLI's summary.
struct ProxyCounters {
  std::uint64_t connections = 0;
  std::uint64_t resets = 0;
  std::uint64_t blackholed = 0;
  std::uint64_t requests_seen = 0;      // HTTP request heads parsed
  std::uint64_t requests_injected = 0;  // answered by the proxy itself
  std::uint64_t upstream_connect_failures = 0;
  std::uint64_t bytes_up = 0;
  std::uint64_t bytes_down = 0;
};

// The proxy's random draws: std::mt19937_64 (its output is fixed by the C++
// standard) mapped to [0, 1) by hand, since std:: distributions differ
// between standard libraries. Public so a test can replay the exact draws.
class FaultDice {
 public:
  // stream: "connections" (reset draws) or "requests" (status draws); the two
  // are independent, so a connection more does not shift the request draws.
  FaultDice(std::uint64_t seed, std::string_view stream);
  ~FaultDice();
  FaultDice(FaultDice&&) noexcept;
  FaultDice& operator=(FaultDice&&) noexcept;
  double uniform01();  // on the 2^-53 grid

 private:
  struct Engine;
  std::unique_ptr<Engine> engine_;
};

// Which injection (index into `statuses`) one draw `u` selects, or none: the
// probabilities are laid end to end over [0, 1).
std::optional<std::size_t> pick_injection(const std::vector<StatusInjection>& statuses, double u);

class FaultProxy {
 public:
  // Binds and starts accepting at once; throws std::runtime_error naming the
  // address when it cannot bind.
  FaultProxy(boost::asio::io_context& io, ProxyOptions options, FaultSettings faults = {});
  ~FaultProxy();
  FaultProxy(const FaultProxy&) = delete;
  FaultProxy& operator=(const FaultProxy&) = delete;

  unsigned short port() const;
  // Thread-safe. New settings apply to new connections at once and to open
  // ones from their next chunk or request; a blackhole applies to new ones.
  void set_faults(FaultSettings faults);
  FaultSettings faults() const;
  ProxyCounters counters() const;  // thread-safe
  // Stops accepting and closes every connection (from any thread).
  void close();

  // Opaque; public only so that fault_proxy.cpp's connections can name it.
  struct Impl;

 private:
  std::shared_ptr<Impl> impl_;
};

}  // namespace recguard::live
