#pragma once
// Driving an io_context from a test: run handlers until a condition holds or
// a wall-clock limit passes, and a blocking send over live::HttpClient for
// tests that talk to a real peer one request at a time.
#include <catch2/catch.hpp>

#include <chrono>
#include <functional>
#include <optional>
#include <string>

#include <boost/asio/io_context.hpp>

#include "live/net/http_client.hpp"

namespace recguard::testing {

// A bare GET, as the client tests send to their scripted servers.
inline http::Request get_request(const std::string& target) {
  http::Request r;
  r.method = "GET";
  r.target = target;
  return r;
}

// False when `limit` passed first. Servers in the same io_context keep it
// busy forever, so io.run() alone would never return.
inline bool run_until(boost::asio::io_context& io, const std::function<bool()>& condition,
                      std::chrono::milliseconds limit = std::chrono::seconds(20)) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (!condition()) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    io.run_one_for(std::chrono::milliseconds(20));
    if (io.stopped()) io.restart();
  }
  return true;
}

inline live::ClientResult send_and_wait(boost::asio::io_context& io, live::HttpClient& client,
                                        const live::Origin& origin, http::Request req,
                                        std::chrono::milliseconds limit = std::chrono::seconds(60)) {
  std::optional<live::ClientResult> got;
  client.send(origin, std::move(req), [&](live::ClientResult r) { got = std::move(r); });
  const bool finished = run_until(io, [&] { return got.has_value(); }, limit);
  INFO("the request's callback never ran within " << limit.count() << " ms");
  REQUIRE(finished);
  return std::move(*got);
}

// The response of a request that must reach its server, or a test failure
// naming the transport error.
inline http::Response must_answer(const live::ClientResult& r) {
  INFO("transport error: " << r.transport_error);
  REQUIRE(r.response.has_value());
  return *r.response;
}

}  // namespace recguard::testing
