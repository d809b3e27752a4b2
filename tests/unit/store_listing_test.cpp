// Paginated listings through the codecs, for the reconciler: S3
// ListObjectsV2 and Azure List Blobs, walked page by page against the models
// with the store's own continuation carried from one page to the next.
#include <algorithm>
#include <catch2/catch.hpp>
#include <map>
#include <set>

#include "core/crypto/digest.hpp"
#include "core/stores/store_client.hpp"
#include "mocks/stores/azure_blob_model.hpp"
#include "mocks/stores/s3_model.hpp"
#include "support/store_fixture.hpp"

using namespace recguard;
using namespace recguard::testing::store;
using stores::WriteOutcomeKind;

namespace {

// Any store behind one handle(), so one walk serves both tiers.
template <class Model>
struct StoreUnderTest {
  Model& model;
  stores::StoreClient& client;

  std::string put(const std::string& key, const std::string& content) {
    const auto o = client.parse_put(model.handle(client.build_put(spec_for(key, content), kNow), kNow));
    REQUIRE(o.kind == WriteOutcomeKind::created);
    return o.etag;
  }
  // Every page of one listing, and the requests that fetched them.
  std::vector<stores::ListPage> walk(const std::string& prefix, int max_keys, std::vector<std::string>& targets) {
    std::vector<stores::ListPage> pages;
    stores::ListSpec spec;
    spec.prefix = prefix;
    spec.max_keys = max_keys;
    for (int guard = 0; guard < 20; ++guard) {
      const http::Request req = client.build_list(spec, kNow);
      targets.push_back(req.target);
      auto page = client.parse_list(model.handle(req, kNow));
      REQUIRE(page.ok());
      pages.push_back(*page);
      if (page->next.empty()) break;
      spec.continuation = page->next;
    }
    return pages;
  }
};

// Seven recordings under one prefix, one elsewhere; returns key -> (content, etag).
template <class T>
std::map<std::string, std::pair<std::string, std::string>> seven(T& tier) {
  std::map<std::string, std::pair<std::string, std::string>> written;
  for (int i = 0; i < 7; ++i) {
    const std::string key = "recordings/2026/rec " + std::to_string(i) + "+x.wav";  // space and '+' survive
    const std::string content = "audio " + std::to_string(i * 1000);
    written[key] = {content, tier.put(key, content)};
  }
  tier.put("elsewhere/x.wav", "x");
  return written;
}

}  // namespace

TEST_CASE("S3 listing: seven objects, three a page, three pages with the continuation carried",
          "[unit][stores][listing]") {
  mocks::S3Model model{"rec-primary", "us-east-1"};
  model.add_credential(kCreds.access_key_id, kCreds.secret_access_key);
  const auto client = stores::make_s3_client({"s3.us-east-1.amazonaws.com", "rec-primary", "us-east-1", kCreds});
  StoreUnderTest<mocks::S3Model> s3{model, *client};
  const auto written = seven(s3);

  std::vector<std::string> targets;
  const auto pages = s3.walk("recordings/", 3, targets);
  REQUIRE(pages.size() == 3);
  CHECK(pages[0].objects.size() == 3);
  CHECK(pages[1].objects.size() == 3);
  CHECK(pages[2].objects.size() == 1);
  CHECK(pages[2].next.empty());
  // Each later request carries the token the previous page gave.
  CHECK(targets[0].find("continuation-token") == std::string::npos);
  CHECK(targets[0].find("list-type=2") != std::string::npos);
  CHECK(targets[0].find("max-keys=3") != std::string::npos);
  CHECK(targets[1].find("continuation-token=" + http::uri_encode(pages[0].next, true)) != std::string::npos);
  CHECK(targets[2].find("continuation-token=" + http::uri_encode(pages[1].next, true)) != std::string::npos);

  std::vector<std::string> keys;
  for (const auto& page : pages) {
    for (const auto& o : page.objects) {
      keys.push_back(o.key);
      REQUIRE(written.count(o.key) == 1);
      CHECK(o.etag == written.at(o.key).second);
      CHECK(o.size == static_cast<std::int64_t>(written.at(o.key).first.size()));
      CHECK(o.sha256_hex.empty());  // S3 listings carry no SHA-256
    }
  }
  CHECK(keys.size() == 7);
  CHECK(std::is_sorted(keys.begin(), keys.end()));
  CHECK(std::set<std::string>(keys.begin(), keys.end()).size() == 7);

  // Unpaged: one page with everything under the prefix.
  std::vector<std::string> one;
  const auto all = s3.walk("", 0, one);
  REQUIRE(all.size() == 1);
  CHECK(all[0].objects.size() == 8);
  CHECK(one[0].find("max-keys") == std::string::npos);

  model.revoke_credential("AKIDPRIMARY");
  CHECK_FALSE(client->parse_list(model.handle(client->build_list({}, kNow), kNow)).ok());
}

