// Core's S3 adapter (make_s3_client, path-style, SigV4) against a real s3rver
// over live::HttpClient. s3rver speaks S3's wire format and multipart, but it
// has no conditional PUT (If-None-Match) and no versioning (REFERENCE.md), so
// these tests check the wire format only: requests it parses, answers core
// parses, bytes that come back unchanged. Create-only semantics are the S3
// model's business (mocks/), not this peer's.
#include <catch2/catch.hpp>

#include "core/crypto/digest.hpp"
#include "support/live_peers.hpp"
#include "support/media_files.hpp"
#include "support/store_session.hpp"

using namespace recguard;
using namespace recguard::testing;
using stores::WriteOutcomeKind;

namespace {

struct S3Session : StoreSession {
  explicit S3Session(const S3rverPeer& s3) : StoreSession(stores::make_s3_client(s3.config()), s3.host()) {}
};

}  // namespace

TEST_CASE("s3rver: PutObject, then HEAD and GET return the same size, ETag and bytes", "[live][s3rver]") {
  S3rverPeer s3("rec-primary");
  S3Session s(s3);
  const auto spec = put_spec("2026/11/rec-0001.wav", shared_media("mono_8k_pcm16.wav"));
  const auto put = s.put(spec);
  INFO(put.status << " " << put.error_code);
  REQUIRE(put.kind == WriteOutcomeKind::created);
  // A single PUT's ETag is the MD5 of the bytes.
  const std::string md5_hex = crypto::to_hex(crypto::md5(ByteView(*spec.body)));
  CHECK(put.etag == "\"" + md5_hex + "\"");
  const auto info = s.head(spec.key);
  REQUIRE(info.ok());
  CHECK(info->exists);
  CHECK(info->size == static_cast<std::int64_t>(spec.body->size()));
  CHECK(info->etag == put.etag);
  CHECK(info->sha256_hex == spec.sha256_hex);  // from the x-amz-meta-sha256 core sent
  const http::Response head = s.send(s.client->build_head(spec.key, StoreSession::now()));
  CHECK(head.headers.get("x-amz-meta-md5chksum") == spec.md5_b64);
  const http::Response got = s.get(spec.key);
  CHECK(got.status == 200);
  REQUIRE(got.body);
  CHECK(*got.body == *spec.body);
  const auto missing = s.head("rec-9999.wav");
  REQUIRE(missing.ok());
  CHECK_FALSE(missing->exists);
}

TEST_CASE("s3rver: a multipart upload of two 5 MiB parts and a tail reads back whole", "[live][s3rver]") {
  S3rverPeer s3("rec-primary");
  S3Session s(s3);
  const std::size_t part_bytes = static_cast<std::size_t>(stores::kS3MinPartBytes);
  const SharedBytes full = slice(long_recording("stereo_agent_customer_8k_pcm16.wav", 2 * part_bytes + 300000), 0,
                                 2 * part_bytes + 300000);
  const auto whole = put_spec("multipart/rec-0002.wav", full);
  REQUIRE(s.client->needs_upload_begin());
  stores::BeginUploadSpec b;
  b.key = whole.key;
  b.sha256_hex = whole.sha256_hex;
  b.md5_b64 = whole.md5_b64;
  const auto begin_req = s.client->build_begin_upload(b, StoreSession::now());
  REQUIRE(begin_req.has_value());
  const auto upload_id = s.client->parse_begin_upload(s.send(*begin_req));
  INFO((upload_id.ok() ? std::string() : upload_id.error().message));
  REQUIRE(upload_id.ok());
  CHECK_FALSE(upload_id->empty());

  stores::CompleteSpec c;
  c.key = whole.key;
  c.upload_id = *upload_id;
  c.part_count = 3;
  c.sha256_hex = whole.sha256_hex;
  std::string md5_concat;
  for (int n = 1; n <= 3; ++n) {
    const SharedBytes part = slice(full, static_cast<std::size_t>(n - 1) * part_bytes, part_bytes);
    stores::PartSpec p;
    p.key = whole.key;
    p.upload_id = *upload_id;
    p.part_number = n;
    p.body = part;
    p.md5_b64 = crypto::base64_encode(crypto::md5(ByteView(*part)));
    p.sha256_hex = crypto::to_hex(crypto::sha256(ByteView(*part)));
    const auto out = s.client->parse_upload_part(s.send(s.client->build_upload_part(p, StoreSession::now())));
    INFO("part " << n << ": " << out.status << " " << out.error_code);
    REQUIRE(out.kind == WriteOutcomeKind::created);
    CHECK(out.etag == "\"" + crypto::to_hex(crypto::md5(ByteView(*part))) + "\"");
    c.part_etags.push_back(out.etag);
    c.part_sha256_hex.push_back(p.sha256_hex);
    const auto digest = crypto::md5(ByteView(*part));
    md5_concat.append(reinterpret_cast<const char*>(digest.data()), digest.size());
  }
  const auto done = s.client->parse_complete_upload(s.send(s.client->build_complete_upload(c, StoreSession::now())));
  INFO(done.status << " " << done.error_code);
  CHECK(done.kind == WriteOutcomeKind::created);
  // S3 gives a multipart object the ETag "MD5 of the parts' MD5s, dash, part
  // count"; s3rver gives the whole object's MD5. Either is a well-formed
  // answer core must carry through; which one is the peer's business.
  const std::string multipart_etag = "\"" + crypto::to_hex(crypto::md5(md5_concat)) + "-3\"";
  const std::string whole_md5_etag = "\"" + crypto::to_hex(crypto::md5(ByteView(*full))) + "\"";
  CHECK((done.etag == multipart_etag || done.etag == whole_md5_etag));

  const auto info = s.head(whole.key);
  REQUIRE(info.ok());
  CHECK(info->size == static_cast<std::int64_t>(full->size()));
  CHECK(info->etag == done.etag);
  const http::Response got = s.get(whole.key);
  REQUIRE(got.body);
  CHECK(got.body_size() == full->size());
  CHECK(*got.body == *full);
}

TEST_CASE("s3rver: ListObjectsV2 walks every key with its size and ETag, page by page", "[live][s3rver]") {
  S3rverPeer s3("rec-primary");
  S3Session s(s3);
  const char* names[] = {"mono_8k_pcm16.wav", "mono_8k_ulaw.wav", "stereo_agent_customer_8k_pcm16.wav"};
  std::vector<stores::PutSpec> specs;
  for (int i = 0; i < 3; ++i) {
    specs.push_back(put_spec("list/rec-000" + std::to_string(i) + ".wav", shared_media(names[i])));
    REQUIRE(s.put(specs.back()).kind == WriteOutcomeKind::created);
  }
  REQUIRE(s.put(put_spec("other/rec-0100.wav", shared_media(names[0]))).kind == WriteOutcomeKind::created);
  stores::ListSpec spec;
  spec.prefix = "list/";
  spec.max_keys = 2;
  int pages = 0;
  const auto listed = s.list_all(spec, pages, 3);
  CHECK(pages == 2);
  REQUIRE(listed.size() == 3);
  for (int i = 0; i < 3; ++i) {
    CHECK(listed[i].key == specs[i].key);
    CHECK(listed[i].size == static_cast<std::int64_t>(specs[i].body->size()));
    CHECK(listed[i].etag == "\"" + crypto::to_hex(crypto::md5(ByteView(*specs[i].body))) + "\"");
  }
}

