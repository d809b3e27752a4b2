// The S3 client codec and the product's own S3 model: request shape, response
// classification, and client-against-model round trips (create-only, checksums,
// credentials, versions, ranges, ListObjectsV2 pagination).
#include <catch2/catch.hpp>

#include "core/crypto/digest.hpp"
#include "core/signing/sigv4.hpp"
#include "core/stores/store_client.hpp"
#include "core/stores/xml.hpp"
#include "mocks/stores/s3_model.hpp"
#include "support/store_fixture.hpp"

using namespace recguard;
using namespace recguard::testing::store;
using stores::WriteOutcomeKind;

namespace {

struct S3 : S3Pair {
  stores::WriteOutcome put(const stores::PutSpec& s, std::int64_t at = kNow) {
    return client->parse_put(model.handle(client->build_put(s, at), at));
  }
  Result<stores::ObjectInfo> head(const std::string& key) {
    return client->parse_head(model.handle(client->build_head(key, kNow), kNow));
  }
  // A signed request the client has no builder for yet (GET, DELETE, LIST).
  http::Response raw(const std::string& method, const std::string& target, const std::string& range = {}) {
    http::Request r;
    r.method = method;
    r.target = target;
    r.headers.set("Host", "s3.us-east-1.amazonaws.com");
    if (!range.empty()) r.headers.set("Range", range);
    signing::SigV4Params p;
    p.region = "us-east-1";
    p.unix_seconds = kNow;
    signing::sign_sigv4(r, kCreds, p);
    return model.handle(r, kNow);
  }
};

http::Response response(int status, const std::string& code) {
  return http::make_response(status, code.empty() ? std::string{} : "<Error><Code>" + code + "</Code></Error>",
                             "application/xml");
}

}  // namespace

TEST_CASE("S3 client: PutObject carries the create-only condition, both digests and the signature",
          "[unit][stores]") {
  const auto client = client_with(kCreds);
  const auto spec = spec_for("recordings/genesys/rec 0001.wav", "audio bytes");
  const http::Request r = client->build_put(spec, kNow);
  CHECK(r.method == "PUT");
  CHECK(r.target == "/rec-primary/recordings/genesys/rec%200001.wav");
  CHECK(r.headers.get("Host") == std::string("s3.us-east-1.amazonaws.com"));
  CHECK(r.headers.get("If-None-Match") == std::string("*"));
  CHECK(r.headers.get("Content-MD5") == spec.md5_b64);
  CHECK(r.headers.get("Content-Length") == std::string("11"));
  std::string raw;
  REQUIRE(crypto::from_hex(spec.sha256_hex, raw));
  CHECK(r.headers.get("x-amz-checksum-sha256") == crypto::base64_encode(raw));
  CHECK(r.headers.get("x-amz-meta-sha256") == spec.sha256_hex);
  CHECK(r.headers.get("X-Amz-Content-Sha256") == spec.sha256_hex);
  CHECK(r.body == spec.body);  // the same buffer, no copy
  const std::string auth = r.headers.get("Authorization").value_or("");
  CHECK(auth.find("SignedHeaders=content-md5;content-type;host;if-none-match;x-amz-checksum-sha256;") !=
        std::string::npos);

  auto overwrite = spec;
  overwrite.create_only = false;
  CHECK_FALSE(client->build_put(overwrite, kNow).headers.has("If-None-Match"));

  const http::Request h = client->build_head("recordings/a.wav", kNow);
  CHECK(h.method == "HEAD");
  CHECK(h.headers.get("x-amz-checksum-mode") == std::string("ENABLED"));
  CHECK(h.headers.get("X-Amz-Content-Sha256") == std::string(signing::kEmptySha256Hex));
}

