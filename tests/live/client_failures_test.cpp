// live::HttpClient's transport failures: each ends in exactly one callback
// with no response and a reason a log reader can act on.
#include <catch2/catch.hpp>

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include <boost/asio/ip/tcp.hpp>

#include "live/net/http_client.hpp"
#include "support/loopback_server.hpp"
#include "support/run_io.hpp"

using namespace recguard;
using recguard::testing::LoopbackServer;
using recguard::testing::ServerPlan;

namespace {

http::Request get(const std::string& target) { return testing::get_request(target); }

// A loopback port nobody listens on: bound, then released.
unsigned short closed_port(boost::asio::io_context& io) {
  boost::asio::ip::tcp::acceptor a(io, {boost::asio::ip::make_address("127.0.0.1"), 0});
  return a.local_endpoint().port();
}

}  // namespace

TEST_CASE("live client: a refused connection is a transport error naming the address", "[live][client]") {
  boost::asio::io_context io;
  live::HttpClient client(io, {});
  const unsigned short port = closed_port(io);
  const auto r = testing::send_and_wait(io, client, {false, "127.0.0.1", port}, get("/"));
  CHECK(!r.response.has_value());
  CHECK_THAT(r.transport_error, Catch::Contains("127.0.0.1:" + std::to_string(port)));
  CHECK_THAT(r.transport_error, Catch::Contains("refused"));
}

TEST_CASE("live client: a server that never answers hits the request timeout", "[live][client]") {
  boost::asio::io_context io;
  LoopbackServer server(io, [](const http::Request&) {
    ServerPlan p;
    p.never_answer = true;
    return p;
  });
  live::ClientOptions opts;
  opts.request_timeout = Duration::millis(300);
  live::HttpClient client(io, opts);
  const auto started = std::chrono::steady_clock::now();
  const auto r = testing::send_and_wait(io, client, {false, "127.0.0.1", server.port()}, get("/silent"));
  const auto waited = std::chrono::steady_clock::now() - started;
  CHECK(!r.response.has_value());
  CHECK_THAT(r.transport_error, Catch::Contains("within 300ms"));
  CHECK(waited >= std::chrono::milliseconds(250));
  CHECK(waited < std::chrono::seconds(5));
  CHECK(server.stats().requests == 1);
}

TEST_CASE("live client: a response larger than response_body_limit is refused", "[live][client]") {
  boost::asio::io_context io;
  LoopbackServer server(io, [](const http::Request&) {
    ServerPlan p;
    p.response = http::make_response(200, std::string(4096, 'x'), "application/octet-stream");
    return p;
  });
  live::ClientOptions opts;
  opts.response_body_limit = 1024;
  live::HttpClient client(io, opts);
  const auto r = testing::send_and_wait(io, client, {false, "127.0.0.1", server.port()}, get("/big"));
  CHECK(!r.response.has_value());
  CHECK_THAT(r.transport_error, Catch::Contains("body limit of 1024 bytes"));
}

TEST_CASE("live client: a server that closes mid-response is a transport error, not a short body", "[live][client]") {
  boost::asio::io_context io;
  LoopbackServer server(io, [](const http::Request&) {
    ServerPlan p;
    p.raw = "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly ten b";
    p.close_after = true;
    return p;
  });
  live::HttpClient client(io, {});
  const auto r = testing::send_and_wait(io, client, {false, "127.0.0.1", server.port()}, get("/torn"));
  CHECK(!r.response.has_value());
  CHECK_THAT(r.transport_error, Catch::Contains("closed the connection before a complete response"));
}

TEST_CASE("live client: an answer sent before the request body was read reaches the caller", "[live][client]") {
  boost::asio::io_context io;
  LoopbackServer server(
      io,
      [](const http::Request&) {
        ServerPlan p;
        p.response = http::make_response(403, "<Error><Code>SignatureDoesNotMatch</Code></Error>", "application/xml");
        return p;
      },
      std::nullopt, "127.0.0.1", true);
  live::HttpClient client(io, {});
  http::Request put;
  put.method = "PUT";
  put.target = "/bucket/large.wav";
  // Far more than the socket buffers hold: the write is still going when the
  // server answers and closes.
  put.body = share(std::vector<std::uint8_t>(32u * 1024 * 1024, 0x55));
  const auto r = testing::send_and_wait(io, client, {false, "127.0.0.1", server.port()}, put);
  INFO("transport error: " << r.transport_error);
  REQUIRE(r.response.has_value());
  CHECK(r.response->status == 403);
  CHECK_THAT(std::string(r.response->body_view()), Catch::Contains("SignatureDoesNotMatch"));
}

TEST_CASE("live client: a listener whose backlog is full makes the connect time out", "[live][client]") {
  boost::asio::io_context io;
  // Linux drops SYNs while a listener's accept queue is full: fill a backlog
  // of one with connections nobody accepts, and the next connect hangs.
  boost::asio::ip::tcp::acceptor full(io);
  const boost::asio::ip::tcp::endpoint ep(boost::asio::ip::make_address("127.0.0.1"), 0);
  full.open(ep.protocol());
  full.bind(ep);
  full.listen(0);
  const auto port = full.local_endpoint().port();
  std::vector<boost::asio::ip::tcp::socket> waiting;
  for (int i = 0; i < 3; ++i) {
    waiting.emplace_back(io);
    // Asynchronous: the connects past the backlog hang, which is the point.
    waiting.back().async_connect({boost::asio::ip::make_address("127.0.0.1"), port}, [](boost::system::error_code) {});
  }
  testing::run_until(io, [] { return false; }, std::chrono::milliseconds(100));
  live::ClientOptions opts;
  opts.connect_timeout = Duration::millis(300);
  live::HttpClient client(io, opts);
  const auto r = testing::send_and_wait(io, client, {false, "127.0.0.1", port}, get("/"));
  CHECK(!r.response.has_value());
  CHECK_THAT(r.transport_error, Catch::Contains("connect to http://127.0.0.1:" + std::to_string(port) +
                                                " timed out after 300ms"));
}

TEST_CASE("live client: a chunked response past response_body_limit is refused", "[live][client]") {
  boost::asio::io_context io;
  LoopbackServer server(io, [](const http::Request&) {
    ServerPlan p;
    const std::string chunk(800, 'c');
    p.raw = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n320\r\n" + chunk + "\r\n320\r\n" + chunk +
            "\r\n0\r\n\r\n";
    return p;
  });
  live::ClientOptions opts;
  opts.response_body_limit = 1024;
  live::HttpClient client(io, opts);
  const auto r = testing::send_and_wait(io, client, {false, "127.0.0.1", server.port()}, get("/chunked"));
  CHECK(!r.response.has_value());
  CHECK_THAT(r.transport_error, Catch::Contains("body limit of 1024 bytes"));
}
