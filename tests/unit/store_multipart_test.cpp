// S3 multipart upload: the codec's requests, its reading of answers, and
// codec -> model -> codec round trips (assembled digests and ETag, create-only
// completion, part rules, credentials, ListMultipartUploads, and that the
// model lets go of every part's bytes).
#include <catch2/catch.hpp>
#include <cstdio>

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

constexpr std::size_t kMiB = 1024 * 1024;

std::string md5_raw(std::string_view s) {
  const auto d = crypto::md5(s);
  return std::string(d.begin(), d.end());
}

// S3's multipart ETag, computed independently of the model:
// "<hex MD5 of the concatenated raw part MD5s>-N".
std::string multipart_etag(const std::vector<std::string>& parts) {
  std::string md5s;
  for (const auto& p : parts) md5s += md5_raw(p);
  return "\"" + crypto::to_hex(crypto::md5(md5s)) + "-" + std::to_string(parts.size()) + "\"";
}

stores::PartSpec part_spec(const std::string& key, const std::string& upload_id, int n, const std::string& bytes) {
  stores::PartSpec p;
  p.key = key;
  p.upload_id = upload_id;
  p.part_number = n;
  p.body = share(bytes);
  p.md5_b64 = crypto::base64_encode(crypto::md5(bytes));
  p.sha256_hex = crypto::to_hex(crypto::sha256(bytes));
  return p;
}

struct S3 : S3Pair {
  std::string begin(const std::string& key, const std::string& whole_sha256_hex = {}) {
    stores::BeginUploadSpec b;
    b.key = key;
    b.sha256_hex = whole_sha256_hex;
    const auto req = client->build_begin_upload(b, kNow);
    REQUIRE(req.has_value());
    const auto id = client->parse_begin_upload(model.handle(*req, kNow));
    REQUIRE(id.ok());
    return *id;
  }
  stores::PartOutcome part(const stores::PartSpec& p) {
    return client->parse_upload_part(model.handle(client->build_upload_part(p, kNow), kNow));
  }
  stores::PartOutcome part(const std::string& key, const std::string& id, int n, const std::string& bytes) {
    return part(part_spec(key, id, n, bytes));
  }
  // Complete with the ETags and checksums of these parts (numbered 1..N).
  stores::CompleteSpec complete_spec(const std::string& key, const std::string& id,
                                     const std::vector<std::string>& parts) const {
    stores::CompleteSpec c;
    c.key = key;
    c.upload_id = id;
    c.part_count = static_cast<int>(parts.size());
    std::string whole;
    for (const auto& p : parts) {
      c.part_etags.push_back("\"" + crypto::to_hex(crypto::md5(p)) + "\"");
      c.part_sha256_hex.push_back(crypto::to_hex(crypto::sha256(p)));
      whole += p;
    }
    c.sha256_hex = crypto::to_hex(crypto::sha256(whole));
    return c;
  }
  stores::WriteOutcome complete(const stores::CompleteSpec& c) {
    return client->parse_complete_upload(model.handle(client->build_complete_upload(c, kNow), kNow));
  }
  // Begin, send every part in order, complete.
  stores::WriteOutcome upload(const std::string& key, const std::vector<std::string>& parts) {
    const std::string id = begin(key);
    for (std::size_t i = 0; i < parts.size(); ++i) {
      REQUIRE(part(key, id, static_cast<int>(i + 1), parts[i]).kind == WriteOutcomeKind::created);
    }
    return complete(complete_spec(key, id, parts));
  }
  // A signed request the client has no builder for (payload hash of the body).
  http::Response raw(const std::string& method, const std::string& target, const std::string& body = {}) {
    http::Request r;
    r.method = method;
    r.target = target;
    r.headers.set("Host", "s3.us-east-1.amazonaws.com");
    if (!body.empty()) r.body = share(body);
    signing::SigV4Params p;
    p.region = "us-east-1";
    p.unix_seconds = kNow;
    signing::sign_sigv4(r, kCreds, p);
    return model.handle(r, kNow);
  }
  std::vector<std::string> unfinished_upload_ids(const std::string& prefix = {}) {
    const auto r = raw("GET", "/rec-primary?uploads&prefix=" + http::uri_encode(prefix, true));
    REQUIRE(r.status == 200);
    std::vector<std::string> ids;
    for (const auto u : stores::xml_elements(r.body_view(), "Upload")) ids.push_back(stores::xml_text(u, "UploadId"));
    return ids;
  }
};

