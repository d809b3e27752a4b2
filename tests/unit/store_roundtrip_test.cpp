// The store clients against the product's own S3 and Azure Blob models:
// create-only writes, checksum comparison, credential checks, no overwrite.
#include <catch2/catch.hpp>

#include "core/crypto/digest.hpp"
#include "core/stores/store_client.hpp"
#include "mocks/stores/azure_blob_model.hpp"
#include "mocks/stores/s3_model.hpp"

using namespace recguard;
using stores::WriteOutcomeKind;

namespace {

constexpr std::int64_t kNow = 1767225600;

stores::PutSpec spec_for(const std::string& key, const std::string& content) {
  stores::PutSpec s;
  s.key = key;
  s.body = share(content);
  s.sha256_hex = crypto::to_hex(crypto::sha256(content));
  s.md5_b64 = crypto::base64_encode(crypto::md5(content));
  return s;
}

struct S3Fixture {
  mocks::S3Model model{"rec-primary", "us-east-1"};
  std::unique_ptr<stores::StoreClient> client = stores::make_s3_client(
      {"s3.us-east-1.amazonaws.com", "rec-primary", "us-east-1", {"AKIDPRIMARY", "primary-secret", ""}});
  S3Fixture() { model.add_credential("AKIDPRIMARY", "primary-secret"); }
  stores::WriteOutcome put(const stores::PutSpec& s) {
    return client->parse_put(model.handle(client->build_put(s, kNow), kNow));
  }
};

struct AzureFixture {
  mocks::AzureBlobModel model{"recbackup", "rec-backup"};
  std::unique_ptr<stores::StoreClient> client = stores::make_azure_blob_client(
      {"recbackup.blob.core.windows.net", "recbackup", "rec-backup", {"recbackup", "YmFja3VwLWtleQ=="}, false});
  AzureFixture() { model.add_credential("recbackup", "YmFja3VwLWtleQ=="); }
  stores::WriteOutcome put(const stores::PutSpec& s) {
    return client->parse_put(model.handle(client->build_put(s, kNow), kNow));
  }
};

}  // namespace

TEST_CASE("S3: create, create-only again, head compares checksums", "[unit][stores]") {
  S3Fixture f;
  const auto first = f.put(spec_for("recordings/a.wav", "bytes one"));
  REQUIRE(first.kind == WriteOutcomeKind::created);
  CHECK(first.etag == "\"" + crypto::to_hex(crypto::md5("bytes one")) + "\"");  // single-PUT ETag is the MD5
  CHECK(first.sha256_hex == crypto::to_hex(crypto::sha256("bytes one")));

  const auto again = f.put(spec_for("recordings/a.wav", "bytes two"));
  CHECK(again.kind == WriteOutcomeKind::already_exists);
  CHECK(again.status == 412);
  CHECK(f.model.objects().at("recordings/a.wav").size() == 1);  // nothing replaced
  CHECK(f.model.replaced_versions() == 0);

  const auto head = f.client->parse_head(f.model.handle(f.client->build_head("recordings/a.wav", kNow), kNow));
  REQUIRE(head.ok());
  CHECK(head->exists);
  CHECK(head->sha256_hex == crypto::to_hex(crypto::sha256("bytes one")));
  const auto missing = f.client->parse_head(f.model.handle(f.client->build_head("recordings/none.wav", kNow), kNow));
  REQUIRE(missing.ok());
  CHECK_FALSE(missing->exists);
}

TEST_CASE("S3: damaged digests and bad credentials are refused", "[unit][stores]") {
  S3Fixture f;
  auto bad = spec_for("recordings/b.wav", "payload");
  bad.md5_b64 = crypto::base64_encode(crypto::md5("other"));
  CHECK(f.put(bad).kind == WriteOutcomeKind::rejected_digest);

  auto wrong_key = stores::make_s3_client(
      {"s3.us-east-1.amazonaws.com", "rec-primary", "us-east-1", {"AKIDPRIMARY", "not-the-secret", ""}});
  const auto o = wrong_key->parse_put(f.model.handle(wrong_key->build_put(spec_for("k", "x"), kNow), kNow));
  CHECK(o.kind == WriteOutcomeKind::auth_error);
  CHECK(o.error_code == "SignatureDoesNotMatch");

  f.model.revoke_credential("AKIDPRIMARY");
  CHECK(f.put(spec_for("recordings/c.wav", "payload")).kind == WriteOutcomeKind::auth_error);
  CHECK(f.model.objects().empty());
  CHECK(f.model.credentials_seen() == std::set<std::string>{"AKIDPRIMARY"});
}

TEST_CASE("Azure: create-only gives 409, an unconditional put is counted as an overwrite", "[unit][stores]") {
  AzureFixture f;
  REQUIRE(f.put(spec_for("recordings/a.wav", "one")).kind == WriteOutcomeKind::created);
  const auto again = f.put(spec_for("recordings/a.wav", "two"));
  CHECK(again.kind == WriteOutcomeKind::already_exists);
  CHECK(again.error_code == "BlobAlreadyExists");
  CHECK(f.model.replaced_versions() == 0);

  const auto head = f.client->parse_head(f.model.handle(f.client->build_head("recordings/a.wav", kNow), kNow));
  REQUIRE(head.ok());
  CHECK(head->sha256_hex == crypto::to_hex(crypto::sha256("one")));

  auto overwrite = spec_for("recordings/a.wav", "two");
  overwrite.create_only = false;
  CHECK(f.put(overwrite).kind == WriteOutcomeKind::created);
  CHECK(f.model.replaced_versions() == 1);  // the oracle's no_overwrite sees this

  auto bad = spec_for("recordings/d.wav", "payload");
  bad.md5_b64 = crypto::base64_encode(crypto::md5("other"));
  CHECK(f.put(bad).kind == WriteOutcomeKind::rejected_digest);
}

TEST_CASE("Azure: a wrong key is an auth error", "[unit][stores]") {
  AzureFixture f;
  auto wrong = stores::make_azure_blob_client(
      {"recbackup.blob.core.windows.net", "recbackup", "rec-backup", {"recbackup", "d3Jvbmc="}, false});
  CHECK(wrong->parse_put(f.model.handle(wrong->build_put(spec_for("k", "x"), kNow), kNow)).kind ==
        WriteOutcomeKind::auth_error);
}
