// S3 codec: ListObjectsV2, one page at a time, for the reconciler.
#include <charconv>

#include "core/stores/s3_client_impl.hpp"
#include "core/stores/xml.hpp"

namespace recguard::stores::s3_detail {

http::Request S3Client::build_list(const ListSpec& spec, std::int64_t unix_seconds) const {
  http::Request r;
  r.method = "GET";
  // encoding-type=url: S3 then percent-encodes keys in the answer, so a key
  // with characters XML 1.0 cannot carry still comes back intact.
  r.target = "/" + cfg_.bucket + "?list-type=2&encoding-type=url&prefix=" + http::uri_encode(spec.prefix, true);
  if (spec.max_keys > 0) r.target += "&max-keys=" + std::to_string(spec.max_keys);
  if (!spec.continuation.empty()) r.target += "&continuation-token=" + http::uri_encode(spec.continuation, true);
  r.headers.set("Host", cfg_.host);
  sign(r, std::string(signing::kEmptySha256Hex), unix_seconds);
  return r;
}

Result<ListPage> S3Client::parse_list(const http::Response& resp) const {
  const std::string_view body = resp.body_view();
  if (resp.status != 200) {
    return Error{"S3 ListObjectsV2 answered " + std::to_string(resp.status) + " " + xml_error_code(body)};
  }
  // The root carries an xmlns attribute: look for its opening only.
  if (body.find("<ListBucketResult") == std::string_view::npos) {
    return Error{"S3 ListObjectsV2 answered 200 without a result"};
  }
  const bool url = xml_text(body, "EncodingType") == "url";
  ListPage page;
  for (const auto contents : xml_elements(body, "Contents")) {
    ListedObject o;
    o.key = xml_text(contents, "Key");
    // Percent-decoding, not form-decoding: a '+' in a key is a literal '+'.
    if (url) {
      std::string decoded;
      for (std::size_t i = 0; i < o.key.size(); ++i) {
        if (o.key[i] == '%' && i + 2 < o.key.size()) {
          int v = 0;
          const auto [end, ec] = std::from_chars(o.key.data() + i + 1, o.key.data() + i + 3, v, 16);
          if (ec == std::errc{} && end == o.key.data() + i + 3) {
            decoded.push_back(static_cast<char>(v));
            i += 2;
            continue;
          }
        }
        decoded.push_back(o.key[i]);
      }
      o.key = std::move(decoded);
    }
    o.etag = xml_text(contents, "ETag");
    const std::string size = xml_text(contents, "Size");
    std::from_chars(size.data(), size.data() + size.size(), o.size);
    page.objects.push_back(std::move(o));
  }
  if (xml_text(body, "IsTruncated") == "true") {
    page.next = xml_text(body, "NextContinuationToken");
    if (page.next.empty()) return Error{"S3 ListObjectsV2 is truncated but names no NextContinuationToken"};
  }
  return page;
}

}  // namespace recguard::stores::s3_detail