http::Response s3_answer(int status, const std::string& body) {
  return http::make_response(status, body, "application/xml");
}

}  // namespace

TEST_CASE("S3 multipart codec: the four requests, signed, with digests and the create-only condition",
          "[unit][stores][multipart]") {
  const auto client = client_with(kCreds);
  stores::BeginUploadSpec b;
  b.key = "recordings/rec 1.wav";
  b.sha256_hex = std::string(64, 'a');
  const auto begin = client->build_begin_upload(b, kNow);
  REQUIRE(begin.has_value());
  CHECK(begin->method == "POST");
  CHECK(begin->target == "/rec-primary/recordings/rec%201.wav?uploads");
  CHECK(begin->headers.get("x-amz-checksum-algorithm") == std::string("SHA256"));
  CHECK(begin->headers.get("x-amz-meta-sha256") == b.sha256_hex);
  CHECK(begin->headers.get("Content-Type") == std::string("audio/wav"));
  CHECK(begin->headers.get("Authorization").value_or("").find("AKIDPRIMARY/20260101/us-east-1/s3/") !=
        std::string::npos);
  b.sha256_hex.clear();
  CHECK_FALSE(client->build_begin_upload(b, kNow)->headers.has("x-amz-meta-sha256"));

  const auto spec = part_spec("recordings/rec 1.wav", "id+/=x", 7, "part bytes");
  const http::Request part = client->build_upload_part(spec, kNow);
  CHECK(part.method == "PUT");
  CHECK(part.target == "/rec-primary/recordings/rec%201.wav?partNumber=7&uploadId=id%2B%2F%3Dx");
  CHECK(part.headers.get("Content-MD5") == spec.md5_b64);
  CHECK(part.headers.get("Content-Length") == std::string("10"));
  CHECK(part.headers.get("x-amz-checksum-sha256") == crypto::base64_encode(crypto::sha256("part bytes")));
  CHECK(part.headers.get("X-Amz-Content-Sha256") == spec.sha256_hex);
  CHECK(part.body == spec.body);  // the same buffer, no copy

  stores::CompleteSpec c;
  c.key = "k";
  c.upload_id = "U1";
  c.part_count = 2;
  c.part_etags = {"\"e1\"", "\"e2\""};
  c.part_sha256_hex = {crypto::to_hex(crypto::sha256("1")), crypto::to_hex(crypto::sha256("2"))};
  const http::Request done = client->build_complete_upload(c, kNow);
  CHECK(done.method == "POST");
  CHECK(done.target == "/rec-primary/k?uploadId=U1");
  CHECK(done.headers.get("If-None-Match") == std::string("*"));
  CHECK(done.headers.get("X-Amz-Content-Sha256") == crypto::to_hex(crypto::sha256(done.body_view())));
  const auto parts = stores::xml_elements(done.body_view(), "Part");
  REQUIRE(parts.size() == 2);
  CHECK(stores::xml_text(parts[1], "PartNumber") == "2");
  CHECK(stores::xml_text(parts[1], "ETag") == "\"e2\"");
  CHECK(stores::xml_text(parts[1], "ChecksumSHA256") == crypto::base64_encode(crypto::sha256("2")));
  c.create_only = false;
  CHECK_FALSE(client->build_complete_upload(c, kNow).headers.has("If-None-Match"));

  const auto abort = client->build_abort_upload("k", "U1", kNow);
  REQUIRE(abort.has_value());
  CHECK(abort->method == "DELETE");
  CHECK(abort->target == "/rec-primary/k?uploadId=U1");
}

