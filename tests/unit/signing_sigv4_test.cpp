// SigV4 as S3 uses it (single-encoded paths, x-amz-content-sha256, signed
// conditionals) and the dates, beyond what the AWS suite covers.
#include <catch2/catch.hpp>

#include "core/crypto/digest.hpp"
#include "core/signing/sigv4.hpp"

using namespace recguard;

namespace {

constexpr std::int64_t k20150830T123600Z = 1440938160;
const signing::AwsCredentials kCreds{"AKIDPRIMARY", "primary-secret", "session-token-1"};

signing::SigV4Params s3_params(std::int64_t t = k20150830T123600Z, std::string payload = {}) {
  signing::SigV4Params p;
  p.region = "us-east-1";
  p.unix_seconds = t;
  p.payload_sha256_hex = std::move(payload);
  return p;
}

auto secret_for = [](const std::string& id) -> std::optional<std::string> {
  if (id == kCreds.access_key_id) return kCreds.secret_access_key;
  return std::nullopt;
};

http::Request signed_put() {
  http::Request r;
  r.method = "PUT";
  r.target = "/rec-primary/recordings/genesys/a%20b%2Bc.wav";
  r.headers.set("Host", "s3.us-east-1.amazonaws.com");
  r.headers.set("Content-Type", "audio/wav");
  r.headers.set("Content-MD5", crypto::base64_encode(crypto::md5("audio")));
  r.headers.set("x-amz-meta-sha256", crypto::to_hex(crypto::sha256("audio")));
  r.headers.set("If-None-Match", "*");
  r.body = share("audio");
  signing::sign_sigv4(r, kCreds, s3_params());
  return r;
}

std::string verify_error(const http::Request& r) {
  return signing::verify_sigv4(r, secret_for, "us-east-1", "s3").error;
}

}  // namespace

TEST_CASE("dates are computed arithmetically, both ways", "[unit][signing]") {
  CHECK(signing::amz_date(k20150830T123600Z) == "20150830T123600Z");
  CHECK(signing::rfc1123_date(k20150830T123600Z) == "Sun, 30 Aug 2015 12:36:00 GMT");
  CHECK(signing::iso8601_date(k20150830T123600Z) == "2015-08-30T12:36:00.000Z");
  CHECK(signing::amz_date(0) == "19700101T000000Z");
  CHECK(signing::rfc1123_date(-1) == "Wed, 31 Dec 1969 23:59:59 GMT");
  CHECK(signing::rfc1123_date(951782400) == "Tue, 29 Feb 2000 00:00:00 GMT");   // leap century
  CHECK(signing::rfc1123_date(4107542400) == "Mon, 01 Mar 2100 00:00:00 GMT");  // 2100 is not leap
  CHECK(signing::rfc1123_date(4102444799) == "Thu, 31 Dec 2099 23:59:59 GMT");

  // Round trips over a wide span, stepping an odd number of seconds so that
  // every weekday, month boundary and time of day is crossed.
  for (std::int64_t t = -86400LL * 366; t < 4200000000LL; t += 7919LL * 97) {
    INFO(t);
    REQUIRE(signing::parse_amz_date(signing::amz_date(t)) == t);
    REQUIRE(signing::parse_rfc1123_date(signing::rfc1123_date(t)) == t);
  }
  CHECK_FALSE(signing::parse_amz_date("20150230T000000Z"));  // 30 February
  CHECK_FALSE(signing::parse_amz_date("20150830T123600"));
  CHECK_FALSE(signing::parse_amz_date("2015083OT123600Z"));
  CHECK_FALSE(signing::parse_rfc1123_date("Mon, 30 Aug 2015 12:36:00 GMT"));  // wrong weekday
  CHECK_FALSE(signing::parse_rfc1123_date("Sun, 30 Aug 2015 24:00:00 GMT"));
  CHECK_FALSE(signing::parse_rfc1123_date("Sun, 30 Aug 2015 12:36:00 UTC"));
}

TEST_CASE("canonical URI: S3 encodes once, other services twice, normalisation only on request",
          "[unit][signing]") {
  // A key with a space and a plus, as our client sends it.
  CHECK(signing::canonical_uri("/rec-primary/a%20b%2Bc.wav", "s3", false) == "/rec-primary/a%20b%2Bc.wav");
  // Sent unencoded or with lower-case escapes, S3's canonical form is the same.
  CHECK(signing::canonical_uri("/rec-primary/a b+c.wav", "s3", false) == "/rec-primary/a%20b%2Bc.wav");
  CHECK(signing::canonical_uri("/rec-primary/%e1%88%b4", "s3", false) == "/rec-primary/%E1%88%B4");
  // AWS's documented example for non-S3 services: encoded twice.
  CHECK(signing::canonical_uri("/documents%20and%20settings/", "service", false) ==
        "/documents%2520and%2520settings/");
  // S3 keys may hold "//" and "..": never normalised unless asked.
  CHECK(signing::canonical_uri("/b//x/../y", "s3", false) == "/b//x/../y");
  CHECK(signing::canonical_uri("/a/./b/../c//", "service", true) == "/a/c/");
  CHECK(signing::canonical_uri("", "s3", false) == "/");
}

