// The fault proxy against an in-test upstream: what passes, what is delayed,
// what the proxy answers itself, what it cuts and what it swallows.
#include <catch2/catch.hpp>

#include <chrono>
#include <map>

#include "fault_proxy_loopback.hpp"
#include "live/loop/io_loop.hpp"
#include "live/proxy/fault_proxy.hpp"
#include "live/proxy/request_framer.hpp"

namespace {

using recguard::Duration;
using recguard::live::FaultDice;
using recguard::live::FaultProxy;
using recguard::live::FaultSettings;
using recguard::live::IoLoop;
using recguard::live::ProxyOptions;
using recguard::live::StatusInjection;
using recguard::testing::EchoUpstream;
using recguard::testing::http_request;
using recguard::testing::pattern_bytes;
using recguard::testing::raw_http;

// The proxy on a loop thread of its own, in front of an echo upstream.
struct ProxyRig {
  EchoUpstream upstream;
  IoLoop loop;
  std::unique_ptr<FaultProxy> proxy;
  explicit ProxyRig(FaultSettings faults = {}, std::uint64_t seed = 1) {
    ProxyOptions o;
    o.upstream_port = upstream.port();
    o.seed = seed;
    proxy = std::make_unique<FaultProxy>(loop.io(), o, std::move(faults));
    loop.start_thread();
  }
  ~ProxyRig() {
    proxy->close();
    loop.stop();
  }
  unsigned short port() const { return proxy->port(); }
};

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

TEST_CASE("fault proxy passes request and response bytes through intact") {
  ProxyRig rig;
  const std::string upload = pattern_bytes(300 * 1024);
  const auto echoed = raw_http(rig.port(), http_request("POST", "/echo", {}, upload));
  REQUIRE(echoed.ok);
  CHECK(echoed.status == 200);
  CHECK(echoed.body == upload);
  const auto big = raw_http(rig.port(), http_request("GET", "/bytes/1048576"));
  REQUIRE(big.ok);
  CHECK(big.body == pattern_bytes(1048576));
  CHECK(rig.upstream.requests() == 2);
  const auto c = rig.proxy->counters();
  CHECK(c.connections == 2);
  CHECK(c.requests_seen == 2);
  CHECK(c.requests_injected == 0);
}

TEST_CASE("fault proxy adds its latency in each direction") {
  FaultSettings f;
  f.latency_up = Duration::millis(150);
  f.latency_down = Duration::millis(100);
  ProxyRig rig(f);
  const auto t0 = std::chrono::steady_clock::now();
  const auto r = raw_http(rig.port(), http_request("GET", "/bytes/10"));
  const double took = seconds_since(t0);
  REQUIRE(r.ok);
  CHECK(r.body == pattern_bytes(10));
  CHECK(took >= 0.25);  // a lower bound only: the machine may be slower, never faster
}

TEST_CASE("fault proxy paces bytes to its bandwidth limit") {
  FaultSettings f;
  f.bandwidth_bytes_per_s = 128 * 1024;
  ProxyRig rig(f);
  const auto t0 = std::chrono::steady_clock::now();
  const auto r = raw_http(rig.port(), http_request("GET", "/bytes/65536"));
  const double took = seconds_since(t0);
  REQUIRE(r.ok);
  CHECK(r.body == pattern_bytes(65536));
  CHECK(took >= 0.45);  // 64 KiB at 128 KiB/s: half a second, less the first read's head start
}

TEST_CASE("fault proxy answers the drawn share of requests itself, exactly as its seed says") {
  FaultSettings f;
  f.statuses = {StatusInjection{503, 0.2}, StatusInjection{429, 0.1}};
  f.retry_after = Duration::seconds(2);
  const std::uint64_t seed = 42;
  ProxyRig rig(f, seed);

  // The proxy draws once per request from its "requests" stream: replay it.
  FaultDice dice(seed, "requests");
  std::map<int, int> expected{{200, 0}, {503, 0}, {429, 0}};
  constexpr int kRequests = 200;
  for (int i = 0; i < kRequests; ++i) {
    const auto pick = recguard::live::pick_injection(f.statuses, dice.uniform01());
    ++expected[pick ? f.statuses[*pick].status : 200];
  }

  std::map<int, int> seen;
  bool s3_shape = false, azure_shape = false, retry_after = false;
  for (int i = 0; i < kRequests; ++i) {
    // Alternate the services' signatures: the proxy answers in each one's shape.
    const bool azure = i % 2 == 1;
    const auto r = raw_http(
        rig.port(), http_request("PUT", "/bucket/key-" + std::to_string(i),
                                 {{"Authorization", azure ? "SharedKey acct:sig" : "AWS4-HMAC-SHA256 Credential=x"}},
                                 "payload-" + std::to_string(i)));
    REQUIRE(r.ok);
    ++seen[r.status];
    if (r.status == 200) CHECK(r.body == "payload-" + std::to_string(i));
    if (r.status == 503 && !azure) s3_shape |= r.body.find("<Code>SlowDown</Code>") != std::string::npos;
    if (r.status == 503 && azure) azure_shape |= r.header("x-ms-error-code") == "ServerBusy";
    if (r.status == 429) retry_after |= r.header("Retry-After") == "2";
  }
  CHECK(seen[200] == expected[200]);
  CHECK(seen[503] == expected[503]);
  CHECK(seen[429] == expected[429]);
  // And the seed's draws are the rates asked for, roughly.
  CHECK(seen[503] >= 20);
  CHECK(seen[503] <= 60);
  CHECK(seen[429] >= 8);
  CHECK(seen[429] <= 35);
  CHECK(s3_shape);
  CHECK(azure_shape);
  CHECK(retry_after);
  // An injected request never reaches the upstream.
  CHECK(rig.upstream.requests() == static_cast<std::uint64_t>(seen[200]));
  CHECK(rig.proxy->counters().requests_injected == static_cast<std::uint64_t>(seen[503] + seen[429]));
}

TEST_CASE("fault proxy keeps the request framing on a kept-alive connection with bodies") {
  FaultSettings f;
  f.statuses = {StatusInjection{503, 0.5}};
  ProxyRig rig(f, 7);
  // Two requests in one write: the first answered or forwarded whole, then the second.
  const std::string both = http_request("POST", "/one", {}, "first-body") + http_request("POST", "/two", {}, "second");
  const auto r = raw_http(rig.port(), both);
  REQUIRE(r.ok);
  CHECK((r.status == 503 || r.body == "first-body"));
}

TEST_CASE("fault proxy resets a connection at accept and after some bytes, seen as a transport error") {
  FaultSettings f;
  f.reset_probability = 1.0;
  ProxyRig rig(f);
  const auto at_accept = raw_http(rig.port(), http_request("GET", "/bytes/10"), 5000);
  CHECK_FALSE(at_accept.ok);
  CHECK((at_accept.error == "reset" || at_accept.error == "closed"));
  CHECK(rig.upstream.requests() == 0);

  f.reset_after_bytes = 20000;
  rig.proxy->set_faults(f);
  const auto mid = raw_http(rig.port(), http_request("GET", "/bytes/1048576"), 5000);
  CHECK_FALSE(mid.ok);
  CHECK((mid.error == "reset" || mid.error == "closed"));
  CHECK(rig.proxy->counters().resets == 2);

  rig.proxy->set_faults(FaultSettings{});
  CHECK(raw_http(rig.port(), http_request("GET", "/bytes/10")).ok);
}

TEST_CASE("fault proxy blackholes connections until the client times out, then heals") {
  FaultSettings f;
  f.blackhole = true;
  ProxyRig rig(f);
  const auto r = raw_http(rig.port(), http_request("GET", "/bytes/10"), 400);
  CHECK_FALSE(r.ok);
  CHECK(r.error == "timeout");
  CHECK(rig.upstream.requests() == 0);
  CHECK(rig.proxy->counters().blackholed == 1);
  rig.proxy->set_faults(FaultSettings{});
  const auto healed = raw_http(rig.port(), http_request("GET", "/bytes/10"));
  REQUIRE(healed.ok);
  CHECK(healed.body == pattern_bytes(10));
}

TEST_CASE("fault proxy framer passes non-HTTP bytes straight through") {
  recguard::live::RequestFramer framer;
  std::string forward;
  const auto dropped = framer.feed(std::string("\x16\x03\x01\x02\x00", 5), [](const auto&) { return true; }, forward);
  CHECK(dropped.empty());
  CHECK(framer.passthrough());
  CHECK(forward.size() == 5);
}
