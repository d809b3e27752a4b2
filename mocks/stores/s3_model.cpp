#include "mocks/stores/s3_model.hpp"

#include "core/crypto/digest.hpp"
#include "core/signing/http_date.hpp"
#include "core/signing/sigv4.hpp"
#include "core/stores/xml.hpp"
#include "mocks/stores/digest_memo.hpp"
#include "mocks/stores/model_wire.hpp"

namespace recguard::mocks {

namespace {

int status_for_auth_error(const std::string& code) {
  return code == "AuthorizationHeaderMalformed" || code == "InvalidRequest" ? 400 : 403;
}

std::optional<std::string> decode_b64(const std::string& b64, std::size_t expected_size) {
  std::string raw;
  if (!crypto::base64_decode(b64, raw) || raw.size() != expected_size) return std::nullopt;
  return raw;
}

// S3's answer to a request signed too far from its clock names both times
// and the allowance, and carries the server's Date, so that a client can
// measure its offset and sign again (the AWS SDKs do).
http::Response too_skewed(std::string_view request_time, std::int64_t server_unix_s, std::string_view resource,
                          const std::string& request_id) {
  using stores::xml_escape;
  http::Response r = http::make_response(
      403,
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>RequestTimeTooSkewed</Code><Message>The difference "
      "between the request time and the current time is too large.</Message><RequestTime>" +
          xml_escape(request_time) + "</RequestTime><ServerTime>" + signing::iso8601_date(server_unix_s) +
          "</ServerTime><MaxAllowedSkewMilliseconds>" + std::to_string(kMaxClockSkewSeconds * 1000) +
          "</MaxAllowedSkewMilliseconds><Resource>" + xml_escape(resource) + "</Resource><RequestId>" +
          xml_escape(request_id) + "</RequestId></Error>",
      "application/xml");
  r.headers.set("Date", signing::rfc1123_date(server_unix_s));
  r.headers.set("x-amz-request-id", request_id);
  return r;
}

}  // namespace

S3Model::S3Model(std::string bucket, std::string region) : bucket_(std::move(bucket)), region_(std::move(region)) {}

void S3Model::add_credential(std::string access_key_id, std::string secret) {
  revoked_.erase(access_key_id);
  secrets_[std::move(access_key_id)] = std::move(secret);
}

void S3Model::revoke_credential(const std::string& access_key_id) { revoked_.insert(access_key_id); }

void S3Model::restore_credential(const std::string& access_key_id) { revoked_.erase(access_key_id); }

http::Response S3Model::error(int status, std::string_view code, std::string_view message, const Target& t) const {
  return s3_error(status, code, message, t.resource, "req-" + std::to_string(requests_));
}

std::optional<http::Response> S3Model::body_digest_refusal(const http::Request& req, const BodyDigests& d,
                                                           const Target& t) const {
  if (auto payload = req.headers.get("X-Amz-Content-Sha256");
      payload && *payload != signing::kUnsignedPayload && *payload != crypto::to_hex(view(d.sha256_raw))) {
    return error(400, "XAmzContentSHA256Mismatch",
                 "The provided 'x-amz-content-sha256' header does not match what was computed.", t);
  }
  if (auto cmd5 = req.headers.get("Content-MD5")) {
    const auto raw = decode_b64(*cmd5, 16);
    if (!raw) return error(400, "InvalidDigest", "The Content-MD5 you specified was invalid.", t);
    if (*raw != d.md5_raw) {
      return error(400, "BadDigest", "The Content-MD5 you specified did not match what we received.", t);
    }
  }
  if (auto csha = req.headers.get("x-amz-checksum-sha256")) {
    const auto raw = decode_b64(*csha, 32);
    if (!raw) return error(400, "InvalidRequest", "Value for x-amz-checksum-sha256 header is invalid.", t);
    if (*raw != d.sha256_raw) {
      return error(400, "BadDigest", "The SHA256 you specified did not match the calculated checksum.", t);
    }
  }
  return std::nullopt;
}

std::optional<http::Response> S3Model::write_condition_refusal(const http::Request& req, const StoredVersion* current,
                                                               const Target& t) const {
  if (auto inm = req.headers.get("If-None-Match")) {
    if (*inm != "*") return error(501, "NotImplemented", "If-None-Match supports only *", t);
    if (current) {
      return error(412, "PreconditionFailed", "At least one of the pre-conditions you specified did not hold", t);
    }
  }
  if (auto im = req.headers.get("If-Match")) {
    if (!current) return error(404, "NoSuchKey", "The specified key does not exist.", t);
    if (*im != current->etag) {
      return error(412, "PreconditionFailed", "At least one of the pre-conditions you specified did not hold", t);
    }
  }
  return std::nullopt;
}

const StoredVersion* S3Model::live(const std::string& key) const {
  auto it = objects_.find(key);
  if (it == objects_.end() || it->second.empty() || it->second.back().delete_marker) return nullptr;
  return &it->second.back();
}

http::Response S3Model::handle(const http::Request& req, std::int64_t unix_seconds) {
  ++requests_;
  http::Response r = route(req, unix_seconds);
  // HTTP forbids a body on a HEAD response: S3 answers HEAD errors with the
  // status (and headers) alone.
  if (req.method == "HEAD") r.body.reset();
  return r;
}

http::Response S3Model::route(const http::Request& req, std::int64_t unix_seconds) {
  Target t;
  t.resource = req.path();

  const auto verdict = signing::verify_sigv4(
      req,
      [&](const std::string& id) -> std::optional<std::string> {
        // A revoked key is unknown to AWS from then on: InvalidAccessKeyId.
        auto it = secrets_.find(id);
        if (it == secrets_.end() || revoked_.count(id)) return std::nullopt;
        return it->second;
      },
      region_, "s3");
  if (!verdict.access_key_id.empty()) credentials_seen_.insert(verdict.access_key_id);
  if (!verdict.ok) return error(status_for_auth_error(verdict.error), verdict.error, "request signature rejected", t);
  // verify_sigv4 accepted the request, so X-Amz-Date is present and well formed.
  const auto signed_at = signing::parse_amz_date(req.headers.get("X-Amz-Date").value_or(""));
  if (!signed_at || *signed_at > unix_seconds + kMaxClockSkewSeconds ||
      *signed_at < unix_seconds - kMaxClockSkewSeconds) {
    return too_skewed(req.headers.get("X-Amz-Date").value_or(""), unix_seconds, t.resource,
                      "req-" + std::to_string(requests_));
  }

  // Virtual-hosted style names the bucket in Host; path-style in the path.
  const std::string host = req.headers.get("Host").value_or("");
  const std::string path = decode_path(t.resource);
  if (host.rfind(bucket_ + ".", 0) == 0) {
    t.key = path.empty() ? std::string{} : path.substr(1);
  } else {
    const std::string bucket_path = "/" + bucket_;
    if (path != bucket_path && path.rfind(bucket_path + "/", 0) != 0) {
      return error(404, "NoSuchBucket", "The specified bucket does not exist", t);
    }
    t.key = path.size() > bucket_path.size() + 1 ? path.substr(bucket_path.size() + 1) : std::string{};
  }

  const auto query = http::parse_query(req.query());
  auto has_param = [&](std::string_view name) {
    for (const auto& [k, v] : query) {
      if (k == name) return true;
    }
    return false;
  };
  if (t.key.empty()) {
    if (req.method == "GET" && has_param("uploads")) return list_uploads(req, t);
    if (req.method == "GET" && has_param("list-type")) return list(req, t);
    if (req.method == "GET") return error(501, "NotImplemented", "Only ListObjectsV2 is modelled", t);
    return error(405, "MethodNotAllowed", "The specified method is not allowed against this resource.", t);
  }
  if (has_param("uploads") || has_param("uploadId") || has_param("partNumber")) {
    const std::string& m = req.method;
    if (m == "POST" && has_param("uploads")) return create_upload(req, t, verdict.access_key_id, unix_seconds);
    if (m == "PUT" && has_param("uploadId") && has_param("partNumber") && !req.headers.has("x-amz-copy-source")) {
      return upload_part(req, t);
    }
    if (m == "POST" && has_param("uploadId")) return complete_upload(req, t, verdict.access_key_id, unix_seconds);
    if (m == "DELETE" && has_param("uploadId")) return abort_upload(req, t);
    return error(501, "NotImplemented", "UploadPartCopy, ListParts and part reads are not modelled", t);
  }
  if (req.method == "PUT") return put(req, t, verdict.access_key_id, unix_seconds);
  if (req.method == "GET" || req.method == "HEAD") return read(req, t);
  if (req.method == "DELETE") return remove(req, t, verdict.access_key_id, unix_seconds);
  return error(405, "MethodNotAllowed", "The specified method is not allowed against this resource.", t);
}

http::Response S3Model::put(const http::Request& req, const Target& t, const std::string& credential,
                            std::int64_t unix_seconds) {
  const auto body_size = static_cast<std::int64_t>(req.body_size());
  if (auto declared = req.headers.get("Content-Length"); declared && *declared != std::to_string(body_size)) {
    return error(400, "IncompleteBody", "You did not provide the number of bytes specified by the Content-Length.",
                 t);
  }
  const BodyDigests& d = digests_of(req.body);
  if (auto refused = body_digest_refusal(req, d, t)) return *refused;
  const StoredVersion* current = live(t.key);
  if (auto refused = write_condition_refusal(req, current, t)) return *refused;
  if (current) ++replaced_versions_;  // an unconditional PUT over a live object

  StoredVersion v;
  v.version_id = "v" + std::to_string(next_version_++);
  v.size = body_size;
  v.sha256_hex = crypto::to_hex(view(d.sha256_raw));
  v.md5_hex = crypto::to_hex(view(d.md5_raw));
  v.etag = "\"" + v.md5_hex + "\"";
  v.created_unix_s = unix_seconds;
  v.credential = credential;
  v.bytes = req.body;
  v.content_type = req.headers.get("Content-Type").value_or("binary/octet-stream");
  v.metadata = metadata_headers(req.headers, "x-amz-meta-");
  v.checksum_sha256_sent = req.headers.has("x-amz-checksum-sha256");
  objects_[t.key].push_back(v);

  http::Response r = http::make_response(200);
  r.headers.set("ETag", v.etag);
  r.headers.set("x-amz-version-id", v.version_id);
  if (v.checksum_sha256_sent) r.headers.set("x-amz-checksum-sha256", crypto::base64_encode(view(d.sha256_raw)));
  r.headers.set("x-amz-request-id", "req-" + std::to_string(requests_));
  return r;
}

bool S3Model::delete_as_operator(const std::string& key, std::int64_t unix_seconds) {
  if (!live(key)) return false;
  StoredVersion marker;
  marker.version_id = "v" + std::to_string(next_version_++);
  marker.delete_marker = true;
  marker.by_operator = true;
  marker.created_unix_s = unix_seconds;
  marker.credential = "operator";
  objects_[key].push_back(marker);
  return true;
}

http::Response S3Model::remove(const http::Request& req, const Target& t, const std::string& credential,
                               std::int64_t unix_seconds) {
  for (const auto& [k, v] : http::parse_query(req.query())) {
    if (k == "versionId") return error(501, "NotImplemented", "Permanent version deletes are not modelled", t);
  }
  // Versioned bucket: a delete only adds a marker; every version remains.
  StoredVersion marker;
  marker.version_id = "v" + std::to_string(next_version_++);
  marker.delete_marker = true;
  marker.created_unix_s = unix_seconds;
  marker.credential = credential;
  objects_[t.key].push_back(marker);
  http::Response r = http::make_response(204);
  r.headers.set("x-amz-delete-marker", "true");
  r.headers.set("x-amz-version-id", marker.version_id);
  return r;
}

}  // namespace recguard::mocks