TEST_CASE("S3 client: every answer is classified", "[unit][stores]") {
  const auto client = client_with(kCreds);
  struct Row {
    int status;
    std::string code;
    WriteOutcomeKind kind;
  };
  const Row rows[] = {
      {200, "", WriteOutcomeKind::created},
      {412, "PreconditionFailed", WriteOutcomeKind::already_exists},
      {409, "ConditionalRequestConflict", WriteOutcomeKind::race_conflict},
      {503, "SlowDown", WriteOutcomeKind::throttled},
      {429, "", WriteOutcomeKind::throttled},
      {503, "ServiceUnavailable", WriteOutcomeKind::server_error},
      {500, "InternalError", WriteOutcomeKind::server_error},
      {502, "", WriteOutcomeKind::server_error},
      {504, "", WriteOutcomeKind::server_error},
      {400, "BadDigest", WriteOutcomeKind::rejected_digest},
      {400, "InvalidDigest", WriteOutcomeKind::rejected_digest},
      {400, "XAmzContentSHA256Mismatch", WriteOutcomeKind::rejected_digest},
      {400, "XAmzContentChecksumMismatch", WriteOutcomeKind::rejected_digest},
      {400, "IncompleteBody", WriteOutcomeKind::rejected_digest},
      {403, "SignatureDoesNotMatch", WriteOutcomeKind::auth_error},
      {403, "InvalidAccessKeyId", WriteOutcomeKind::auth_error},
      {403, "RequestTimeTooSkewed", WriteOutcomeKind::auth_error},
      {400, "InvalidArgument", WriteOutcomeKind::client_error},
      {404, "NoSuchBucket", WriteOutcomeKind::client_error},
  };
  for (const auto& row : rows) {
    INFO(row.status << " " << row.code);
    const auto o = client->parse_put(response(row.status, row.code));
    CHECK(o.kind == row.kind);
    CHECK(o.status == row.status);
    CHECK(o.error_code == row.code);
  }

  auto slow = response(503, "SlowDown");
  slow.headers.set("Retry-After", "7");
  CHECK(client->parse_put(slow).retry_after_s == 7);
  slow.headers.set("Retry-After", "Sun, 30 Aug 2015 12:36:30 GMT");  // HTTP-date, against the response's Date
  slow.headers.set("Date", "Sun, 30 Aug 2015 12:36:00 GMT");
  CHECK(client->parse_put(slow).retry_after_s == 30);
  slow.headers.set("Retry-After", "soon");
  CHECK(client->parse_put(slow).retry_after_s == -1);
  CHECK(client->parse_put(response(503, "SlowDown")).retry_after_s == -1);
}

TEST_CASE("S3 client: HeadObject prefers S3's own full-object checksum", "[unit][stores]") {
  const auto client = client_with(kCreds);
  const std::string sha = crypto::to_hex(crypto::sha256("bytes"));
  http::Response r = http::make_response(200);
  r.headers.set("ETag", "\"etag\"");
  r.headers.set("Content-Length", "5");
  r.headers.set("x-amz-meta-sha256", std::string(64, 'a'));
  r.headers.set("x-amz-checksum-sha256", crypto::base64_encode(crypto::sha256("bytes")));
  auto info = client->parse_head(r);
  REQUIRE(info.ok());
  CHECK(info->exists);
  CHECK(info->sha256_hex == sha);
  CHECK(info->size == 5);
  CHECK(info->etag == "\"etag\"");
  // A multipart checksum-of-checksums says nothing about the bytes: fall back to metadata.
  r.headers.set("x-amz-checksum-sha256", crypto::base64_encode(crypto::sha256("bytes")) + "-3");
  CHECK(client->parse_head(r)->sha256_hex == std::string(64, 'a'));

  const auto missing = client->parse_head(http::make_response(404));
  REQUIRE(missing.ok());
  CHECK_FALSE(missing->exists);
  CHECK_FALSE(client->parse_head(http::make_response(403)).ok());
}

