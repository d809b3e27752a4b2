// Azure Blob codec: List Blobs with metadata, one page at a time, for the
// reconciler.
#include <charconv>

#include "core/stores/azure_blob_client_impl.hpp"
#include "core/stores/xml.hpp"

namespace recguard::stores::azure_detail {

http::Request AzureBlobClient::build_list(const ListSpec& spec, std::int64_t unix_seconds) const {
  http::Request r = container_base("GET");
  // include=metadata brings each blob's x-ms-meta-sha256, so the reconciler
  // needs no HEAD per blob.
  r.target += "?restype=container&comp=list&include=metadata";
  if (!spec.prefix.empty()) r.target += "&prefix=" + http::uri_encode(spec.prefix, true);
  if (spec.max_keys > 0) r.target += "&maxresults=" + std::to_string(spec.max_keys);
  if (!spec.continuation.empty()) r.target += "&marker=" + http::uri_encode(spec.continuation, true);
  signing::sign_shared_key(r, cfg_.credentials, unix_seconds);
  return r;
}

Result<ListPage> AzureBlobClient::parse_list(const http::Response& resp) const {
  const std::string_view body = resp.body_view();
  if (resp.status != 200) {
    return Error{"Azure List Blobs answered " + std::to_string(resp.status) + " " + error_code_of(resp)};
  }
  if (body.find("<EnumerationResults") == std::string_view::npos) {
    return Error{"Azure List Blobs answered 200 without EnumerationResults"};
  }
  ListPage page;
  for (const auto blob : xml_elements(body, "Blob")) {
    ListedObject o;
    o.key = xml_text(blob, "Name");
    // Listings write the ETag bare; PUT and HEAD quote it. Quoted here so
    // the two compare.
    o.etag = xml_text(blob, "Etag");
    if (!o.etag.empty() && o.etag.front() != '"') o.etag = "\"" + o.etag + "\"";
    const std::string size = xml_text(blob, "Content-Length");
    std::from_chars(size.data(), size.data() + size.size(), o.size);
    const auto metadata = xml_elements(blob, "Metadata");
    if (!metadata.empty()) o.sha256_hex = xml_text(metadata.front(), "sha256");
    page.objects.push_back(std::move(o));
  }
  page.next = xml_text(body, "NextMarker");
  return page;
}

}  // namespace recguard::stores::azure_detail
