
#include "core/crypto/digest.hpp"
#include "core/stores/store_client.hpp"

namespace recguard::stores {

namespace {

std::string sha256_b64_from_hex(const std::string& hex) {
  std::string raw;
  if (!crypto::from_hex(hex, raw)) return {};
  return crypto::base64_encode(raw);
}

class S3Client final : public StoreClient {
 public:
  explicit S3Client(S3Config cfg) : cfg_(std::move(cfg)) {}
  Tier tier() const override { return Tier::primary; }
  const std::string& location() const override { return cfg_.bucket; }

  http::Request build_put(const PutSpec& spec, std::int64_t unix_seconds) const override {
    http::Request r = base("PUT", spec.key);
    r.body = spec.body;
    r.headers.set("Content-Length", std::to_string(r.body_size()));
    r.headers.set("Content-Type", spec.content_type);
    r.headers.set("Content-MD5", spec.md5_b64);
    // S3 verifies and stores the SHA-256; the hex copy in metadata is what
    // rclone and HEAD readers see without checksum mode.
    r.headers.set("x-amz-checksum-sha256", sha256_b64_from_hex(spec.sha256_hex));
    r.headers.set("x-amz-meta-sha256", spec.sha256_hex);
    if (spec.create_only) r.headers.set("If-None-Match", "*");
    signing::sign_sigv4(r, cfg_.credentials, {cfg_.region, "s3", unix_seconds, spec.sha256_hex});
    return r;
  }

  WriteOutcome parse_put(const http::Response& resp) const override {
    WriteOutcome o;
    o.status = resp.status;
    o.error_code = xml_error_code(resp.body_view());
    o.retry_after_s = retry_after_seconds(resp);
    if (resp.status == 200) {
      o.kind = WriteOutcomeKind::created;
      o.etag = resp.headers.get("ETag").value_or("");
      std::string raw;
      if (crypto::base64_decode(resp.headers.get("x-amz-checksum-sha256").value_or(""), raw)) {
        o.sha256_hex = crypto::to_hex(view(raw));
      }
    } else if (resp.status == 412) {
      o.kind = WriteOutcomeKind::already_exists;
    } else if (resp.status == 409) {
      o.kind = WriteOutcomeKind::race_conflict;
    } else if (resp.status == 429 || (resp.status == 503 && o.error_code == "SlowDown")) {
      o.kind = WriteOutcomeKind::throttled;
    } else if (resp.status >= 500) {
      o.kind = WriteOutcomeKind::server_error;
    } else if (resp.status == 400 && (o.error_code == "BadDigest" || o.error_code == "InvalidDigest" ||
                                      o.error_code == "XAmzContentChecksumMismatch")) {
      o.kind = WriteOutcomeKind::rejected_digest;
    } else if (resp.status == 403) {
      o.kind = WriteOutcomeKind::auth_error;
    } else {
      o.kind = WriteOutcomeKind::client_error;
    }
    return o;
  }

  http::Request build_head(const std::string& key, std::int64_t unix_seconds) const override {
    http::Request r = base("HEAD", key);
    r.headers.set("x-amz-checksum-mode", "ENABLED");
    signing::sign_sigv4(r, cfg_.credentials, {cfg_.region, "s3", unix_seconds, ""});
    return r;
  }

  Result<ObjectInfo> parse_head(const http::Response& resp) const override {
    ObjectInfo info;
    if (resp.status == 404) return info;
    if (resp.status != 200) return Error{"HEAD answered " + std::to_string(resp.status)};
    info.exists = true;
    info.etag = resp.headers.get("ETag").value_or("");
    info.sha256_hex = resp.headers.get("x-amz-meta-sha256").value_or("");
    if (info.sha256_hex.empty()) {
      std::string raw;
      if (crypto::base64_decode(resp.headers.get("x-amz-checksum-sha256").value_or(""), raw)) {
        info.sha256_hex = crypto::to_hex(view(raw));
      }
    }
    if (auto len = resp.headers.get("Content-Length")) info.size = std::stoll(*len);
    return info;
  }

 private:
  http::Request base(const char* method, const std::string& key) const {
    http::Request r;
    r.method = method;
    r.target = "/" + cfg_.bucket + "/" + http::uri_encode(key, false);
    r.headers.set("Host", cfg_.host);
    return r;
  }

  S3Config cfg_;
};

}  // namespace

std::unique_ptr<StoreClient> make_s3_client(S3Config cfg) { return std::make_unique<S3Client>(std::move(cfg)); }

}  // namespace recguard::stores