TEST_CASE("S3 round trip: create, create-only again, head returns the checksum", "[unit][stores]") {
  S3 s3;
  const auto first = s3.put(spec_for("recordings/a.wav", "bytes one"));
  REQUIRE(first.kind == WriteOutcomeKind::created);
  CHECK(first.status == 200);
  CHECK(first.etag == "\"" + crypto::to_hex(crypto::md5("bytes one")) + "\"");
  CHECK(first.sha256_hex == crypto::to_hex(crypto::sha256("bytes one")));

  const auto again = s3.put(spec_for("recordings/a.wav", "bytes two"));
  CHECK(again.kind == WriteOutcomeKind::already_exists);
  CHECK(again.status == 412);
  CHECK(again.error_code == "PreconditionFailed");
  const auto& versions = s3.model.objects().at("recordings/a.wav");
  REQUIRE(versions.size() == 1);  // create-only never adds a version over a live one
  CHECK(s3.model.replaced_versions() == 0);
  CHECK(versions[0].sha256_hex == crypto::to_hex(crypto::sha256("bytes one")));
  CHECK(versions[0].credential == "AKIDPRIMARY");
  CHECK(versions[0].metadata.at("sha256") == versions[0].sha256_hex);

  const auto head = s3.head("recordings/a.wav");
  REQUIRE(head.ok());
  CHECK(head->exists);
  CHECK(head->sha256_hex == crypto::to_hex(crypto::sha256("bytes one")));
  CHECK(head->size == 9);
  CHECK(head->etag == first.etag);
  const auto missing = s3.head("recordings/none.wav");
  REQUIRE(missing.ok());
  CHECK_FALSE(missing->exists);
}

TEST_CASE("S3 round trip: damaged bytes are refused as rejected_digest", "[unit][stores]") {
  S3 s3;
  SECTION("Content-MD5 of other bytes") {
    auto bad = spec_for("recordings/b.wav", "payload");
    bad.md5_b64 = crypto::base64_encode(crypto::md5("other"));
    const auto o = s3.put(bad);
    CHECK(o.kind == WriteOutcomeKind::rejected_digest);
    CHECK(o.error_code == "BadDigest");
  }
  SECTION("x-amz-checksum-sha256 of other bytes (same payload hash in the signature)") {
    auto r = s3.client->build_put(spec_for("recordings/b.wav", "payload"), kNow);
    r.headers.set("x-amz-checksum-sha256", crypto::base64_encode(crypto::sha256("other")));
    signing::SigV4Params p;
    p.region = "us-east-1";
    p.unix_seconds = kNow;
    p.payload_sha256_hex = crypto::to_hex(crypto::sha256("payload"));
    signing::sign_sigv4(r, kCreds, p);
    const auto o = s3.client->parse_put(s3.model.handle(r, kNow));
    CHECK(o.kind == WriteOutcomeKind::rejected_digest);
    CHECK(o.error_code == "BadDigest");
  }
  SECTION("the body swapped after signing") {
    auto r = s3.client->build_put(spec_for("recordings/b.wav", "payload"), kNow);
    r.body = share("paylaod");
    const auto o = s3.client->parse_put(s3.model.handle(r, kNow));
    CHECK(o.kind == WriteOutcomeKind::rejected_digest);
    CHECK(o.error_code == "XAmzContentSHA256Mismatch");
  }
  SECTION("a torn body, shorter than Content-Length") {
    auto r = s3.client->build_put(spec_for("recordings/b.wav", "payload"), kNow);
    r.body = share("pay");
    const auto o = s3.client->parse_put(s3.model.handle(r, kNow));
    CHECK(o.kind == WriteOutcomeKind::rejected_digest);
    CHECK(o.error_code == "IncompleteBody");
  }
  CHECK(s3.model.objects().empty());
}

TEST_CASE("S3 round trip: wrong, unknown, revoked credentials and a skewed clock", "[unit][stores]") {
  S3 s3;
  const auto wrong = client_with({"AKIDPRIMARY", "not-the-secret", ""});
  auto o = wrong->parse_put(s3.model.handle(wrong->build_put(spec_for("k", "x"), kNow), kNow));
  CHECK(o.kind == WriteOutcomeKind::auth_error);
  CHECK(o.error_code == "SignatureDoesNotMatch");

  const auto stranger = client_with({"AKIDSTRANGER", "whatever", ""});
  o = stranger->parse_put(s3.model.handle(stranger->build_put(spec_for("k", "x"), kNow), kNow));
  CHECK(o.kind == WriteOutcomeKind::auth_error);
  CHECK(o.error_code == "InvalidAccessKeyId");

  // Signed 16 minutes before the store sees it: outside S3's 15-minute window.
  o = s3.client->parse_put(s3.model.handle(s3.client->build_put(spec_for("k", "x"), kNow - 16 * 60), kNow));
  CHECK(o.kind == WriteOutcomeKind::auth_error);
  CHECK(o.error_code == "RequestTimeTooSkewed");
  CHECK(s3.put(spec_for("k", "x"), kNow).kind == WriteOutcomeKind::created);

  s3.model.revoke_credential("AKIDPRIMARY");
  o = s3.put(spec_for("recordings/c.wav", "payload"));
  CHECK(o.kind == WriteOutcomeKind::auth_error);
  CHECK(o.error_code == "InvalidAccessKeyId");
  CHECK_FALSE(s3.head("k").ok());
  const auto refused_head = s3.model.handle(s3.client->build_head("k", kNow), kNow);
  CHECK(refused_head.status == 403);
  CHECK(refused_head.body == nullptr);  // HEAD answers carry no body, errors included
  CHECK(s3.model.objects().size() == 1);
  CHECK(s3.model.credentials_seen() == std::set<std::string>{"AKIDPRIMARY", "AKIDSTRANGER"});
}

