// S3Model: ListObjectsV2.
#include <charconv>

#include "core/signing/http_date.hpp"
#include "core/stores/xml.hpp"
#include "mocks/stores/model_wire.hpp"
#include "mocks/stores/s3_model.hpp"

namespace recguard::mocks {

namespace {

constexpr int kMaxKeysLimit = 1000;  // S3 never returns more per page

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

}  // namespace recguard::mocks