TEST_CASE("S3 multipart codec: answers are classified, including a 200 that carries an error",
          "[unit][stores][multipart]") {
  const auto client = client_with(kCreds);
  auto ok = s3_answer(200,
                      "<?xml version=\"1.0\"?>\n<CompleteMultipartUploadResult><ETag>&quot;abc-3&quot;</ETag>"
                      "<ChecksumSHA256>AAAA-3</ChecksumSHA256></CompleteMultipartUploadResult>");
  auto o = client->parse_complete_upload(ok);
  CHECK(o.kind == WriteOutcomeKind::created);
  CHECK(o.etag == "\"abc-3\"");
  CHECK(o.sha256_hex.empty());  // a composite checksum says nothing about the bytes

  struct Row {
    int status;
    std::string code;
    WriteOutcomeKind kind;
  };
  const Row errors_in_ok[] = {
      {200, "InternalError", WriteOutcomeKind::server_error},
      {200, "SlowDown", WriteOutcomeKind::throttled},
      {200, "PreconditionFailed", WriteOutcomeKind::already_exists},
      {200, "InvalidPart", WriteOutcomeKind::client_error},
      {412, "PreconditionFailed", WriteOutcomeKind::already_exists},
      {409, "ConditionalRequestConflict", WriteOutcomeKind::race_conflict},
      {400, "EntityTooSmall", WriteOutcomeKind::client_error},
      {404, "NoSuchUpload", WriteOutcomeKind::client_error},
      {403, "AccessDenied", WriteOutcomeKind::auth_error},
  };
  for (const auto& row : errors_in_ok) {
    INFO(row.status << " " << row.code);
    // S3 sends whitespace while it assembles, then the document.
    o = client->parse_complete_upload(
        s3_answer(row.status, "  \n<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + row.code +
                                  "</Code><Message>m</Message></Error>"));
    CHECK(o.kind == row.kind);
    CHECK(o.error_code == row.code);
    CHECK(o.etag.empty());
  }

  auto part_ok = http::make_response(200);
  part_ok.headers.set("ETag", "\"p1\"");
  CHECK(client->parse_upload_part(part_ok).etag == "\"p1\"");
  CHECK(client->parse_upload_part(part_ok).kind == WriteOutcomeKind::created);
  CHECK(client->parse_upload_part(s3_answer(400, "<Error><Code>BadDigest</Code></Error>")).kind ==
        WriteOutcomeKind::rejected_digest);
  CHECK(client->parse_upload_part(s3_answer(404, "<Error><Code>NoSuchUpload</Code></Error>")).kind ==
        WriteOutcomeKind::client_error);
  CHECK(client->parse_upload_part(s3_answer(412, "<Error><Code>PreconditionFailed</Code></Error>")).kind ==
        WriteOutcomeKind::client_error);
  auto slow = s3_answer(503, "<Error><Code>SlowDown</Code></Error>");
  slow.headers.set("Retry-After", "3");
  CHECK(client->parse_upload_part(slow).kind == WriteOutcomeKind::throttled);
  CHECK(client->parse_upload_part(slow).retry_after_s == 3);

  CHECK(*client->parse_begin_upload(s3_answer(200,
                                              "<InitiateMultipartUploadResult><UploadId>abc&amp;d</UploadId>"
                                              "</InitiateMultipartUploadResult>")) == "abc&d");
  CHECK_FALSE(client->parse_begin_upload(s3_answer(503, "<Error><Code>SlowDown</Code></Error>")).ok());
  CHECK_FALSE(client->parse_begin_upload(s3_answer(200, "<Error><Code>InternalError</Code></Error>")).ok());
}

