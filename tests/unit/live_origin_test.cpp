// live::parse_origin: the scheme, host and port of a configured base URL.
#include <catch2/catch.hpp>

#include "live/net/http_client.hpp"

using recguard::live::Origin;
using recguard::live::parse_origin;

TEST_CASE("parse_origin reads scheme, host and port, with the scheme's default port", "[unit][live]") {
  CHECK(parse_origin("https://s3.us-east-1.amazonaws.com") == Origin{true, "s3.us-east-1.amazonaws.com", 443});
  CHECK(parse_origin("http://127.0.0.1:10000/devstoreaccount1") == Origin{false, "127.0.0.1", 10000});
  CHECK(parse_origin("HTTP://example.com/") == Origin{false, "example.com", 80});
  CHECK(parse_origin("https://api.mypurecloud.com:8443?x=1") == Origin{true, "api.mypurecloud.com", 8443});
  CHECK(parse_origin("http://[::1]:18084") == Origin{false, "::1", 18084});
  CHECK(parse_origin("https://[::1]") == Origin{true, "::1", 443});
}

TEST_CASE("parse_origin refuses what it cannot connect to", "[unit][live]") {
  for (const char* bad : {"", "s3.amazonaws.com", "ftp://host", "http://", "http://:80", "http://host:",
                          "http://host:0", "http://host:65536", "http://host:12a", "http://user:pw@host",
                          "http://[::1", "http://[::1]x", "http://ho st", "https://host:1234567"}) {
    INFO(bad);
    CHECK_FALSE(parse_origin(bad).has_value());
  }
}

TEST_CASE("Origin orders by scheme, host, then port so it can key a pool", "[unit][live]") {
  const Origin a{false, "a", 80}, b{false, "a", 81}, c{false, "b", 1}, d{true, "a", 1};
  CHECK(a < b);
  CHECK(b < c);
  CHECK(c < d);
  CHECK_FALSE(a < a);
}
