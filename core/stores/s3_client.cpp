// S3 codec: PutObject (create-only) and HeadObject, path-style, SigV4-signed.
// The multipart upload is in s3_multipart.cpp, ListObjectsV2 in s3_listing.cpp.
#include <charconv>

#include "core/crypto/digest.hpp"
#include "core/stores/s3_client_impl.hpp"
#include "core/stores/xml.hpp"

namespace recguard::stores {

namespace s3_detail {

std::string base64_from_hex(const std::string& hex) {
  std::string raw;
  if (!crypto::from_hex(hex, raw)) return {};
  return crypto::base64_encode(raw);
}

// A full-object SHA-256 in hex from x-amz-checksum-sha256; empty for absent,
// unreadable or composite ("<base64>-N", multipart checksum-of-checksums)
// values, which do not describe the object's bytes.
std::string full_object_sha256_hex(const http::Response& resp) {
  const auto b64 = resp.headers.get("x-amz-checksum-sha256");
  std::string raw;
  if (!b64 || b64->find('-') != std::string::npos || !crypto::base64_decode(*b64, raw) || raw.size() != 32) return {};
  return crypto::to_hex(view(raw));
}

bool is_digest_error(const std::string& code) {
  // BadDigest: Content-MD5 or x-amz-checksum-* differs from the bytes;
  // InvalidDigest: the header itself is malformed; the two XAmz* codes are
  // S3's names for a payload hash / checksum mismatch; IncompleteBody: fewer
  // bytes arrived than Content-Length announced (a torn upload).
  return code == "BadDigest" || code == "InvalidDigest" || code == "XAmzContentSHA256Mismatch" ||
         code == "XAmzContentChecksumMismatch" || code == "IncompleteBody";
}

WriteOutcomeKind classify_write(int s, const std::string& code) {
  if (s >= 200 && s < 300) return WriteOutcomeKind::created;
  if (s == 412) return WriteOutcomeKind::already_exists;
  if (s == 409) return WriteOutcomeKind::race_conflict;
  if (s == 429 || (s == 503 && code == "SlowDown")) return WriteOutcomeKind::throttled;
  if (s >= 500) return WriteOutcomeKind::server_error;
  if (s == 400 && is_digest_error(code)) return WriteOutcomeKind::rejected_digest;
  if (s == 401 || s == 403) return WriteOutcomeKind::auth_error;
  return WriteOutcomeKind::client_error;
}

http::Request S3Client::build_put(const PutSpec& spec, std::int64_t unix_seconds) const {
  http::Request r = base("PUT", spec.key);
  r.body = spec.body;
  r.headers.set("Content-Length", std::to_string(r.body_size()));
  r.headers.set("Content-Type", spec.content_type);
  r.headers.set("Content-MD5", spec.md5_b64);
  // S3 verifies and stores the SHA-256 (returned by HEAD in checksum mode);
  // the hex copy in metadata is what rclone and plain HEAD readers see.
  r.headers.set("x-amz-checksum-sha256", base64_from_hex(spec.sha256_hex));
  r.headers.set("x-amz-meta-sha256", spec.sha256_hex);
  // rclone's own MD5 metadata, so `rclone check` compares hashes even once
  // multipart uploads make the ETag something other than the MD5.
  r.headers.set("x-amz-meta-md5chksum", spec.md5_b64);
  if (spec.create_only) r.headers.set("If-None-Match", "*");
  // The payload hash is the one we already hold: no second pass over the bytes.
  sign(r, spec.sha256_hex, unix_seconds);
  return r;
}

WriteOutcome S3Client::parse_put(const http::Response& resp) const {
  WriteOutcome o;
  o.status = resp.status;
  o.error_code = xml_error_code(resp.body_view());
  o.retry_after_s = retry_after_seconds(resp);
  o.kind = classify_write(resp.status, o.error_code);
  if (o.kind == WriteOutcomeKind::created) {
    o.error_code.clear();
    o.etag = resp.headers.get("ETag").value_or("");
    o.sha256_hex = full_object_sha256_hex(resp);
  }
  return o;
}

http::Request S3Client::build_head(const std::string& key, std::int64_t unix_seconds) const {
  http::Request r = base("HEAD", key);
  r.headers.set("x-amz-checksum-mode", "ENABLED");
  sign(r, std::string(signing::kEmptySha256Hex), unix_seconds);
  return r;
}

http::Request S3Client::build_get(const std::string& key, std::int64_t unix_seconds) const {
  http::Request r = base("GET", key);
  sign(r, std::string(signing::kEmptySha256Hex), unix_seconds);
  return r;
}

Result<ObjectInfo> S3Client::parse_head(const http::Response& resp) const {
  ObjectInfo info;
  if (resp.status == 404) return info;
  if (resp.status != 200) {
    // A HEAD response has no body; S3 still names the error in a header
    // only for some codes, so the status is what we report.
    return Error{"S3 HeadObject answered " + std::to_string(resp.status)};
  }
  info.exists = true;
  info.etag = resp.headers.get("ETag").value_or("");
  // S3's own verified checksum first; our metadata copy is a claim the
  // writer made, and the only source for objects written without one.
  info.sha256_hex = full_object_sha256_hex(resp);
  if (info.sha256_hex.empty()) info.sha256_hex = resp.headers.get("x-amz-meta-sha256").value_or("");
  info.size = content_length(resp);
  return info;
}

http::Request S3Client::base(const char* method, const std::string& key) const {
  http::Request r;
  r.method = method;
  r.target = "/" + cfg_.bucket + "/" + http::uri_encode(key, false);
  r.headers.set("Host", cfg_.host);
  return r;
}

void S3Client::sign(http::Request& r, const std::string& payload_sha256_hex, std::int64_t unix_seconds) const {
  signing::SigV4Params p;
  p.region = cfg_.region;
  p.unix_seconds = unix_seconds;
  p.payload_sha256_hex = payload_sha256_hex;
  signing::sign_sigv4(r, cfg_.credentials, p);
}

}  // namespace s3_detail

std::unique_ptr<StoreClient> make_s3_client(S3Config cfg) {
  return std::make_unique<s3_detail::S3Client>(std::move(cfg));
}

}  // namespace recguard::stores