TEST_CASE("S3 multipart round trip: three parts assemble into the object's true digests and S3's ETag",
          "[unit][stores][multipart]") {
  S3 s3;
  const std::vector<std::string> parts = {generated(5 * kMiB, 1), generated(5 * kMiB, 2), generated(12345, 3)};
  const std::string whole = parts[0] + parts[1] + parts[2];
  const std::string whole_sha = crypto::to_hex(crypto::sha256(whole));
  const std::string key = "recordings/big.wav";

  const std::string id = s3.begin(key, whole_sha);
  std::vector<std::weak_ptr<const ByteVec>> buffers;
  std::vector<std::string> etags;
  for (int n = 1; n <= 3; ++n) {
    auto spec = part_spec(key, id, n, parts[static_cast<std::size_t>(n - 1)]);
    buffers.push_back(spec.body);
    const auto o = s3.part(spec);
    REQUIRE(o.kind == WriteOutcomeKind::created);
    CHECK(o.etag == "\"" + crypto::to_hex(crypto::md5(parts[static_cast<std::size_t>(n - 1)])) + "\"");
    etags.push_back(o.etag);
  }
  // The model hashed each part and let it go: nothing keeps the buffers alive.
  for (const auto& b : buffers) CHECK(b.expired());
  CHECK(s3.unfinished_upload_ids() == std::vector<std::string>{id});

  auto c = s3.complete_spec(key, id, parts);
  c.part_etags = etags;
  const auto done = s3.complete(c);
  REQUIRE(done.kind == WriteOutcomeKind::created);
  CHECK(done.status == 200);
  CHECK(done.etag == multipart_etag(parts));
  CHECK(done.etag.find("-3\"") != std::string::npos);

  const auto& versions = s3.model.objects().at(key);
  REQUIRE(versions.size() == 1);
  const auto& v = versions.back();
  CHECK(v.sha256_hex == whole_sha);
  CHECK(v.md5_hex == crypto::to_hex(crypto::md5(whole)));
  CHECK(v.size == static_cast<std::int64_t>(whole.size()));
  CHECK(v.etag == multipart_etag(parts));
  CHECK(v.bytes == nullptr);  // digests, not bytes
  CHECK(v.part_count == 3);
  CHECK(v.metadata.at("sha256") == whole_sha);
  CHECK(v.credential == "AKIDPRIMARY");
  CHECK(s3.model.uploads_in_progress() == 0);
  CHECK(s3.unfinished_upload_ids().empty());

  // HEAD: the composite checksum is not the object's; the metadata copy is.
  const auto head = s3.client->parse_head(s3.model.handle(s3.client->build_head(key, kNow), kNow));
  REQUIRE(head.ok());
  CHECK(head->exists);
  CHECK(head->sha256_hex == whole_sha);
  CHECK(head->size == static_cast<std::int64_t>(whole.size()));
  CHECK(head->etag == done.etag);
  const auto head_raw = s3.model.handle(s3.client->build_head(key, kNow), kNow);
  std::string part_shas;
  for (const auto& p : parts) {
    const auto d = crypto::sha256(p);
    part_shas.append(d.begin(), d.end());
  }
  CHECK(head_raw.headers.get("x-amz-checksum-sha256") == crypto::base64_encode(crypto::sha256(part_shas)) + "-3");
  CHECK(head_raw.headers.get("x-amz-checksum-type") == std::string("COMPOSITE"));
  // No bytes kept, so none served.
  CHECK(s3.raw("GET", "/rec-primary/recordings/big.wav").status == 501);
}

TEST_CASE("S3 multipart round trip: parts out of order and retried parts", "[unit][stores][multipart]") {
  S3 s3;
  const std::string a = generated(5 * kMiB, 11), b = generated(5 * kMiB, 12), x = generated(100, 13),
                    y = generated(200, 14);
  SECTION("a part beyond a gap waits for it; a re-sent waiting part replaces the first") {
    const std::string id = s3.begin("k");
    auto held = part_spec("k", id, 3, x);
    std::weak_ptr<const ByteVec> held_buffer = held.body;
    REQUIRE(s3.part(held).kind == WriteOutcomeKind::created);
    held = {};
    CHECK_FALSE(held_buffer.expired());  // held until parts 1 and 2 arrive
    REQUIRE(s3.part("k", id, 2, b).kind == WriteOutcomeKind::created);
    REQUIRE(s3.part("k", id, 3, y).kind == WriteOutcomeKind::created);
    CHECK(held_buffer.expired());  // replaced
    REQUIRE(s3.part("k", id, 1, a).kind == WriteOutcomeKind::created);
    const auto done = s3.complete(s3.complete_spec("k", id, {a, b, y}));
    REQUIRE(done.kind == WriteOutcomeKind::created);
    CHECK(s3.model.objects().at("k").back().sha256_hex == crypto::to_hex(crypto::sha256(a + b + y)));
    CHECK(done.etag == multipart_etag({a, b, y}));
  }
  SECTION("a hashed part re-sent with the same bytes is a harmless retry") {
    const std::string id = s3.begin("k");
    REQUIRE(s3.part("k", id, 1, a).kind == WriteOutcomeKind::created);
    REQUIRE(s3.part("k", id, 1, a).kind == WriteOutcomeKind::created);
    REQUIRE(s3.part("k", id, 2, x).kind == WriteOutcomeKind::created);
    REQUIRE(s3.complete(s3.complete_spec("k", id, {a, x})).kind == WriteOutcomeKind::created);
    CHECK(s3.model.objects().at("k").back().sha256_hex == crypto::to_hex(crypto::sha256(a + x)));
  }
  SECTION("a hashed part re-sent with other bytes: the model says it cannot, rather than store a wrong digest") {
    const std::string id = s3.begin("k");
    REQUIRE(s3.part("k", id, 1, a).kind == WriteOutcomeKind::created);
    REQUIRE(s3.part("k", id, 1, b).kind == WriteOutcomeKind::created);  // S3 accepts the replacement
    REQUIRE(s3.part("k", id, 2, x).kind == WriteOutcomeKind::created);
    const auto o = s3.complete(s3.complete_spec("k", id, {b, x}));
    CHECK(o.status == 501);
    CHECK(o.error_code == "NotImplemented");
    CHECK(s3.model.objects().count("k") == 0);
  }
}