TEST_CASE("canonical query: sorted by name then value, each encoded once", "[unit][signing]") {
  CHECK(signing::canonical_query("list-type=2&prefix=recordings/&max-keys=1000") ==
        "list-type=2&max-keys=1000&prefix=recordings%2F");
  CHECK(signing::canonical_query("b=2&a=z&a=y&A=0") == "A=0&a=y&a=z&b=2");
  CHECK(signing::canonical_query("uploads") == "uploads=");
  CHECK(signing::canonical_query("k=a+b") == "k=a%2Bb");  // '+' is a literal plus, not a space
  CHECK(signing::canonical_query("") == "");
}

TEST_CASE("the S3 signer signs host, x-amz-*, content headers and the conditionals", "[unit][signing]") {
  const http::Request r = signed_put();
  CHECK(r.headers.get("X-Amz-Content-Sha256") == crypto::to_hex(crypto::sha256("audio")));
  CHECK(r.headers.get("X-Amz-Security-Token") == std::string("session-token-1"));
  CHECK(signing::headers_to_sign(r) ==
        std::vector<std::string>{"content-md5", "content-type", "host", "if-none-match", "x-amz-content-sha256",
                                 "x-amz-date", "x-amz-meta-sha256", "x-amz-security-token"});
  const std::string auth = r.headers.get("Authorization").value_or("");
  CHECK(auth.rfind("AWS4-HMAC-SHA256 Credential=AKIDPRIMARY/20150830/us-east-1/s3/aws4_request, SignedHeaders="
                   "content-md5;content-type;host;if-none-match;x-amz-content-sha256;x-amz-date;x-amz-meta-sha256;"
                   "x-amz-security-token, Signature=",
                   0) == 0);
  // The payload hash handed in is used as is (no second pass over the bytes).
  http::Request unsigned_payload = r;
  signing::sign_sigv4(unsigned_payload, kCreds, s3_params(k20150830T123600Z, "UNSIGNED-PAYLOAD"));
  CHECK(unsigned_payload.headers.get("X-Amz-Content-Sha256") == std::string("UNSIGNED-PAYLOAD"));
  CHECK(signing::verify_sigv4(unsigned_payload, secret_for, "us-east-1", "s3").ok);
}

TEST_CASE("S3 verification: round trip and every way to break it", "[unit][signing]") {
  const http::Request r = signed_put();
  const auto ok = signing::verify_sigv4(r, secret_for, "us-east-1", "s3");
  REQUIRE(ok.ok);
  CHECK(ok.access_key_id == "AKIDPRIMARY");
  CHECK(ok.error.empty());

  SECTION("a signed header changed") {
    auto t = r;
    t.headers.set("x-amz-meta-sha256", std::string(64, '0'));
    CHECK(verify_error(t) == "SignatureDoesNotMatch");
  }
  SECTION("the payload hash changed") {
    auto t = r;
    t.headers.set("X-Amz-Content-Sha256", crypto::to_hex(crypto::sha256("other")));
    CHECK(verify_error(t) == "SignatureDoesNotMatch");
  }
  SECTION("the path changed, even only in its encoding's meaning") {
    auto t = r;
    t.target = "/rec-primary/recordings/genesys/a%20b%20c.wav";
    CHECK(verify_error(t) == "SignatureDoesNotMatch");
  }
  SECTION("the same path sent with another (equivalent) encoding still verifies") {
    auto t = r;
    t.target = "/rec-primary/recordings/genesys/a b%2bc.wav";
    CHECK(signing::verify_sigv4(t, secret_for, "us-east-1", "s3").ok);
  }
  SECTION("an unsigned x-amz-* header was added") {
    auto t = r;
    t.headers.set("x-amz-meta-note", "injected");
    CHECK(verify_error(t) == "AccessDenied");
  }
  SECTION("the date changed") {
    auto t = r;
    t.headers.set("X-Amz-Date", "20150830T123601Z");
    CHECK(verify_error(t) == "SignatureDoesNotMatch");
    t.headers.set("X-Amz-Date", "garbage");
    CHECK(verify_error(t) == "AccessDenied");
  }
  SECTION("wrong secret, unknown key, wrong region") {
    auto t = r;
    signing::sign_sigv4(t, {"AKIDPRIMARY", "wrong", "session-token-1"}, s3_params());
    CHECK(verify_error(t) == "SignatureDoesNotMatch");
    signing::sign_sigv4(t, {"AKIDUNKNOWN", "x", ""}, s3_params());
    const auto v = signing::verify_sigv4(t, secret_for, "us-east-1", "s3");
    CHECK(v.error == "InvalidAccessKeyId");
    CHECK(v.access_key_id == "AKIDUNKNOWN");
    CHECK(signing::verify_sigv4(r, secret_for, "eu-west-1", "s3").error == "SignatureDoesNotMatch");
  }
  SECTION("missing or malformed Authorization, missing payload hash") {
    auto t = r;
    t.headers.set("Authorization", "AWS4-HMAC-SHA256 Credential=AKIDPRIMARY/20150830/us-east-1/s3");
    CHECK(verify_error(t) == "AuthorizationHeaderMalformed");
    t.headers.set("Authorization", "AWS AKIDPRIMARY:c2lnbmF0dXJl");  // SigV2
    CHECK(verify_error(t) == "AuthorizationHeaderMalformed");
    t.headers.remove("Authorization");
    CHECK(verify_error(t) == "AccessDenied");
    auto no_hash = r;
    no_hash.headers.remove("X-Amz-Content-Sha256");
    CHECK(verify_error(no_hash) == "InvalidRequest");  // S3 requires x-amz-content-sha256
  }
}
