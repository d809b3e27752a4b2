// S3Model: GetObject and HeadObject.
#include "core/crypto/digest.hpp"
#include "core/signing/http_date.hpp"
#include "mocks/stores/model_wire.hpp"
#include "mocks/stores/s3_model.hpp"

namespace recguard::mocks {

http::Response S3Model::read(const http::Request& req, const Target& t) const {
  const bool head = req.method == "HEAD";  // handle() drops the body of HEAD answers, errors included
  auto not_found = [&](std::string_view code, std::string_view message) { return error(404, code, message, t); };

  const StoredVersion* v = nullptr;
  std::optional<std::string> version_id;
  for (const auto& [k, val] : http::parse_query(req.query())) {
    if (k == "versionId") version_id = val;
  }
  const auto it = objects_.find(t.key);
  if (version_id) {
    if (it != objects_.end()) {
      for (const auto& candidate : it->second) {
        if (candidate.version_id == *version_id) v = &candidate;
      }
    }
    if (!v) return not_found("NoSuchVersion", "The specified version does not exist.");
    if (v->delete_marker) {
      http::Response r = error(405, "MethodNotAllowed", "The specified method is not allowed.", t);
      r.headers.set("x-amz-delete-marker", "true");
      return r;
    }
  } else {
    if (it == objects_.end() || it->second.empty()) return not_found("NoSuchKey", "The specified key does not exist.");
    v = &it->second.back();
    if (v->delete_marker) {
      http::Response r = not_found("NoSuchKey", "The specified key does not exist.");
      r.headers.set("x-amz-delete-marker", "true");
      return r;
    }
  }

  // A multipart object keeps digests, not bytes (stored_version.hpp): HEAD
  // describes it, GET has nothing to serve.
  if (v->part_count > 0 && !head) {
    return error(501, "NotImplemented", "Reading back a multipart object is not modelled (digests only)", t);
  }

  const auto range = parse_byte_range(req.headers.get("Range").value_or(""), v->size);
  if (range && !range->satisfiable) {
    http::Response r = error(416, "InvalidRange", "The requested range is not satisfiable", t);
    r.headers.set("Content-Range", "bytes */" + std::to_string(v->size));
    return r;
  }

  http::Response r;
  r.status = range ? 206 : 200;
  r.headers.set("ETag", v->etag);
  r.headers.set("Last-Modified", signing::rfc1123_date(v->created_unix_s));
  r.headers.set("Content-Type", v->content_type);
  r.headers.set("Accept-Ranges", "bytes");
  r.headers.set("x-amz-version-id", v->version_id);
  for (const auto& [name, value] : v->metadata) r.headers.set("x-amz-meta-" + name, value);
  // S3 returns the stored checksum only when asked, only when one was stored,
  // and only for a whole-object read (a range's bytes have another hash).
  if (!range && v->checksum_sha256_sent && req.headers.get("x-amz-checksum-mode") == std::string("ENABLED")) {
    if (!v->checksum_sha256_composite.empty()) {
      // Multipart: the checksum of the parts' checksums, marked as such.
      r.headers.set("x-amz-checksum-sha256", v->checksum_sha256_composite);
      r.headers.set("x-amz-checksum-type", "COMPOSITE");
    } else {
      std::string raw;
      crypto::from_hex(v->sha256_hex, raw);
      r.headers.set("x-amz-checksum-sha256", crypto::base64_encode(raw));
    }
  }
  if (range) {
    r.headers.set("Content-Range", "bytes " + std::to_string(range->first) + "-" + std::to_string(range->last) + "/" +
                                       std::to_string(v->size));
    r.headers.set("Content-Length", std::to_string(range->last - range->first + 1));
    if (!head && v->bytes) {
      const auto b = v->bytes->begin();
      r.body = std::make_shared<const ByteVec>(b + range->first, b + range->last + 1);
    }
  } else {
    r.headers.set("Content-Length", std::to_string(v->size));
    if (!head) r.body = v->bytes;  // shared, no copy
  }
  return r;
}

}  // namespace recguard::mocks