TEST_CASE("S3 multipart round trip: create-only completion over an existing key leaves it untouched",
          "[unit][stores][multipart]") {
  S3 s3;
  stores::PutSpec first;
  first.key = "recordings/r.wav";
  first.body = share("the original");
  first.sha256_hex = crypto::to_hex(crypto::sha256("the original"));
  first.md5_b64 = crypto::base64_encode(crypto::md5("the original"));
  REQUIRE(s3.client->parse_put(s3.model.handle(s3.client->build_put(first, kNow), kNow)).kind ==
          WriteOutcomeKind::created);

  const std::vector<std::string> parts = {generated(5 * kMiB, 21), generated(10, 22)};
  const std::string id = s3.begin(first.key);
  REQUIRE(s3.part(first.key, id, 1, parts[0]).kind == WriteOutcomeKind::created);
  REQUIRE(s3.part(first.key, id, 2, parts[1]).kind == WriteOutcomeKind::created);
  const auto o = s3.complete(s3.complete_spec(first.key, id, parts));
  CHECK(o.kind == WriteOutcomeKind::already_exists);
  CHECK(o.status == 412);
  CHECK(o.error_code == "PreconditionFailed");
  const auto& versions = s3.model.objects().at(first.key);
  REQUIRE(versions.size() == 1);
  CHECK(versions[0].sha256_hex == first.sha256_hex);
  CHECK(s3.model.replaced_versions() == 0);

  // The refused upload stays open until the client aborts it.
  CHECK(s3.unfinished_upload_ids("recordings/") == std::vector<std::string>{id});
  const auto abort = s3.client->build_abort_upload(first.key, id, kNow);
  REQUIRE(abort.has_value());
  CHECK(s3.model.handle(*abort, kNow).status == 204);
  CHECK(s3.unfinished_upload_ids().empty());
  CHECK(s3.model.handle(*abort, kNow).status == 404);  // NoSuchUpload the second time
}

