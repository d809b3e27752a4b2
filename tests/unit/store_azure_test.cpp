// The Azure Blob client codec and the product's own Azure Blob model:
// request shape (host- and Azurite path-style), response classification, and
// client-against-model round trips (create-only, checksums, credentials,
// overwrites, ranges, List Blobs pagination).
#include <catch2/catch.hpp>

#include "core/crypto/digest.hpp"
#include "core/signing/shared_key.hpp"
#include "core/stores/store_client.hpp"
#include "core/stores/xml.hpp"
#include "mocks/stores/azure_blob_model.hpp"
#include "support/store_fixture.hpp"

using namespace recguard;
using namespace recguard::testing::store;
using stores::WriteOutcomeKind;

namespace {

stores::AzureConfig config(bool path_style, signing::AzureSharedKey key = kDevKey) {
  return path_style ? stores::AzureConfig{"127.0.0.1:10000", "devstoreaccount1", "rec-backup", std::move(key), true}
                    : stores::AzureConfig{"devstoreaccount1.blob.core.windows.net", "devstoreaccount1", "rec-backup",
                                          std::move(key), false};
}

struct Azure {
  bool path_style;
  mocks::AzureBlobModel model{"devstoreaccount1", "rec-backup"};
  std::unique_ptr<stores::StoreClient> client;
  explicit Azure(bool path = false) : path_style(path), client(stores::make_azure_blob_client(config(path))) {
    model.add_credential(kDevKey.account, kDevKey.key_base64);
  }
  stores::WriteOutcome put(const stores::PutSpec& s, std::int64_t at = kNow) {
    return client->parse_put(model.handle(client->build_put(s, at), at));
  }
  Result<stores::ObjectInfo> head(const std::string& key) {
    return client->parse_head(model.handle(client->build_head(key, kNow), kNow));
  }
  // A signed request the client has no builder for yet (GET, DELETE, List Blobs).
  http::Response raw(const std::string& method, const std::string& path_and_query,
                     const std::string& range = {}) {
    http::Request r;
    r.method = method;
    r.target = (path_style ? "/devstoreaccount1" : "") + path_and_query;
    r.headers.set("Host", config(path_style).host);
    if (!range.empty()) r.headers.set("x-ms-range", range);
    signing::sign_shared_key(r, kDevKey, kNow);
    return model.handle(r, kNow);
  }
};

http::Response response(int status, const std::string& code) {
  http::Response r = http::make_response(
      status, code.empty() ? std::string{} : "<Error><Code>" + code + "</Code></Error>", "application/xml");
  if (!code.empty()) r.headers.set("x-ms-error-code", code);
  return r;
}

}  // namespace

TEST_CASE("Azure client: Put Blob is a create-only BlockBlob with MD5, SHA-256 metadata and SharedKey",
          "[unit][stores]") {
  const auto client = stores::make_azure_blob_client(config(false));
  const auto spec = spec_for("recordings/genesys/rec 0001.wav", "audio bytes");
  const http::Request r = client->build_put(spec, kNow);
  CHECK(r.method == "PUT");
  CHECK(r.target == "/rec-backup/recordings/genesys/rec%200001.wav");
  CHECK(r.headers.get("x-ms-blob-type") == std::string("BlockBlob"));
  CHECK(r.headers.get("If-None-Match") == std::string("*"));
  CHECK(r.headers.get("Content-MD5") == spec.md5_b64);
  CHECK(r.headers.get("Content-Length") == std::string("11"));
  CHECK(r.headers.get("x-ms-meta-sha256") == spec.sha256_hex);
  CHECK(r.headers.get("x-ms-version") == std::string("2021-08-06"));
  CHECK(r.headers.get("Authorization").value_or("").rfind("SharedKey devstoreaccount1:", 0) == 0);
  CHECK(r.body == spec.body);

  const auto azurite = stores::make_azure_blob_client(config(true));
  const http::Request p = azurite->build_put(spec, kNow);
  CHECK(p.target == "/devstoreaccount1/rec-backup/recordings/genesys/rec%200001.wav");
  CHECK(p.headers.get("Host") == std::string("127.0.0.1:10000"));
  CHECK(azurite->build_head("a.wav", kNow).method == "HEAD");
  CHECK(azurite->location() == "rec-backup");
  CHECK(azurite->tier() == Tier::backup);
}

