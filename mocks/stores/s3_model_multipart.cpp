// S3Model: CreateMultipartUpload, UploadPart, CompleteMultipartUpload and
// AbortMultipartUpload. Parts are hashed on arrival and released; the object
// keeps digests, not bytes (s3_model.hpp says what that costs).
#include <charconv>

#include "core/crypto/digest.hpp"
#include "core/signing/sigv4.hpp"
#include "core/stores/upload_parts.hpp"
#include "core/stores/xml.hpp"
#include "mocks/stores/digest_memo.hpp"
#include "mocks/stores/model_wire.hpp"
#include "mocks/stores/s3_model.hpp"

namespace recguard::mocks {

namespace {

constexpr const char* kXmlns = "http://s3.amazonaws.com/doc/2006-03-01/";

std::optional<int> whole_number(std::string_view text) {
  int n = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (text.empty() || ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return n;
}

// S3 accepts a part's ETag in the completion with or without its quotes.
std::string unquoted(std::string etag) {
  if (etag.size() >= 2 && etag.front() == '"' && etag.back() == '"') etag = etag.substr(1, etag.size() - 2);
  return etag;
}

}  // namespace

http::Response S3Model::create_upload(const http::Request& req, const Target& t, const std::string& credential,
                                      std::int64_t unix_seconds) {
  const auto algorithm = req.headers.get("x-amz-checksum-algorithm");
  if (algorithm && *algorithm != "SHA256") {
    return error(501, "NotImplemented", "Only the SHA256 checksum algorithm is modelled", t);
  }
  const std::uint64_t seq = next_upload_++;
  // Opaque to clients, deterministic for the trace: no clock, no randomness.
  const std::string id = "mpu" + std::to_string(seq) + "." +
                         crypto::to_hex(crypto::md5(bucket_ + "/" + t.key + "#" + std::to_string(seq)));
  Upload& u = uploads_[id];
  u.key = t.key;
  u.seq = seq;
  u.initiated_unix_s = unix_seconds;
  u.initiator = credential;
  u.content_type = req.headers.get("Content-Type").value_or("binary/octet-stream");
  u.metadata = metadata_headers(req.headers, "x-amz-meta-");
  u.checksum_sha256 = algorithm.has_value();

  using stores::xml_escape;
  http::Response r = http::make_response(
      200,
      std::string("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<InitiateMultipartUploadResult xmlns=\"") + kXmlns +
          "\"><Bucket>" + xml_escape(bucket_) + "</Bucket><Key>" + xml_escape(t.key) + "</Key><UploadId>" +
          xml_escape(id) + "</UploadId></InitiateMultipartUploadResult>",
      "application/xml");
  if (u.checksum_sha256) r.headers.set("x-amz-checksum-algorithm", "SHA256");
  r.headers.set("x-amz-request-id", "req-" + std::to_string(requests_));
  return r;
}

http::Response S3Model::upload_part(const http::Request& req, const Target& t) {
  const auto number = whole_number(http::query_param(req, "partNumber").value_or(""));
  if (!number || *number < 1 || *number > stores::kS3MaxParts) {
    return error(400, "InvalidArgument", "Part number must be an integer between 1 and 10000, inclusive", t);
  }
  const auto it = uploads_.find(http::query_param(req, "uploadId").value_or(""));
  if (it == uploads_.end() || it->second.key != t.key) {
    return error(404, "NoSuchUpload",
                 "The specified upload does not exist. The upload ID may be invalid, or the upload may have been "
                 "aborted or completed.",
                 t);
  }
  Upload& u = it->second;

  // The same body checks as PutObject, in the same order.
  const auto body_size = static_cast<std::int64_t>(req.body_size());
  if (auto declared = req.headers.get("Content-Length"); declared && *declared != std::to_string(body_size)) {
    return error(400, "IncompleteBody", "You did not provide the number of bytes specified by the Content-Length.", t);
  }
  if (body_size > stores::kS3MaxPartBytes) {
    return error(400, "EntityTooLarge", "Your proposed upload exceeds the maximum allowed size", t);
  }
  const BodyDigests& d = digests_of(req.body);
  if (auto refused = body_digest_refusal(req, d, t)) return *refused;
  if (!req.headers.has("x-amz-checksum-sha256") && u.checksum_sha256) {
    return error(400, "InvalidRequest",
                 "The upload was created using a sha256 checksum. The part must include the checksum.", t);
  }

  const int n = *number;
  auto& part = u.parts[n];
  if (n <= u.folded_through) {
    // Already folded into the running digests: identical bytes are a retry
    // and change nothing; other bytes cannot be unfolded (see s3_model.hpp).
    if (part.md5_raw != d.md5_raw || part.sha256_raw != d.sha256_raw) u.refolded_part = n;
  } else {
    part.held = req.body;  // replaces a held part of the same number
  }
  part.size = body_size;
  part.md5_raw = d.md5_raw;
  part.sha256_raw = d.sha256_raw;
  // Fold every part whose predecessors are all folded, and let its bytes go
  // (an empty part has no buffer: nothing to add).
  for (auto next = u.parts.find(u.folded_through + 1); next != u.parts.end();
       next = u.parts.find(u.folded_through + 1)) {
    if (next->second.held) u.running.add(ByteView(*next->second.held));
    next->second.held.reset();
    ++u.folded_through;
  }

  http::Response r = http::make_response(200);
  r.headers.set("ETag", "\"" + crypto::to_hex(view(d.md5_raw)) + "\"");
  if (req.headers.has("x-amz-checksum-sha256")) r.headers.set("x-amz-checksum-sha256", crypto::base64_encode(view(d.sha256_raw)));
  r.headers.set("x-amz-request-id", "req-" + std::to_string(requests_));
  return r;
}

http::Response S3Model::complete_upload(const http::Request& req, const Target& t, const std::string& credential,
                                        std::int64_t unix_seconds) {
  using stores::xml_escape;
  using stores::xml_text;
  const std::string upload_id = http::query_param(req, "uploadId").value_or("");
  const auto it = uploads_.find(upload_id);
  if (it == uploads_.end() || it->second.key != t.key) {
    return error(404, "NoSuchUpload",
                 "The specified upload does not exist. The upload ID may be invalid, or the upload may have been "
                 "aborted or completed.",
                 t);
  }
  Upload& u = it->second;

  const std::string_view body = req.body_view();
  // The root element carries an xmlns attribute: look for its opening only.
  if (body.find("<CompleteMultipartUpload") == std::string_view::npos) {
    return error(400, "MalformedXML",
                 "The XML you provided was not well-formed or did not validate against our "
                 "published schema",
                 t);
  }
  struct Listed {
    int number;
    const Part* part;
  };
  std::vector<Listed> listed;
  for (const auto element : stores::xml_elements(body, "Part")) {
    const auto number = whole_number(xml_text(element, "PartNumber"));
    if (!number) {
      return error(400, "MalformedXML",
                   "The XML you provided was not well-formed or did not validate against our "
                   "published schema",
                   t);
    }
    if (!listed.empty() && *number <= listed.back().number) {
      return error(400, "InvalidPartOrder",
                   "The list of parts was not in ascending order. The parts list must be "
                   "specified in order by part number.",
                   t);
    }
    const auto p = u.parts.find(*number);
    const std::string etag = unquoted(xml_text(element, "ETag"));
    if (p == u.parts.end() || etag != crypto::to_hex(view(p->second.md5_raw))) {
      return error(400, "InvalidPart",
                   "One or more of the specified parts could not be found. The part may not "
                   "have been uploaded, or the specified entity tag may not match the part's "
                   "entity tag.",
                   t);
    }
    const std::string checksum = xml_text(element, "ChecksumSHA256");
    if (!checksum.empty() && checksum != crypto::base64_encode(view(p->second.sha256_raw))) {
      return error(400, "InvalidPart",
                   "One or more of the specified parts could not be found. The part may not "
                   "have been uploaded, or the specified checksum may not match the part's "
                   "checksum.",
                   t);
    }
    if (checksum.empty() && u.checksum_sha256) {
      return error(400, "InvalidRequest",
                   "The upload was created using a sha256 checksum. The complete request "
                   "must include the checksum for each part.",
                   t);
    }
    listed.push_back({*number, &p->second});
  }
  if (listed.empty()) {
    return error(400, "MalformedXML",
                 "The XML you provided was not well-formed or did not validate against our "
                 "published schema",
                 t);
  }
  for (std::size_t i = 0; i + 1 < listed.size(); ++i) {
    if (listed[i].part->size < stores::kS3MinPartBytes) {
      return error(400, "EntityTooSmall", "Your proposed upload is smaller than the minimum allowed object size.", t);
    }
  }

  // A refused condition leaves the upload open: the client may abort it.
  const StoredVersion* current = live(t.key);
  if (auto refused = write_condition_refusal(req, current, t)) return *refused;

  // The running digests cover parts 1..folded_through. They describe this
  // object only if those are exactly the first parts listed; later listed
  // parts are still held and are folded now.
  if (u.refolded_part > 0) {
    return error(501, "NotImplemented",
                 "Model limit: part " + std::to_string(u.refolded_part) +
                     " was re-sent with other bytes after the model had hashed it and let its bytes go",
                 t);
  }
  for (int i = 0; i < u.folded_through; ++i) {
    if (static_cast<std::size_t>(i) >= listed.size() || listed[static_cast<std::size_t>(i)].number != i + 1) {
      return error(501, "NotImplemented",
                   "Model limit: the completion leaves out part " + std::to_string(i + 1) +
                       ", which the model had already hashed into the object and let go of",
                   t);
    }
  }
  std::string md5s, sha256s;
  std::int64_t size = 0;
  for (const auto& l : listed) {
    if (l.part->held) u.running.add(ByteView(*l.part->held));
    md5s += l.part->md5_raw;
    sha256s += l.part->sha256_raw;
    size += l.part->size;
  }

  if (current) ++replaced_versions_;
  const std::string count = std::to_string(listed.size());
  StoredVersion v;
  v.version_id = "v" + std::to_string(next_version_++);
  v.size = size;
  v.sha256_hex = crypto::to_hex(view(u.running.sha256.finish()));
  v.md5_hex = crypto::to_hex(view(u.running.md5.finish()));
  v.etag = "\"" + crypto::to_hex(crypto::md5(md5s)) + "-" + count + "\"";
  v.created_unix_s = unix_seconds;
  v.credential = credential;
  v.content_type = u.content_type;
  v.metadata = u.metadata;
  v.part_count = static_cast<int>(listed.size());
  v.checksum_sha256_sent = u.checksum_sha256;
  if (u.checksum_sha256) v.checksum_sha256_composite = crypto::base64_encode(crypto::sha256(sha256s)) + "-" + count;
  objects_[t.key].push_back(v);
  uploads_.erase(it);  // with every part it held, listed or not

  std::string xml = std::string("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<CompleteMultipartUploadResult xmlns=\"") +
                    kXmlns + "\"><Location>https://" + xml_escape(req.headers.get("Host").value_or("")) +
                    xml_escape(t.resource) + "</Location><Bucket>" + xml_escape(bucket_) + "</Bucket><Key>" +
                    xml_escape(t.key) + "</Key><ETag>" + xml_escape(v.etag) + "</ETag>";
  if (!v.checksum_sha256_composite.empty())
    xml += "<ChecksumSHA256>" + v.checksum_sha256_composite + "</ChecksumSHA256>";
  xml += "</CompleteMultipartUploadResult>";
  http::Response r = http::make_response(200, xml, "application/xml");
  r.headers.set("x-amz-version-id", v.version_id);
  r.headers.set("x-amz-request-id", "req-" + std::to_string(requests_));
  return r;
}

http::Response S3Model::abort_upload(const http::Request& req, const Target& t) {
  const auto it = uploads_.find(http::query_param(req, "uploadId").value_or(""));
  if (it == uploads_.end() || it->second.key != t.key) {
    return error(404, "NoSuchUpload",
                 "The specified upload does not exist. The upload ID may be invalid, or the upload may have been "
                 "aborted or completed.",
                 t);
  }
  uploads_.erase(it);  // its parts, held bytes included, go with it
  http::Response r = http::make_response(204);
  r.headers.set("x-amz-request-id", "req-" + std::to_string(requests_));
  return r;
}

}  // namespace recguard::mocks