TEST_CASE("S3 multipart round trip: the part rules", "[unit][stores][multipart]") {
  S3 s3;
  const std::string big = generated(5 * kMiB, 31), small = generated(1000, 32);
  const std::string id = s3.begin("k");

  SECTION("every part but the last must be at least 5 MiB") {
    REQUIRE(s3.part("k", id, 1, small).kind == WriteOutcomeKind::created);
    REQUIRE(s3.part("k", id, 2, small).kind == WriteOutcomeKind::created);
    const auto o = s3.complete(s3.complete_spec("k", id, {small, small}));
    CHECK(o.kind == WriteOutcomeKind::client_error);
    CHECK(o.status == 400);
    CHECK(o.error_code == "EntityTooSmall");
  }
  SECTION("parts must be listed in ascending order") {
    REQUIRE(s3.part("k", id, 1, big).kind == WriteOutcomeKind::created);
    REQUIRE(s3.part("k", id, 2, small).kind == WriteOutcomeKind::created);
    auto part_xml = [](int n, const std::string& bytes) {
      return "<Part><PartNumber>" + std::to_string(n) + "</PartNumber><ETag>\"" + crypto::to_hex(crypto::md5(bytes)) +
             "\"</ETag><ChecksumSHA256>" + crypto::base64_encode(crypto::sha256(bytes)) + "</ChecksumSHA256></Part>";
    };
    const auto r =
        s3.raw("POST", "/rec-primary/k?uploadId=" + http::uri_encode(id, true),
               "<CompleteMultipartUpload>" + part_xml(2, small) + part_xml(1, big) + "</CompleteMultipartUpload>");
    const auto o = s3.client->parse_complete_upload(r);
    CHECK(r.status == 400);
    CHECK(o.error_code == "InvalidPartOrder");
    CHECK(o.kind == WriteOutcomeKind::client_error);
  }
  SECTION("a listed part must exist with that ETag") {
    REQUIRE(s3.part("k", id, 1, big).kind == WriteOutcomeKind::created);
    REQUIRE(s3.part("k", id, 2, small).kind == WriteOutcomeKind::created);
    auto c = s3.complete_spec("k", id, {big, small});
    c.part_etags[1] = "\"" + crypto::to_hex(crypto::md5("something else")) + "\"";
    auto o = s3.complete(c);
    CHECK(o.status == 400);
    CHECK(o.error_code == "InvalidPart");
    // A part never uploaded is just as invalid.
    o = s3.complete(s3.complete_spec("k", id, {big, small, small}));
    CHECK(o.error_code == "InvalidPart");
    // The upload survives both refusals and completes with the right list.
    CHECK(s3.complete(s3.complete_spec("k", id, {big, small})).kind == WriteOutcomeKind::created);
  }
  SECTION("an unknown upload, or another key's") {
    auto o = s3.part("k", "no-such-upload", 1, small);
    CHECK(o.kind == WriteOutcomeKind::client_error);
    CHECK(o.status == 404);
    CHECK(o.error_code == "NoSuchUpload");
    CHECK(s3.part("other-key", id, 1, small).error_code == "NoSuchUpload");
    CHECK(s3.complete(s3.complete_spec("k", "no-such-upload", {small})).error_code == "NoSuchUpload");
  }
  SECTION("part numbers run 1..10,000") {
    CHECK(s3.part("k", id, 10001, small).error_code == "InvalidArgument");
    CHECK(s3.raw("PUT", "/rec-primary/k?partNumber=0&uploadId=" + http::uri_encode(id, true), small).status == 400);
    CHECK(s3.part("k", id, 10000, small).kind == WriteOutcomeKind::created);
  }
  SECTION("damaged part bytes are refused as rejected_digest") {
    auto bad = part_spec("k", id, 1, small);
    bad.md5_b64 = crypto::base64_encode(crypto::md5("other"));
    auto o = s3.part(bad);
    CHECK(o.kind == WriteOutcomeKind::rejected_digest);
    CHECK(o.error_code == "BadDigest");
    // A body swapped after signing fails the payload hash.
    auto swapped = s3.client->build_upload_part(part_spec("k", id, 1, small), kNow);
    swapped.body = share(generated(1000, 99));
    o = s3.client->parse_upload_part(s3.model.handle(swapped, kNow));
    CHECK(o.kind == WriteOutcomeKind::rejected_digest);
    CHECK(o.error_code == "XAmzContentSHA256Mismatch");
    CHECK(s3.complete(s3.complete_spec("k", id, {small})).error_code == "InvalidPart");  // nothing was stored
  }
}

TEST_CASE("S3 multipart round trip: a revoked credential is an auth_error at every step", "[unit][stores][multipart]") {
  S3 s3;
  const std::string small = generated(1000, 41);
  const std::string id = s3.begin("k");
  REQUIRE(s3.part("k", id, 1, small).kind == WriteOutcomeKind::created);
  s3.model.revoke_credential("AKIDPRIMARY");
  const auto p = s3.part("k", id, 2, small);
  CHECK(p.kind == WriteOutcomeKind::auth_error);
  CHECK(p.error_code == "InvalidAccessKeyId");
  const auto c = s3.complete(s3.complete_spec("k", id, {small}));
  CHECK(c.kind == WriteOutcomeKind::auth_error);
  stores::BeginUploadSpec b;
  b.key = "k2";
  CHECK_FALSE(s3.client->parse_begin_upload(s3.model.handle(*s3.client->build_begin_upload(b, kNow), kNow)).ok());
  CHECK(s3.model.objects().empty());
  CHECK(s3.model.uploads_in_progress() == 1);
}

