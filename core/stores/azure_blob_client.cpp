// Azure Blob codec: Put Blob (BlockBlob, create-only) and Get Blob Properties,
// host-style or Azurite path-style, SharedKey-signed.
#include <charconv>

#include "core/stores/store_client.hpp"
#include "core/stores/xml.hpp"

namespace recguard::stores {

namespace {

class AzureBlobClient final : public StoreClient {
 public:
  explicit AzureBlobClient(AzureConfig cfg) : cfg_(std::move(cfg)) {}
  Tier tier() const override { return Tier::backup; }
  const std::string& location() const override { return cfg_.container; }

  http::Request build_put(const PutSpec& spec, std::int64_t unix_seconds) const override {
    http::Request r = base("PUT", spec.key);
    r.body = spec.body;
    // Content-Length is part of the SharedKey string-to-sign, so it is set
    // here, before signing, rather than left to the transport.
    r.headers.set("Content-Length", std::to_string(r.body_size()));
    r.headers.set("Content-Type", spec.content_type);
    r.headers.set("Content-MD5", spec.md5_b64);
    r.headers.set("x-ms-blob-type", "BlockBlob");
    // Azure keeps no SHA-256 of its own: carry ours as metadata so the
    // "already exists" check can compare like with like.
    r.headers.set("x-ms-meta-sha256", spec.sha256_hex);
    if (spec.create_only) r.headers.set("If-None-Match", "*");
    signing::sign_shared_key(r, cfg_.credentials, unix_seconds);
    return r;
  }

  WriteOutcome parse_put(const http::Response& resp) const override {
    WriteOutcome o;
    o.status = resp.status;
    o.error_code = resp.headers.get("x-ms-error-code").value_or(xml_error_code(resp.body_view()));
    o.retry_after_s = retry_after_seconds(resp);
    const int s = resp.status;
    const std::string& code = o.error_code;
    if (s >= 200 && s < 300) {
      o.kind = WriteOutcomeKind::created;
      o.error_code.clear();
      o.etag = resp.headers.get("ETag").value_or("");
    } else if ((s == 409 && (code.empty() || code == "BlobAlreadyExists")) || s == 412) {
      o.kind = WriteOutcomeKind::already_exists;
    } else if (s == 429 || (s == 503 && code == "ServerBusy") || (s == 500 && code == "OperationTimedOut")) {
      o.kind = WriteOutcomeKind::throttled;
    } else if (s >= 500) {
      o.kind = WriteOutcomeKind::server_error;
    } else if (s == 400 && (code == "Md5Mismatch" || code == "Crc64Mismatch" || code == "InvalidMd5")) {
      o.kind = WriteOutcomeKind::rejected_digest;
    } else if (s == 401 || s == 403) {
      o.kind = WriteOutcomeKind::auth_error;
    } else {
      o.kind = WriteOutcomeKind::client_error;
    }
    return o;
  }

  http::Request build_head(const std::string& key, std::int64_t unix_seconds) const override {
    http::Request r = base("HEAD", key);
    signing::sign_shared_key(r, cfg_.credentials, unix_seconds);
    return r;
  }

  Result<ObjectInfo> parse_head(const http::Response& resp) const override {
    ObjectInfo info;
    if (resp.status == 404) return info;
    if (resp.status != 200) {
      return Error{"Get Blob Properties answered " + std::to_string(resp.status) + " " +
                   resp.headers.get("x-ms-error-code").value_or("")};
    }
    info.exists = true;
    info.etag = resp.headers.get("ETag").value_or("");
    info.sha256_hex = resp.headers.get("x-ms-meta-sha256").value_or("");
    info.size = content_length(resp);
    return info;
  }

 private:
  http::Request base(const char* method, const std::string& key) const {
    http::Request r;
    r.method = method;
    r.target = (cfg_.path_style ? "/" + cfg_.account : std::string{}) + "/" + cfg_.container + "/" +
               http::uri_encode(key, false);
    r.headers.set("Host", cfg_.host);
    return r;
  }

  AzureConfig cfg_;
};

}  // namespace

std::unique_ptr<StoreClient> make_azure_blob_client(AzureConfig cfg) {
  return std::make_unique<AzureBlobClient>(std::move(cfg));
}

}  // namespace recguard::stores
