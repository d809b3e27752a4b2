// `recguard fault-proxy` as a user runs it: the port it prints, the faults
// its flags switch on, and exit 2 on bad usage.
#include <catch2/catch.hpp>

#include <chrono>
#include <regex>

#include "fault_proxy_loopback.hpp"
#include "mock_serve_process.hpp"
#include "support/command_line.hpp"

using namespace recguard::testing;
using namespace std::chrono_literals;

TEST_CASE("fault-proxy command prints its port and answers every request itself at status 503 probability 1") {
  EchoUpstream upstream;
  TempFolder dir("fault-proxy-cli");
  ChildProcess proxy({RECGUARD_BINARY, "fault-proxy", "--listen", "0", "--upstream",
                      "127.0.0.1:" + std::to_string(upstream.port()), "--status", "503:1", "--latency", "5ms",
                      "--seed", "9"},
                     {}, dir.path / "proxy.log");
  REQUIRE(proxy.started());
  std::smatch m;
  std::string out;
  const std::regex listening("listening on 127\\.0\\.0\\.1:([0-9]+)");
  REQUIRE(eventually(10s, [&] {
    out = proxy.output();
    return std::regex_search(out, m, listening);
  }));
  const auto port = static_cast<unsigned short>(std::stoi(m[1].str()));
  const auto r = raw_http(port, http_request("GET", "/x", {{"Authorization", "AWS4-HMAC-SHA256 Credential=k"}}));
  REQUIRE(r.ok);
  CHECK(r.status == 503);
  CHECK(r.body.find("SlowDown") != std::string::npos);
  CHECK(upstream.requests() == 0);
  CHECK(proxy.stop() == 0);
  CHECK(proxy.output().find("injected=1") != std::string::npos);
}

TEST_CASE("fault-proxy command rejects bad usage with exit 2") {
  CHECK(run_recguard("fault-proxy --listen 0").exit_code == 2);
  CHECK(run_recguard("fault-proxy --listen 0 --upstream 127.0.0.1:1 --status 503").exit_code == 2);
  CHECK(run_recguard("fault-proxy --listen 0 --upstream 127.0.0.1:1 --reset 2").exit_code == 2);
  CHECK(run_recguard("fault-proxy --listen 0 --upstream 127.0.0.1:1 --bandwidth fast").exit_code == 2);
}
