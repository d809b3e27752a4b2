// S3Model: ListObjectsV2 and ListMultipartUploads.
#include <algorithm>
#include <charconv>

#include "core/signing/http_date.hpp"
#include "core/stores/xml.hpp"
#include "mocks/stores/model_wire.hpp"
#include "mocks/stores/s3_model.hpp"

namespace recguard::mocks {

namespace {

constexpr int kMaxKeysLimit = 1000;  // S3 never returns more per page (objects or uploads)

}  // namespace

http::Response S3Model::list(const http::Request& req, const Target& t) const {
  std::string prefix, token, start_after, encoding;
  std::optional<std::string> max_keys_text, delimiter;
  for (const auto& [k, v] : http::parse_query(req.query())) {
    if (k == "prefix") prefix = v;
    if (k == "continuation-token") token = v;
    if (k == "start-after") start_after = v;
    if (k == "max-keys") max_keys_text = v;
    if (k == "delimiter") delimiter = v;
    if (k == "encoding-type") encoding = v;
    if (k == "list-type" && v != "2") return error(501, "NotImplemented", "Only ListObjectsV2 is modelled", t);
  }
  if (delimiter) return error(501, "NotImplemented", "Delimiter listings are not modelled", t);
  int max_keys = kMaxKeysLimit;
  if (max_keys_text) {
    int n = -1;
    const auto [end, ec] = std::from_chars(max_keys_text->data(), max_keys_text->data() + max_keys_text->size(), n);
    if (ec != std::errc{} || end != max_keys_text->data() + max_keys_text->size() || n < 0) {
      return error(400, "InvalidArgument", "Provided max-keys not an integer or within integer range", t);
    }
    max_keys = std::min(n, kMaxKeysLimit);
  }
  // The token wins over start-after, as in S3.
  std::string after = start_after;
  if (!token.empty()) {
    const auto name = listing_token_name(token);
    if (!name) return error(400, "InvalidArgument", "The continuation token provided is incorrect", t);
    after = *name;
  }
  const bool url = encoding == "url";
  auto enc = [&](const std::string& s) { return stores::xml_escape(url ? http::uri_encode(s, false) : s); };

  std::string contents;
  int count = 0;
  bool truncated = false;
  std::string last_key;
  auto it = prefix > after ? objects_.lower_bound(prefix) : objects_.upper_bound(after);
  for (; it != objects_.end(); ++it) {
    const std::string& key = it->first;
    if (key.compare(0, prefix.size(), prefix) != 0) {
      if (key > prefix) break;  // sorted: no later key can have the prefix
      continue;
    }
    if (it->second.empty() || it->second.back().delete_marker) continue;
    if (count == max_keys) {
      truncated = max_keys > 0;  // max-keys=0 asks for no keys, not an endless walk
      break;
    }
    const StoredVersion& v = it->second.back();
    contents += "<Contents><Key>" + enc(key) + "</Key><LastModified>" + signing::iso8601_date(v.created_unix_s) +
                "</LastModified><ETag>" + stores::xml_escape(v.etag) + "</ETag><Size>" + std::to_string(v.size) +
                "</Size><StorageClass>STANDARD</StorageClass></Contents>";
    last_key = key;
    ++count;
  }

  std::string xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                    "<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Name>" +
                    stores::xml_escape(bucket_) + "</Name><Prefix>" + enc(prefix) + "</Prefix>";
  if (!token.empty()) xml += "<ContinuationToken>" + stores::xml_escape(token) + "</ContinuationToken>";
  if (!start_after.empty()) xml += "<StartAfter>" + enc(start_after) + "</StartAfter>";
  xml += "<KeyCount>" + std::to_string(count) + "</KeyCount><MaxKeys>" + std::to_string(max_keys) +
         "</MaxKeys>";
  if (url) xml += "<EncodingType>url</EncodingType>";
  xml += std::string("<IsTruncated>") + (truncated ? "true" : "false") + "</IsTruncated>";
  if (truncated) {
    xml += "<NextContinuationToken>" + stores::xml_escape(listing_token(last_key)) + "</NextContinuationToken>";
  }
  xml += contents + "</ListBucketResult>";
  return http::make_response(200, xml, "application/xml");
}

http::Response S3Model::list_uploads(const http::Request& req, const Target& t) const {
  using stores::xml_escape;
  std::string prefix, key_marker, upload_id_marker;
  std::optional<std::string> max_text;
  for (const auto& [k, v] : http::parse_query(req.query())) {
    if (k == "prefix") prefix = v;
    if (k == "key-marker") key_marker = v;
    if (k == "upload-id-marker") upload_id_marker = v;
    if (k == "max-uploads") max_text = v;
    if (k == "delimiter") return error(501, "NotImplemented", "Delimiter listings are not modelled", t);
  }
  int max_uploads = kMaxKeysLimit;
  if (max_text) {
    int n = -1;
    const auto [end, ec] = std::from_chars(max_text->data(), max_text->data() + max_text->size(), n);
    if (ec != std::errc{} || end != max_text->data() + max_text->size() || n < 0) {
      return error(400, "InvalidArgument", "Provided max-uploads not an integer or within integer range", t);
    }
    max_uploads = std::min(n, kMaxKeysLimit);
  }
  // S3's order: by key, then one key's uploads by when they began (the
  // model's creation sequence: no clock ties, no pointer order).
  struct Listed {
    const std::string* key;
    std::uint64_t seq;
    const std::string* id;
    const Upload* upload;
  };
  std::vector<Listed> order;
  for (const auto& [id, u] : uploads_) {
    if (u.key.compare(0, prefix.size(), prefix) == 0) order.push_back({&u.key, u.seq, &id, &u});
  }
  std::sort(order.begin(), order.end(), [](const Listed& a, const Listed& b) {
    return *a.key != *b.key ? *a.key < *b.key : a.seq < b.seq;  // seq is unique: a total order
  });
  // key-marker alone: keys after it; with upload-id-marker: that key's
  // uploads after the named one, then later keys.
  std::uint64_t after_seq = 0;
  if (!upload_id_marker.empty()) {
    const auto m = uploads_.find(upload_id_marker);
    if (m != uploads_.end() && m->second.key == key_marker) after_seq = m->second.seq;
  }
  std::string uploads;
  int count = 0;
  bool truncated = false;
  std::string next_key, next_id;
  for (const auto& [key_ptr, seq, id, u] : order) {
    const std::string& key = *key_ptr;
    if (!key_marker.empty()) {
      if (key < key_marker) continue;
      if (key == key_marker && (upload_id_marker.empty() || seq <= after_seq)) continue;
    }
    if (count == max_uploads) {
      truncated = max_uploads > 0;
      break;
    }
    uploads += "<Upload><Key>" + xml_escape(key) + "</Key><UploadId>" + xml_escape(*id) +
               "</UploadId><Initiator><ID>" + xml_escape(u->initiator) + "</ID><DisplayName>" +
               xml_escape(u->initiator) + "</DisplayName></Initiator><Owner><ID>" + xml_escape(u->initiator) +
               "</ID><DisplayName>" + xml_escape(u->initiator) +
               "</DisplayName></Owner><StorageClass>STANDARD</StorageClass><Initiated>" +
               signing::iso8601_date(u->initiated_unix_s) + "</Initiated>";
    if (u->checksum_sha256) uploads += "<ChecksumAlgorithm>SHA256</ChecksumAlgorithm>";
    uploads += "</Upload>";
    next_key = key;
    next_id = *id;
    ++count;
  }

  std::string xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                    "<ListMultipartUploadsResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Bucket>" +
                    xml_escape(bucket_) + "</Bucket><KeyMarker>" + xml_escape(key_marker) +
                    "</KeyMarker><UploadIdMarker>" + xml_escape(upload_id_marker) + "</UploadIdMarker>";
  if (truncated) {
    xml += "<NextKeyMarker>" + xml_escape(next_key) + "</NextKeyMarker><NextUploadIdMarker>" + xml_escape(next_id) +
           "</NextUploadIdMarker>";
  }
  xml += "<Prefix>" + xml_escape(prefix) + "</Prefix><MaxUploads>" + std::to_string(max_uploads) +
         "</MaxUploads><IsTruncated>" + (truncated ? "true" : "false") + "</IsTruncated>" + uploads +
         "</ListMultipartUploadsResult>";
  return http::make_response(200, xml, "application/xml");
}

}  // namespace recguard::mocks