TEST_CASE("Azure client: every answer is classified", "[unit][stores]") {
  const auto client = stores::make_azure_blob_client(config(false));
  struct Row {
    int status;
    std::string code;
    WriteOutcomeKind kind;
  };
  const Row rows[] = {
      {201, "", WriteOutcomeKind::created},
      {409, "BlobAlreadyExists", WriteOutcomeKind::already_exists},
      {412, "ConditionNotMet", WriteOutcomeKind::already_exists},
      {409, "LeaseIdMissing", WriteOutcomeKind::client_error},
      {503, "ServerBusy", WriteOutcomeKind::throttled},
      {500, "OperationTimedOut", WriteOutcomeKind::throttled},
      {429, "", WriteOutcomeKind::throttled},
      {500, "InternalError", WriteOutcomeKind::server_error},
      {503, "", WriteOutcomeKind::server_error},
      {400, "Md5Mismatch", WriteOutcomeKind::rejected_digest},
      {400, "InvalidMd5", WriteOutcomeKind::rejected_digest},
      {400, "Crc64Mismatch", WriteOutcomeKind::rejected_digest},
      {403, "AuthenticationFailed", WriteOutcomeKind::auth_error},
      {401, "NoAuthenticationInformation", WriteOutcomeKind::auth_error},
      {404, "ContainerNotFound", WriteOutcomeKind::client_error},
  };
  for (const auto& row : rows) {
    INFO(row.status << " " << row.code);
    const auto o = client->parse_put(response(row.status, row.code));
    CHECK(o.kind == row.kind);
    CHECK(o.error_code == row.code);
  }
  // The code is read from the XML body when the header is missing.
  http::Response body_only = http::make_response(503, "<Error><Code>ServerBusy</Code></Error>");
  body_only.headers.set("Retry-After", "3");
  const auto o = client->parse_put(body_only);
  CHECK(o.kind == WriteOutcomeKind::throttled);
  CHECK(o.retry_after_s == 3);
}

TEST_CASE("Azure round trip: create, create-only again gives 409, head returns the SHA-256", "[unit][stores]") {
  const bool path_style = GENERATE(false, true);
  INFO("path_style=" << path_style);
  Azure az(path_style);
  const auto first = az.put(spec_for("recordings/a.wav", "one"));
  REQUIRE(first.kind == WriteOutcomeKind::created);
  CHECK(first.status == 201);
  CHECK_FALSE(first.etag.empty());

  const auto again = az.put(spec_for("recordings/a.wav", "two"));
  CHECK(again.kind == WriteOutcomeKind::already_exists);
  CHECK(again.status == 409);
  CHECK(again.error_code == "BlobAlreadyExists");
  CHECK(az.model.replaced_versions() == 0);
  CHECK(az.model.objects().at("recordings/a.wav").size() == 1);

  const auto head = az.head("recordings/a.wav");
  REQUIRE(head.ok());
  CHECK(head->exists);
  CHECK(head->sha256_hex == crypto::to_hex(crypto::sha256("one")));
  CHECK(head->size == 3);
  CHECK(head->etag == first.etag);
  const auto props = az.raw("HEAD", "/rec-backup/recordings/a.wav");
  CHECK(props.headers.get("Content-MD5") == crypto::base64_encode(crypto::md5("one")));
  CHECK(props.headers.get("x-ms-blob-type") == std::string("BlockBlob"));
  CHECK(props.body == nullptr);
  CHECK_FALSE(az.head("recordings/none.wav")->exists);
  CHECK(az.raw("HEAD", "/rec-backup/recordings/none.wav").headers.get("x-ms-error-code") ==
        std::string("BlobNotFound"));
}

