// live::HttpClient carries bodies exactly: HEAD answers that announce a length
// but send nothing, and large bodies both ways, byte for byte.
#include <catch2/catch.hpp>

#include <cstdint>
#include <vector>

#include "core/crypto/digest.hpp"
#include "live/net/http_client.hpp"
#include "support/loopback_server.hpp"
#include "support/run_io.hpp"

using namespace recguard;
using recguard::testing::LoopbackServer;
using recguard::testing::ServerPlan;

TEST_CASE("live client: HEAD reads Content-Length without waiting for a body, and the connection stays usable",
          "[live][client]") {
  boost::asio::io_context io;
  LoopbackServer server(io, [](const http::Request& req) {
    ServerPlan p;
    if (req.method == "HEAD") {
      p.raw = "HTTP/1.1 200 OK\r\nContent-Length: 5368709120\r\nETag: \"abc\"\r\n\r\n";
    } else {
      p.response = http::make_response(200, "after", "text/plain");
    }
    return p;
  });
  live::ClientOptions opts;
  opts.response_body_limit = 1024;  // the announced 5 GiB must not count against it
  opts.request_timeout = Duration::seconds(5);
  live::HttpClient client(io, opts);
  const live::Origin origin{false, "127.0.0.1", server.port()};
  http::Request head;
  head.method = "HEAD";
  head.target = "/object";
  const http::Response resp = testing::must_answer(testing::send_and_wait(io, client, origin, head));
  CHECK(resp.status == 200);
  CHECK(resp.headers.get("Content-Length") == "5368709120");
  CHECK(resp.headers.get("ETag") == "\"abc\"");
  CHECK(resp.body_size() == 0);
  http::Request get;
  get.method = "GET";
  get.target = "/next";
  CHECK(testing::must_answer(testing::send_and_wait(io, client, origin, get)).body_view() == "after");
  CHECK(server.stats().connections_accepted == 1);
}

TEST_CASE("live client: 24 MiB up and 24 MiB down arrive byte for byte", "[live][client]") {
  std::vector<std::uint8_t> bytes(24u * 1024 * 1024);
  std::uint32_t x = 2463534242u;
  for (auto& b : bytes) {  // xorshift: incompressible, and any shifted or dropped byte shows
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    b = static_cast<std::uint8_t>(x);
  }
  const SharedBytes body = share(std::vector<std::uint8_t>(bytes));
  boost::asio::io_context io;
  LoopbackServer server(io, [&](const http::Request& req) {
    ServerPlan p;
    if (req.method == "PUT") {
      p.response = http::make_response(200, crypto::to_hex(crypto::sha256(req.body_view())), "text/plain");
    } else {
      p.response.status = 200;
      p.response.body = body;
    }
    return p;
  });
  live::ClientOptions opts;
  opts.response_body_limit = 32u * 1024 * 1024;
  live::HttpClient client(io, opts);
  const live::Origin origin{false, "127.0.0.1", server.port()};

  http::Request put;
  put.method = "PUT";
  put.target = "/up";
  put.body = body;
  const http::Response put_resp = testing::must_answer(testing::send_and_wait(io, client, origin, put));
  CHECK(put_resp.body_view() == crypto::to_hex(crypto::sha256(ByteView(bytes))));

  http::Request get;
  get.method = "GET";
  get.target = "/down";
  const http::Response got = testing::must_answer(testing::send_and_wait(io, client, origin, get));
  REQUIRE(got.body_size() == bytes.size());
  CHECK(*got.body == bytes);
}