TEST_CASE("S3 round trip: versions, delete markers and overwrites", "[unit][stores]") {
  S3 s3;
  REQUIRE(s3.put(spec_for("rec.wav", "one")).kind == WriteOutcomeKind::created);
  auto overwrite = spec_for("rec.wav", "two");
  overwrite.create_only = false;
  REQUIRE(s3.put(overwrite).kind == WriteOutcomeKind::created);
  CHECK(s3.model.replaced_versions() == 1);  // the oracle's no-overwrite check sees this
  CHECK(s3.model.objects().at("rec.wav").size() == 2);
  CHECK(s3.head("rec.wav")->sha256_hex == crypto::to_hex(crypto::sha256("two")));

  const auto del = s3.raw("DELETE", "/rec-primary/rec.wav");
  CHECK(del.status == 204);
  CHECK(del.headers.get("x-amz-delete-marker") == std::string("true"));
  CHECK_FALSE(s3.head("rec.wav")->exists);
  CHECK(s3.raw("GET", "/rec-primary/rec.wav").status == 404);
  // The first version is still there, by id.
  const auto old = s3.raw("GET", "/rec-primary/rec.wav?versionId=v1");
  CHECK(old.status == 200);
  CHECK(old.body_view() == "one");

  // Create-only over a delete marker creates: nothing live was replaced.
  REQUIRE(s3.put(spec_for("rec.wav", "three")).kind == WriteOutcomeKind::created);
  CHECK(s3.model.replaced_versions() == 1);
  CHECK(s3.model.objects().at("rec.wav").size() == 4);
}

TEST_CASE("S3 round trip: GetObject with ranges", "[unit][stores]") {
  S3 s3;
  const auto spec = spec_for("rec.wav", "0123456789");
  REQUIRE(s3.put(spec).kind == WriteOutcomeKind::created);
  const auto whole = s3.raw("GET", "/rec-primary/rec.wav");
  CHECK(whole.status == 200);
  CHECK(whole.body == spec.body);  // the stored buffer itself, shared
  CHECK(whole.headers.get("x-amz-meta-sha256") == spec.sha256_hex);
  CHECK(whole.headers.get("Content-Type") == std::string("audio/wav"));

  auto part = s3.raw("GET", "/rec-primary/rec.wav", "bytes=2-5");
  CHECK(part.status == 206);
  CHECK(part.body_view() == "2345");
  CHECK(part.headers.get("Content-Range") == std::string("bytes 2-5/10"));
  CHECK(s3.raw("GET", "/rec-primary/rec.wav", "bytes=7-").body_view() == "789");
  CHECK(s3.raw("GET", "/rec-primary/rec.wav", "bytes=-3").body_view() == "789");
  CHECK(s3.raw("GET", "/rec-primary/rec.wav", "bytes=8-100").body_view() == "89");
  const auto beyond = s3.raw("GET", "/rec-primary/rec.wav", "bytes=10-12");
  CHECK(beyond.status == 416);
  CHECK(stores::xml_error_code(beyond.body_view()) == "InvalidRange");
  const auto missing = s3.raw("GET", "/rec-primary/none.wav");
  CHECK(missing.status == 404);
  CHECK(stores::xml_text(missing.body_view(), "Code") == "NoSuchKey");
  CHECK(stores::xml_text(missing.body_view(), "Resource") == "/rec-primary/none.wav");
}

