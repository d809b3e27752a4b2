// The stores' digest memo only saves work: whatever it answers must be what
// hashing the very bytes would give, for buffers the CDN registered and for
// buffers it has never seen, and a buffer born at a dead one's address must
// never inherit the dead one's digests.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "core/crypto/digest.hpp"
#include "mocks/cdn/cdn_model.hpp"
#include "mocks/platforms/media_artifact.hpp"
#include "mocks/stores/digest_memo.hpp"

using namespace recguard;

namespace {

mocks::BodyDigests hashed(const ByteVec& bytes) {
  const auto m = crypto::md5(ByteView(bytes));
  const auto s = crypto::sha256(ByteView(bytes));
  return {std::string(m.begin(), m.end()), std::string(s.begin(), s.end())};
}

bool same(const mocks::BodyDigests& a, const mocks::BodyDigests& b) {
  return a.md5_raw == b.md5_raw && a.sha256_raw == b.sha256_raw;
}

http::Request get(const std::string& path, const std::string& range = "") {
  http::Request r;
  r.method = "GET";
  r.target = path;
  if (!range.empty()) r.headers.set("Range", range);
  return r;
}

}  // namespace

TEST_CASE("digest memo: the CDN's whole read registers the digests a store would compute", "[unit][mocks][digests]") {
  mocks::ArtifactSpec spec;
  spec.format = media::MediaFormat::wav_ulaw_8k;
  spec.duration_ms = 7'500;
  spec.seed = 99;
  auto artifact = std::make_shared<mocks::MediaArtifact>(spec);
  mocks::CdnModel cdn;
  cdn.publish("/media/rec-1.wav", artifact);

  const auto whole = cdn.handle(get("/media/rec-1.wav"));
  REQUIRE(whole.status == 200);
  REQUIRE(whole.body);
  CHECK(!artifact->md5_raw().empty());  // hashed while rendered
  CHECK(same(mocks::digests_of(whole.body), hashed(*whole.body)));
  CHECK(artifact->sha256_hex() == crypto::to_hex(crypto::sha256(ByteView(*whole.body))));

  // A second whole read is a new buffer: registered too, with the same digests.
  const auto again = cdn.handle(get("/media/rec-1.wav"));
  REQUIRE(again.body != whole.body);
  CHECK(same(mocks::digests_of(again.body), hashed(*again.body)));
  // A range is other bytes: hashed on its own, never given the whole file's digests.
  const auto part = cdn.handle(get("/media/rec-1.wav", "bytes=100-4099"));
  REQUIRE(part.status == 206);
  CHECK(same(mocks::digests_of(part.body), hashed(*part.body)));
}

TEST_CASE("digest memo: a truncated artifact registers the digests of what it serves", "[unit][mocks][digests]") {
  mocks::ArtifactSpec spec;
  spec.duration_ms = 3'000;
  spec.seed = 5;
  spec.keep_bytes = 10'001;
  auto artifact = std::make_shared<mocks::MediaArtifact>(spec);
  mocks::CdnModel cdn;
  cdn.publish("/media/cut.wav", artifact);
  const auto r = cdn.handle(get("/media/cut.wav"));
  REQUIRE(r.body);
  CHECK(r.body->size() == 10'001);
  CHECK(same(mocks::digests_of(r.body), hashed(*r.body)));
}

TEST_CASE("digest memo: identity is the live buffer, never a recycled address", "[unit][mocks][digests]") {
  const ByteVec content{1, 2, 3, 4, 5};
  auto body = share(content);
  // What is remembered for a live buffer is what the memo answers for it...
  mocks::remember_digests(body, {std::string(16, 'm'), std::string(32, 's')});
  CHECK(mocks::digests_of(body).md5_raw == std::string(16, 'm'));
  // ...and only for it: equal bytes in another buffer are hashed.
  CHECK(same(mocks::digests_of(share(content)), hashed(content)));
  // Buffers born after it died, some at its address, get their own digests.
  const void* old_address = body.get();
  body.reset();
  bool address_reused = false;
  for (int i = 0; i < 64; ++i) {
    auto fresh = share(ByteVec{static_cast<std::uint8_t>(i), 9, 9});
    address_reused = address_reused || fresh.get() == old_address;
    CHECK(same(mocks::digests_of(fresh), hashed(*fresh)));
  }
  INFO("an allocation reused the dead buffer's address: " << address_reused);
  CHECK(same(mocks::digests_of(nullptr), hashed(ByteVec{})));
}
