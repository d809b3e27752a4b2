// AzureBlobModel: List Blobs.
#include <charconv>

#include "core/crypto/digest.hpp"
#include "core/signing/http_date.hpp"
#include "core/signing/shared_key.hpp"
#include "core/stores/xml.hpp"
#include "mocks/stores/azure_blob_model.hpp"
#include "mocks/stores/model_wire.hpp"

namespace recguard::mocks {

namespace {

constexpr int kMaxResultsLimit = 5000;  // Azure never returns more per page

std::string unquoted(const std::string& etag) {
  return etag.size() >= 2 && etag.front() == '"' && etag.back() == '"' ? etag.substr(1, etag.size() - 2) : etag;
}

}  // namespace

http::Response AzureBlobModel::list(const http::Request& req, const Target& t) const {
  using stores::xml_escape;
  std::string prefix, marker, include;
  std::optional<std::string> max_text, delimiter;
  for (const auto& [k, v] : http::parse_query(req.query())) {
    if (k == "prefix") prefix = v;
    if (k == "marker") marker = v;
    if (k == "maxresults") max_text = v;
    if (k == "include") include = v;
    if (k == "delimiter") delimiter = v;
  }
  if (delimiter) return error(501, "NotImplemented", "Delimiter listings are not modelled.");
  int max_results = kMaxResultsLimit;
  if (max_text) {
    int n = 0;
    const auto [end, ec] = std::from_chars(max_text->data(), max_text->data() + max_text->size(), n);
    if (ec != std::errc{} || end != max_text->data() + max_text->size() || n <= 0) {
      return error(400, "OutOfRangeQueryParameterValue",
                   "One of the query parameters specified in the request URI is outside the permissible range.");
    }
    max_results = std::min(n, kMaxResultsLimit);
  }
  std::string after;
  if (!marker.empty()) {
    const auto name = listing_token_name(marker);
    if (!name) return error(400, "InvalidQueryParameterValue", "The marker is not valid.");
    after = *name;
  }
  const bool with_metadata = include.find("metadata") != std::string::npos;

  std::string blobs;
  int count = 0;
  bool more = false;
  std::string last;
  auto it = prefix > after ? objects_.lower_bound(prefix) : objects_.upper_bound(after);
  for (; it != objects_.end(); ++it) {
    const std::string& name = it->first;
    if (name.compare(0, prefix.size(), prefix) != 0) {
      if (name > prefix) break;  // sorted: no later name can have the prefix
      continue;
    }
    if (it->second.empty() || it->second.back().delete_marker) continue;
    if (count == max_results) {
      more = true;
      break;
    }
    const StoredVersion& v = it->second.back();
    std::string md5_raw;
    crypto::from_hex(v.md5_hex, md5_raw);
    blobs += "<Blob><Name>" + xml_escape(name) + "</Name><Properties><Creation-Time>" +
             signing::rfc1123_date(v.created_unix_s) + "</Creation-Time><Last-Modified>" +
             signing::rfc1123_date(v.created_unix_s) + "</Last-Modified><Etag>" + xml_escape(unquoted(v.etag)) +
             "</Etag><Content-Length>" + std::to_string(v.size) + "</Content-Length><Content-Type>" +
             xml_escape(v.content_type) + "</Content-Type><Content-MD5>" +
             (v.part_count > 0 ? v.declared_content_md5_b64 : crypto::base64_encode(md5_raw)) +
             "</Content-MD5><BlobType>BlockBlob</BlobType></Properties>";
    if (with_metadata) {
      blobs += "<Metadata>";
      for (const auto& [k, val] : v.metadata) blobs += "<" + k + ">" + xml_escape(val) + "</" + k + ">";
      blobs += "</Metadata>";
    }
    blobs += "</Blob>";
    last = name;
    ++count;
  }

  std::string xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?><EnumerationResults ServiceEndpoint=\"https://" +
                    xml_escape(t.host) + "/\" ContainerName=\"" + xml_escape(container_) + "\">";
  if (!prefix.empty()) xml += "<Prefix>" + xml_escape(prefix) + "</Prefix>";
  if (!marker.empty()) xml += "<Marker>" + xml_escape(marker) + "</Marker>";
  if (max_text) xml += "<MaxResults>" + std::to_string(max_results) + "</MaxResults>";
  xml += "<Blobs>" + blobs + "</Blobs>";
  xml += more ? "<NextMarker>" + xml_escape(listing_token(last)) + "</NextMarker>" : std::string("<NextMarker />");
  xml += "</EnumerationResults>";
  http::Response r = http::make_response(200, xml, "application/xml");
  r.headers.set("x-ms-version", signing::kAzureApiVersion);
  return r;
}

}  // namespace recguard::mocks