TEST_CASE("S3 round trip: ListObjectsV2 pages 2,500 keys 1,000 at a time", "[unit][stores]") {
  S3 s3;
  char name[64];
  for (int i = 0; i < 2500; ++i) {
    std::snprintf(name, sizeof name, "recordings/%05d.wav", i);
    REQUIRE(s3.put(spec_for(name, std::to_string(i))).kind == WriteOutcomeKind::created);
  }
  REQUIRE(s3.put(spec_for("other/x.wav", "x")).kind == WriteOutcomeKind::created);
  REQUIRE(s3.raw("DELETE", "/rec-primary/recordings/00007.wav").status == 204);  // hidden from listings

  std::vector<std::string> keys;
  std::vector<int> page_sizes;
  std::string token;
  for (int page = 0; page < 10; ++page) {
    std::string target = "/rec-primary?list-type=2&prefix=recordings%2F&max-keys=1000";
    if (!token.empty()) target += "&continuation-token=" + http::uri_encode(token, true);
    const auto r = s3.raw("GET", target);
    REQUIRE(r.status == 200);
    const std::string_view xml = r.body_view();
    const auto contents = stores::xml_elements(xml, "Contents");
    page_sizes.push_back(static_cast<int>(contents.size()));
    CHECK(stores::xml_text(xml, "KeyCount") == std::to_string(contents.size()));
    CHECK(stores::xml_text(xml, "MaxKeys") == "1000");
    for (const auto c : contents) keys.push_back(stores::xml_text(c, "Key"));
    if (stores::xml_text(xml, "IsTruncated") != "true") break;
    token = stores::xml_text(xml, "NextContinuationToken");
    REQUIRE_FALSE(token.empty());
  }
  CHECK(page_sizes == std::vector<int>{1000, 1000, 499});
  REQUIRE(keys.size() == 2499);
  CHECK(std::is_sorted(keys.begin(), keys.end()));
  CHECK(std::adjacent_find(keys.begin(), keys.end()) == keys.end());
  CHECK(keys.front() == "recordings/00000.wav");
  CHECK(std::find(keys.begin(), keys.end(), "recordings/00007.wav") == keys.end());

  // More than 1,000 asked: S3 still pages at 1,000; an unknown token is refused.
  const auto big = s3.raw("GET", "/rec-primary?list-type=2&max-keys=5000");
  CHECK(stores::xml_elements(big.body_view(), "Contents").size() == 1000);
  CHECK(stores::xml_text(big.body_view(), "MaxKeys") == "1000");
  CHECK(s3.raw("GET", "/rec-primary?list-type=2&continuation-token=%25%25").status == 400);
  const auto one = s3.raw("GET", "/rec-primary?list-type=2&prefix=other%2F");
  CHECK(stores::xml_text(one.body_view(), "Key") == "other/x.wav");
  CHECK(stores::xml_text(one.body_view(), "IsTruncated") == "false");
  CHECK(stores::xml_text(one.body_view(), "ETag") == "\"" + crypto::to_hex(crypto::md5("x")) + "\"");
}

TEST_CASE("S3 model: virtual-hosted requests and what it does not model", "[unit][stores]") {
  S3 s3;
  REQUIRE(s3.put(spec_for("a.wav", "a")).kind == WriteOutcomeKind::created);
  http::Request r;
  r.method = "HEAD";
  r.target = "/a.wav";
  r.headers.set("Host", "rec-primary.s3.us-east-1.amazonaws.com");
  signing::SigV4Params p;
  p.region = "us-east-1";
  p.unix_seconds = kNow;
  signing::sign_sigv4(r, kCreds, p);
  CHECK(s3.model.handle(r, kNow).status == 200);
  CHECK(s3.raw("GET", "/other-bucket/a.wav").status == 404);
  CHECK(s3.raw("POST", "/rec-primary/a.wav?uploads").status == 200);        // multipart: modelled
  CHECK(s3.raw("GET", "/rec-primary/a.wav?uploadId=x").status == 501);       // ListParts: not modelled
  CHECK(s3.raw("GET", "/rec-primary?list-type=2&delimiter=%2F").status == 501);
}