TEST_CASE("Azure listing: seven blobs, three a page, three pages with the marker carried", "[unit][stores][listing]") {
  for (const bool path_style : {false, true}) {
    INFO("path_style " << path_style);
    mocks::AzureBlobModel model{"devstoreaccount1", "rec-backup"};
    model.add_credential(kDevKey.account, kDevKey.key_base64);
    const auto client = stores::make_azure_blob_client(
        path_style ? stores::AzureConfig{"127.0.0.1:10000", "devstoreaccount1", "rec-backup", kDevKey, true}
                   : stores::AzureConfig{"devstoreaccount1.blob.core.windows.net", "devstoreaccount1", "rec-backup",
                                         kDevKey, false});
    StoreUnderTest<mocks::AzureBlobModel> az{model, *client};
    const auto written = seven(az);

    std::vector<std::string> targets;
    const auto pages = az.walk("recordings/", 3, targets);
    REQUIRE(pages.size() == 3);
    CHECK(pages[0].objects.size() == 3);
    CHECK(pages[1].objects.size() == 3);
    CHECK(pages[2].objects.size() == 1);
    CHECK(pages[2].next.empty());
    CHECK(targets[0].find("restype=container&comp=list") != std::string::npos);
    CHECK(targets[0].find("include=metadata") != std::string::npos);
    CHECK(targets[0].find("maxresults=3") != std::string::npos);
    CHECK(targets[0].find("marker=") == std::string::npos);
    CHECK(targets[1].find("marker=" + http::uri_encode(pages[0].next, true)) != std::string::npos);
    CHECK(targets[2].find("marker=" + http::uri_encode(pages[1].next, true)) != std::string::npos);

    std::vector<std::string> keys;
    for (const auto& page : pages) {
      for (const auto& o : page.objects) {
        keys.push_back(o.key);
        REQUIRE(written.count(o.key) == 1);
        CHECK(o.etag == written.at(o.key).second);  // re-quoted: compares with what Put Blob returned
        CHECK(o.size == static_cast<std::int64_t>(written.at(o.key).first.size()));
        CHECK(o.sha256_hex == crypto::to_hex(crypto::sha256(written.at(o.key).first)));  // from metadata
      }
    }
    CHECK(keys.size() == 7);
    CHECK(std::is_sorted(keys.begin(), keys.end()));
    CHECK(std::set<std::string>(keys.begin(), keys.end()).size() == 7);

    model.revoke_credential("devstoreaccount1");
    CHECK_FALSE(client->parse_list(model.handle(client->build_list({}, kNow), kNow)).ok());
  }
}

TEST_CASE("Listings show objects assembled from parts like any other", "[unit][stores][listing]") {
  const std::string bytes = "one small part";
  stores::PartSpec part;
  part.key = "recordings/mp.wav";
  part.part_number = 1;
  part.body = share(bytes);
  part.md5_b64 = crypto::base64_encode(crypto::md5(bytes));
  part.sha256_hex = crypto::to_hex(crypto::sha256(bytes));
  stores::CompleteSpec done;
  done.key = part.key;
  done.part_count = 1;
  done.part_sha256_hex = {part.sha256_hex};
  done.sha256_hex = part.sha256_hex;

  mocks::S3Model s3{"rec-primary", "us-east-1"};
  s3.add_credential(kCreds.access_key_id, kCreds.secret_access_key);
  const auto s3c = stores::make_s3_client({"s3.us-east-1.amazonaws.com", "rec-primary", "us-east-1", kCreds});
  stores::BeginUploadSpec begin;
  begin.key = part.key;
  const auto id = s3c->parse_begin_upload(s3.handle(*s3c->build_begin_upload(begin, kNow), kNow));
  REQUIRE(id.ok());
  part.upload_id = *id;
  done.upload_id = *id;
  done.part_etags = {s3c->parse_upload_part(s3.handle(s3c->build_upload_part(part, kNow), kNow)).etag};
  const auto s3_done = s3c->parse_complete_upload(s3.handle(s3c->build_complete_upload(done, kNow), kNow));
  REQUIRE(s3_done.kind == WriteOutcomeKind::created);
  const auto s3_page = s3c->parse_list(s3.handle(s3c->build_list({}, kNow), kNow));
  REQUIRE(s3_page.ok());
  REQUIRE(s3_page->objects.size() == 1);
  CHECK(s3_page->objects[0].etag == s3_done.etag);
  CHECK(s3_page->objects[0].etag.find("-1\"") != std::string::npos);
  CHECK(s3_page->objects[0].size == static_cast<std::int64_t>(bytes.size()));

  mocks::AzureBlobModel az{"devstoreaccount1", "rec-backup"};
  az.add_credential(kDevKey.account, kDevKey.key_base64);
  const auto azc = stores::make_azure_blob_client(
      {"devstoreaccount1.blob.core.windows.net", "devstoreaccount1", "rec-backup", kDevKey, false});
  REQUIRE(azc->parse_upload_part(az.handle(azc->build_upload_part(part, kNow), kNow)).kind ==
          WriteOutcomeKind::created);
  const auto az_done = azc->parse_complete_upload(az.handle(azc->build_complete_upload(done, kNow), kNow));
  REQUIRE(az_done.kind == WriteOutcomeKind::created);
  const auto az_page = azc->parse_list(az.handle(azc->build_list({}, kNow), kNow));
  REQUIRE(az_page.ok());
  REQUIRE(az_page->objects.size() == 1);
  CHECK(az_page->objects[0].etag == az_done.etag);
  CHECK(az_page->objects[0].sha256_hex == part.sha256_hex);
  CHECK(az_page->objects[0].size == static_cast<std::int64_t>(bytes.size()));
}
