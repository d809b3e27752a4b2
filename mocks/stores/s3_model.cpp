#include "mocks/stores/s3_model.hpp"

#include "core/crypto/digest.hpp"
#include "core/signing/sigv4.hpp"
#include "mocks/stores/digest_memo.hpp"

namespace recguard::mocks {

S3Model::S3Model(std::string bucket, std::string region) : bucket_(std::move(bucket)), region_(std::move(region)) {}

void S3Model::add_credential(std::string access_key_id, std::string secret) {
  secrets_[std::move(access_key_id)] = std::move(secret);
}

void S3Model::revoke_credential(const std::string& access_key_id) { revoked_.insert(access_key_id); }

http::Response S3Model::error(int status, const std::string& code, const std::string& message,
                              const std::string& resource) const {
  return http::make_response(status,
                             "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + code + "</Code><Message>" +
                                 message + "</Message><Resource>" + resource + "</Resource><RequestId>" +
                                 std::to_string(requests_) + "</RequestId></Error>",
                             "application/xml");
}

const StoredVersion* S3Model::live(const std::string& key) const {
  auto it = objects_.find(key);
  if (it == objects_.end() || it->second.empty() || it->second.back().delete_marker) return nullptr;
  return &it->second.back();
}

http::Response S3Model::handle(const http::Request& req, std::int64_t unix_seconds) {
  ++requests_;
  const std::string resource = req.path();
  const auto verdict = signing::verify_sigv4(
      req,
      [&](const std::string& id) -> std::optional<std::string> {
        auto it = secrets_.find(id);
        if (it == secrets_.end()) return std::nullopt;
        return it->second;
      },
      region_, "s3");
  if (!verdict.access_key_id.empty()) credentials_seen_.insert(verdict.access_key_id);
  if (!verdict.ok) return error(403, verdict.error, "request signature rejected", resource);
  if (revoked_.count(verdict.access_key_id)) return error(403, "InvalidAccessKeyId", "the key was revoked", resource);

  // Path-style: /bucket/key
  const std::string path = http::uri_decode(resource);
  const std::string prefix = "/" + bucket_ + "/";
  if (path.rfind(prefix, 0) != 0 || path.size() == prefix.size()) {
    return error(404, "NoSuchBucket", "The specified bucket does not exist", resource);
  }
  const std::string key = path.substr(prefix.size());
  if (req.method == "PUT") return put(req, key, verdict.access_key_id, unix_seconds);
  if (req.method == "GET" || req.method == "HEAD") return head_or_get(req, key);
  if (req.method == "DELETE") {
    // Versioned bucket: a delete only adds a marker; old versions remain.
    StoredVersion marker;
    marker.version_id = "v" + std::to_string(next_version_++);
    marker.delete_marker = true;
    marker.created_unix_s = unix_seconds;
    marker.credential = verdict.access_key_id;
    objects_[key].push_back(marker);
    http::Response r = http::make_response(204);
    r.headers.set("x-amz-delete-marker", "true");
    return r;
  }
  return error(405, "MethodNotAllowed", "The specified method is not allowed", resource);
}

http::Response S3Model::put(const http::Request& req, const std::string& key, const std::string& credential,
                            std::int64_t unix_seconds) {
  const ByteView body = req.body ? ByteView(*req.body) : ByteView{};
  const BodyDigests& d = digests_of(req.body);
  const ByteView md5 = view(d.md5_raw);
  const ByteView sha = view(d.sha256_raw);
  if (auto cmd5 = req.headers.get("Content-MD5"); cmd5 && *cmd5 != crypto::base64_encode(md5)) {
    return error(400, "BadDigest", "The Content-MD5 you specified did not match what we received.", req.path());
  }
  if (auto csha = req.headers.get("x-amz-checksum-sha256"); csha && *csha != crypto::base64_encode(sha)) {
    return error(400, "BadDigest", "The x-amz-checksum-sha256 you specified did not match what we received.",
                 req.path());
  }
  if (req.headers.get("If-None-Match") == std::string("*") && live(key)) {
    return error(412, "PreconditionFailed", "At least one of the pre-conditions you specified did not hold",
                 req.path());
  }
  if (live(key)) ++replaced_versions_;  // an unconditional PUT over a live object
  StoredVersion v;
  v.version_id = "v" + std::to_string(next_version_++);
  v.size = static_cast<std::int64_t>(body.size());
  v.sha256_hex = crypto::to_hex(sha);
  v.md5_hex = crypto::to_hex(md5);
  v.etag = "\"" + v.md5_hex + "\"";
  v.created_unix_s = unix_seconds;
  v.credential = credential;
  v.bytes = req.body;
  objects_[key].push_back(v);
  http::Response r = http::make_response(200);
  r.headers.set("ETag", v.etag);
  r.headers.set("x-amz-version-id", v.version_id);
  r.headers.set("x-amz-checksum-sha256", crypto::base64_encode(sha));
  return r;
}

http::Response S3Model::head_or_get(const http::Request& req, const std::string& key) const {
  const StoredVersion* v = live(key);
  if (!v) {
    return req.method == "HEAD" ? http::make_response(404)
                                : error(404, "NoSuchKey", "The specified key does not exist.", req.path());
  }
  http::Response r;
  r.status = 200;
  r.headers.set("ETag", v->etag);
  r.headers.set("Content-Length", std::to_string(v->size));
  r.headers.set("x-amz-version-id", v->version_id);
  r.headers.set("x-amz-meta-sha256", v->sha256_hex);
  if (req.headers.get("x-amz-checksum-mode") == std::string("ENABLED")) {
    std::string raw;
    crypto::from_hex(v->sha256_hex, raw);
    r.headers.set("x-amz-checksum-sha256", crypto::base64_encode(raw));
  }
  if (req.method == "GET") r.body = v->bytes;
  return r;
}

}  // namespace recguard::mocks