TEST_CASE("S3 model: ListMultipartUploads finds unfinished uploads until they are aborted",
          "[unit][stores][multipart]") {
  S3 s3;
  const std::string a1 = s3.begin("recordings/a.wav");
  const std::string a2 = s3.begin("recordings/a.wav");
  const std::string b = s3.begin("recordings/b.wav");
  const std::string other = s3.begin("other/c.wav");
  CHECK(s3.unfinished_upload_ids("recordings/") == std::vector<std::string>{a1, a2, b});
  CHECK(s3.unfinished_upload_ids().size() == 4);

  const auto page = s3.raw("GET", "/rec-primary?uploads&prefix=recordings%2F&max-uploads=2");
  REQUIRE(page.status == 200);
  CHECK(stores::xml_text(page.body_view(), "IsTruncated") == "true");
  CHECK(stores::xml_elements(page.body_view(), "Upload").size() == 2);
  const auto rest = s3.raw("GET", "/rec-primary?uploads&prefix=recordings%2F&key-marker=" +
                                      http::uri_encode(stores::xml_text(page.body_view(), "NextKeyMarker"), true) +
                                      "&upload-id-marker=" +
                                      http::uri_encode(stores::xml_text(page.body_view(), "NextUploadIdMarker"), true));
  const auto rest_uploads = stores::xml_elements(rest.body_view(), "Upload");
  REQUIRE(rest_uploads.size() == 1);
  CHECK(stores::xml_text(rest_uploads[0], "UploadId") == b);
  CHECK(stores::xml_text(rest_uploads[0], "Key") == "recordings/b.wav");

  for (const auto& [key, id] : std::vector<std::pair<std::string, std::string>>{
           {"recordings/a.wav", a1}, {"recordings/a.wav", a2}, {"recordings/b.wav", b}}) {
    const auto abort = s3.client->build_abort_upload(key, id, kNow);
    REQUIRE(abort.has_value());
    CHECK(s3.model.handle(*abort, kNow).status == 204);
  }
  CHECK(s3.unfinished_upload_ids("recordings/").empty());
  CHECK(s3.unfinished_upload_ids() == std::vector<std::string>{other});
  // An aborted upload takes no more parts.
  CHECK(s3.part("recordings/b.wav", b, 1, "x").error_code == "NoSuchUpload");
}

// The memory bound for a 600 MB recording is a benchmark figure (issue 4's
// dual-write bench), not a unit-test assertion; this checks the digests of a
// many-part object the model never holds whole.
TEST_CASE("S3 multipart round trip: 24 parts of 5 MiB, digests without the bytes kept",
          "[unit][stores][multipart]") {
  S3 s3;
  constexpr int kParts = 24;
  const std::string key = "recordings/long-call.wav";
  const std::string id = s3.begin(key);
  crypto::Hasher whole_sha(crypto::Hasher::Algo::sha256);
  std::string md5s;
  stores::CompleteSpec c;
  c.key = key;
  c.upload_id = id;
  c.part_count = kParts;
  for (int n = 1; n <= kParts; ++n) {
    // One part alive at a time, as a streaming client holds it.
    const auto spec = part_spec(key, id, n, generated(5 * kMiB, static_cast<std::uint32_t>(100 + n)));
    whole_sha.update(ByteView(*spec.body));
    std::string md5;
    REQUIRE(crypto::base64_decode(spec.md5_b64, md5));
    md5s += md5;
    const auto o = s3.part(spec);
    REQUIRE(o.kind == WriteOutcomeKind::created);
    c.part_etags.push_back(o.etag);
    c.part_sha256_hex.push_back(spec.sha256_hex);
  }
  const auto done = s3.complete(c);
  REQUIRE(done.kind == WriteOutcomeKind::created);
  const auto& v = s3.model.objects().at(key).back();
  CHECK(v.size == static_cast<std::int64_t>(kParts) * 5 * kMiB);
  CHECK(v.bytes == nullptr);
  CHECK(v.sha256_hex == crypto::to_hex(view(whole_sha.finish())));
  CHECK(v.etag == "\"" + crypto::to_hex(crypto::md5(md5s)) + "-24\"");
}