TEST_CASE("Azure round trip: an unconditional put replaces the blob and is counted", "[unit][stores]") {
  Azure az;
  REQUIRE(az.put(spec_for("rec.wav", "one")).kind == WriteOutcomeKind::created);
  auto overwrite = spec_for("rec.wav", "two");
  overwrite.create_only = false;
  REQUIRE(az.put(overwrite).kind == WriteOutcomeKind::created);
  CHECK(az.model.replaced_versions() == 1);
  // The destroyed content stays visible to the oracle only: readers see "two".
  const auto& versions = az.model.objects().at("rec.wav");
  REQUIRE(versions.size() == 2);
  CHECK(versions[0].sha256_hex == crypto::to_hex(crypto::sha256("one")));
  CHECK(az.raw("GET", "/rec-backup/rec.wav").body_view() == "two");

  CHECK(az.raw("DELETE", "/rec-backup/rec.wav").status == 202);
  CHECK_FALSE(az.head("rec.wav")->exists);
  CHECK(az.raw("DELETE", "/rec-backup/rec.wav").status == 404);
  REQUIRE(az.put(spec_for("rec.wav", "three")).kind == WriteOutcomeKind::created);
  CHECK(az.model.replaced_versions() == 1);  // nothing live was replaced
}

TEST_CASE("Azure round trip: damaged bytes, bad keys, revocation and skew are refused", "[unit][stores]") {
  Azure az;
  auto bad = spec_for("recordings/d.wav", "payload");
  bad.md5_b64 = crypto::base64_encode(crypto::md5("other"));
  auto o = az.put(bad);
  CHECK(o.kind == WriteOutcomeKind::rejected_digest);
  CHECK(o.error_code == "Md5Mismatch");

  auto torn = az.client->build_put(spec_for("recordings/d.wav", "payload"), kNow);
  torn.body = share("pay");
  CHECK(az.client->parse_put(az.model.handle(torn, kNow)).kind == WriteOutcomeKind::rejected_digest);

  const auto wrong = stores::make_azure_blob_client(config(false, {"devstoreaccount1", "d3Jvbmc="}));
  o = wrong->parse_put(az.model.handle(wrong->build_put(spec_for("k", "x"), kNow), kNow));
  CHECK(o.kind == WriteOutcomeKind::auth_error);
  CHECK(o.error_code == "AuthenticationFailed");

  o = az.client->parse_put(az.model.handle(az.client->build_put(spec_for("k", "x"), kNow + 16 * 60), kNow));
  CHECK(o.kind == WriteOutcomeKind::auth_error);

  http::Request anonymous = az.client->build_put(spec_for("k", "x"), kNow);
  anonymous.headers.remove("Authorization");
  CHECK(az.client->parse_put(az.model.handle(anonymous, kNow)).status == 401);

  REQUIRE(az.put(spec_for("k", "x")).kind == WriteOutcomeKind::created);
  az.model.revoke_credential("devstoreaccount1");
  o = az.put(spec_for("recordings/e.wav", "payload"));
  CHECK(o.kind == WriteOutcomeKind::auth_error);
  const auto head = az.head("k");
  CHECK_FALSE(head.ok());
  CHECK(az.model.objects().size() == 1);
  CHECK(az.model.credentials_seen() == std::set<std::string>{"devstoreaccount1"});
}

TEST_CASE("Azure round trip: Get Blob with ranges", "[unit][stores]") {
  Azure az(true);
  const auto spec = spec_for("rec.wav", "0123456789");
  REQUIRE(az.put(spec).kind == WriteOutcomeKind::created);
  const auto whole = az.raw("GET", "/rec-backup/rec.wav");
  CHECK(whole.status == 200);
  CHECK(whole.body == spec.body);
  CHECK(whole.headers.get("x-ms-meta-sha256") == spec.sha256_hex);
  const auto part = az.raw("GET", "/rec-backup/rec.wav", "bytes=3-4");
  CHECK(part.status == 206);
  CHECK(part.body_view() == "34");
  CHECK(part.headers.get("Content-Range") == std::string("bytes 3-4/10"));
  CHECK(part.headers.get("x-ms-blob-content-md5") == spec.md5_b64);
  CHECK_FALSE(part.headers.has("Content-MD5"));
  const auto beyond = az.raw("GET", "/rec-backup/rec.wav", "bytes=20-");
  CHECK(beyond.status == 416);
  CHECK(beyond.headers.get("x-ms-error-code") == std::string("InvalidRange"));
}

