// S3 codec: the multipart upload (CreateMultipartUpload, UploadPart,
// CompleteMultipartUpload, AbortMultipartUpload), path-style, SigV4-signed.
#include <cassert>

#include "core/crypto/digest.hpp"
#include "core/stores/s3_client_impl.hpp"
#include "core/stores/xml.hpp"

namespace recguard::stores::s3_detail {

namespace {

std::string sha256_hex_of(std::string_view text) { return crypto::to_hex(crypto::sha256(text)); }

// CompleteMultipartUpload may fail after S3 has sent "200 OK" (it keeps the
// connection alive with whitespace while it assembles the parts), so the
// error arrives as an <Error> body under a 200. This is the status the same
// error has when it comes as a status; unknown codes count as a 500 because
// the completion may or may not have applied.
int status_for_error_code(const std::string& code) {
  if (code == "PreconditionFailed") return 412;
  if (code == "ConditionalRequestConflict") return 409;
  if (code == "SlowDown" || code == "ServiceUnavailable") return 503;
  if (code == "AccessDenied" || code == "InvalidAccessKeyId" || code == "SignatureDoesNotMatch") return 403;
  if (code == "NoSuchUpload" || code == "NoSuchBucket") return 404;
  if (is_digest_error(code) || code == "InvalidPart" || code == "InvalidPartOrder" || code == "EntityTooSmall" ||
      code == "MalformedXML" || code == "InvalidArgument" || code == "InvalidRequest") {
    return 400;
  }
  return 500;
}

// "<Error>" as the document's root (after the whitespace S3 sends while it
// works and the XML declaration), as opposed to a result that mentions it.
bool is_error_document(std::string_view body) {
  constexpr std::string_view kSpace = " \t\r\n";
  auto at = body.find_first_not_of(kSpace);
  if (at != std::string_view::npos && body.substr(at, 5) == "<?xml") {
    at = body.find("?>", at);
    if (at == std::string_view::npos) return false;
    at = body.find_first_not_of(kSpace, at + 2);
  }
  return at != std::string_view::npos && body.substr(at, 7) == "<Error>";
}

}  // namespace

std::optional<http::Request> S3Client::build_begin_upload(const BeginUploadSpec& spec,
                                                          std::int64_t unix_seconds) const {
  http::Request r = base("POST", spec.key);
  r.target += "?uploads";
  r.headers.set("Content-Type", spec.content_type);
  // Every part must then carry its SHA-256, which S3 verifies; the object
  // ends with a checksum-of-checksums ("<base64>-N"), not the object's own.
  r.headers.set("x-amz-checksum-algorithm", "SHA256");
  // Metadata is fixed at the start of a multipart upload: the whole-object
  // digests go here when the caller has them, as build_put sends them.
  if (!spec.sha256_hex.empty()) r.headers.set("x-amz-meta-sha256", spec.sha256_hex);
  if (!spec.md5_b64.empty()) r.headers.set("x-amz-meta-md5chksum", spec.md5_b64);
  sign(r, std::string(signing::kEmptySha256Hex), unix_seconds);
  return r;
}

Result<std::string> S3Client::parse_begin_upload(const http::Response& resp) const {
  const std::string_view body = resp.body_view();
  if (resp.status != 200 || is_error_document(body)) {
    return Error{"S3 CreateMultipartUpload answered " + std::to_string(resp.status) + " " + xml_error_code(body)};
  }
  std::string id = xml_text(body, "UploadId");
  if (id.empty()) return Error{"S3 CreateMultipartUpload answered 200 without an UploadId"};
  return id;
}

http::Request S3Client::build_upload_part(const PartSpec& spec, std::int64_t unix_seconds) const {
  assert(spec.part_number >= 1);
  http::Request r = base("PUT", spec.key);
  r.target += "?partNumber=" + std::to_string(spec.part_number) + "&uploadId=" + http::uri_encode(spec.upload_id, true);
  r.body = spec.body;
  r.headers.set("Content-Length", std::to_string(r.body_size()));
  r.headers.set("Content-MD5", spec.md5_b64);
  r.headers.set("x-amz-checksum-sha256", base64_from_hex(spec.sha256_hex));
  sign(r, spec.sha256_hex, unix_seconds);
  return r;
}

PartOutcome S3Client::parse_upload_part(const http::Response& resp) const {
  PartOutcome o;
  o.status = resp.status;
  o.error_code = xml_error_code(resp.body_view());
  o.retry_after_s = retry_after_seconds(resp);
  o.kind = classify_write(resp.status, o.error_code);
  // A part cannot collide with an object: a 409 or 412 here is a plain refusal.
  if (o.kind == WriteOutcomeKind::already_exists || o.kind == WriteOutcomeKind::race_conflict) {
    o.kind = WriteOutcomeKind::client_error;
  }
  if (o.kind == WriteOutcomeKind::created) {
    o.error_code.clear();
    o.etag = resp.headers.get("ETag").value_or("");
  }
  return o;
}

http::Request S3Client::build_complete_upload(const CompleteSpec& spec, std::int64_t unix_seconds) const {
  assert(spec.part_count >= 1);
  assert(spec.part_etags.size() == static_cast<std::size_t>(spec.part_count));
  assert(spec.part_sha256_hex.empty() || spec.part_sha256_hex.size() == spec.part_etags.size());
  std::string xml =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<CompleteMultipartUpload xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">";
  for (int n = 1; n <= spec.part_count; ++n) {
    const auto i = static_cast<std::size_t>(n - 1);
    xml +=
        "<Part><PartNumber>" + std::to_string(n) + "</PartNumber><ETag>" + xml_escape(spec.part_etags[i]) + "</ETag>";
    if (!spec.part_sha256_hex.empty()) {
      xml += "<ChecksumSHA256>" + base64_from_hex(spec.part_sha256_hex[i]) + "</ChecksumSHA256>";
    }
    xml += "</Part>";
  }
  xml += "</CompleteMultipartUpload>";

  http::Request r = base("POST", spec.key);
  r.target += "?uploadId=" + http::uri_encode(spec.upload_id, true);
  const std::string payload_hash = sha256_hex_of(xml);
  r.body = share(xml);
  r.headers.set("Content-Length", std::to_string(r.body_size()));
  r.headers.set("Content-Type", "application/xml");
  if (spec.create_only) r.headers.set("If-None-Match", "*");
  sign(r, payload_hash, unix_seconds);
  return r;
}

WriteOutcome S3Client::parse_complete_upload(const http::Response& resp) const {
  WriteOutcome o;
  o.status = resp.status;
  const std::string_view body = resp.body_view();
  o.error_code = xml_error_code(body);
  o.retry_after_s = retry_after_seconds(resp);
  const bool error_in_ok = resp.status == 200 && is_error_document(body);
  o.kind = classify_write(error_in_ok ? status_for_error_code(o.error_code) : resp.status, o.error_code);
  if (o.kind == WriteOutcomeKind::created) {
    o.error_code.clear();
    // The result document carries the ETag ("<md5 of md5s>-N"); a header,
    // when present, says the same.
    o.etag = xml_text(body, "ETag");
    if (o.etag.empty()) o.etag = resp.headers.get("ETag").value_or("");
    // The multipart checksum is composite and says nothing about the bytes:
    // full_object_sha256_hex leaves it out.
    o.sha256_hex = full_object_sha256_hex(resp);
  }
  return o;
}

std::optional<http::Request> S3Client::build_abort_upload(const std::string& key, const std::string& upload_id,
                                                          std::int64_t unix_seconds) const {
  http::Request r = base("DELETE", key);
  r.target += "?uploadId=" + http::uri_encode(upload_id, true);
  sign(r, std::string(signing::kEmptySha256Hex), unix_seconds);
  return r;
}

}  // namespace recguard::stores::s3_detail