TEST_CASE("Azure round trip: List Blobs pages with maxresults and NextMarker", "[unit][stores]") {
  Azure az;
  char name[64];
  for (int i = 0; i < 2500; ++i) {
    std::snprintf(name, sizeof name, "recordings/%05d.wav", i);
    REQUIRE(az.put(spec_for(name, std::to_string(i))).kind == WriteOutcomeKind::created);
  }
  REQUIRE(az.put(spec_for("other/x.wav", "x")).kind == WriteOutcomeKind::created);

  std::vector<std::string> names;
  std::vector<int> page_sizes;
  std::string marker;
  for (int page = 0; page < 10; ++page) {
    std::string target = "/rec-backup?restype=container&comp=list&prefix=recordings%2F&maxresults=1000";
    if (!marker.empty()) target += "&marker=" + http::uri_encode(marker, true);
    const auto r = az.raw("GET", target);
    REQUIRE(r.status == 200);
    const auto blobs = stores::xml_elements(r.body_view(), "Blob");
    page_sizes.push_back(static_cast<int>(blobs.size()));
    for (const auto b : blobs) names.push_back(stores::xml_text(b, "Name"));
    marker = stores::xml_text(r.body_view(), "NextMarker");
    if (marker.empty()) break;
  }
  CHECK(page_sizes == std::vector<int>{1000, 1000, 500});
  REQUIRE(names.size() == 2500);
  CHECK(std::is_sorted(names.begin(), names.end()));
  CHECK(std::adjacent_find(names.begin(), names.end()) == names.end());

  // Without maxresults Azure pages at 5,000; above 5,000 it still returns 5,000 at most.
  const auto all = az.raw("GET", "/rec-backup?restype=container&comp=list");
  CHECK(stores::xml_elements(all.body_view(), "Blob").size() == 2501);
  const auto capped = az.raw("GET", "/rec-backup?restype=container&comp=list&maxresults=9000");
  CHECK(stores::xml_text(capped.body_view(), "MaxResults") == "5000");
  CHECK(az.raw("GET", "/rec-backup?restype=container&comp=list&maxresults=0").status == 400);
  CHECK(az.raw("GET", "/rec-backup?restype=container&comp=list&marker=%25%25").status == 400);

  const auto meta = az.raw("GET", "/rec-backup?restype=container&comp=list&prefix=other%2F&include=metadata");
  const auto blobs = stores::xml_elements(meta.body_view(), "Blob");
  REQUIRE(blobs.size() == 1);
  CHECK(stores::xml_text(blobs[0], "sha256") == crypto::to_hex(crypto::sha256("x")));
  CHECK(stores::xml_text(blobs[0], "Content-MD5") == crypto::base64_encode(crypto::md5("x")));
  CHECK(stores::xml_text(blobs[0], "Etag").front() == '0');  // unquoted in listings, as Azure writes it
}

TEST_CASE("Azure model: addressing and what it does not model", "[unit][stores]") {
  Azure az;
  CHECK(az.raw("GET", "/other-container/a.wav").status == 404);
  CHECK(az.raw("PUT", "/rec-backup/a.wav?comp=block&blockid=QUFB").status == 201);  // Put Block: modelled
  CHECK(az.raw("GET", "/rec-backup/a.wav?comp=blocklist").status == 501);            // Get Block List: not
  Azure path_style(true);
  // A path-style request must start with the account name.
  http::Request r;
  r.method = "GET";
  r.target = "/rec-backup/a.wav";
  r.headers.set("Host", "127.0.0.1:10000");
  signing::sign_shared_key(r, kDevKey, kNow);
  CHECK(path_style.model.handle(r, kNow).status == 400);
}
