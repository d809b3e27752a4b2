// AzureBlobModel: Get Blob and Get Blob Properties.
#include "core/crypto/digest.hpp"
#include "core/signing/http_date.hpp"
#include "core/signing/shared_key.hpp"
#include "mocks/stores/azure_blob_model.hpp"
#include "mocks/stores/model_wire.hpp"

namespace recguard::mocks {

http::Response AzureBlobModel::read(const http::Request& req, const Target& t) const {
  const bool head = req.method == "HEAD";
  const StoredVersion* v = live(t.blob);
  if (!v) return error(404, "BlobNotFound", "The specified blob does not exist.", !head);

  // A block-list blob keeps digests, not bytes (stored_version.hpp): its
  // properties are served, its content is not.
  if (v->part_count > 0 && !head) {
    return error(501, "NotImplemented", "Reading back a block-list blob is not modelled (digests only).");
  }

  std::string md5_raw;
  crypto::from_hex(v->md5_hex, md5_raw);
  // Put Blob: the MD5 the service computed; Put Block List: what the writer
  // declared, if anything (Azure computes none for a committed block list).
  const std::string md5_b64 = v->part_count > 0 ? v->declared_content_md5_b64 : crypto::base64_encode(md5_raw);
  // x-ms-range wins over Range when both are sent (documented behaviour).
  const auto range_header = req.headers.get("x-ms-range") ? req.headers.get("x-ms-range") : req.headers.get("Range");
  // Get Blob Properties ignores a Range: it describes the whole blob.
  const auto range = parse_byte_range(head ? std::string{} : range_header.value_or(""), v->size);
  if (range && !range->satisfiable) {
    http::Response r =
        error(416, "InvalidRange", "The range specified is invalid for the current size of the resource.");
    r.headers.set("Content-Range", "bytes */" + std::to_string(v->size));
    return r;
  }

  http::Response r;
  r.status = range ? 206 : 200;
  r.headers.set("ETag", v->etag);
  r.headers.set("Last-Modified", signing::rfc1123_date(v->created_unix_s));
  r.headers.set("x-ms-creation-time", signing::rfc1123_date(v->created_unix_s));
  r.headers.set("Content-Type", v->content_type);
  r.headers.set("Accept-Ranges", "bytes");
  r.headers.set("x-ms-blob-type", "BlockBlob");
  r.headers.set("x-ms-version", signing::kAzureApiVersion);
  for (const auto& [name, value] : v->metadata) r.headers.set("x-ms-meta-" + name, value);
  if (range) {
    // A range's bytes have another MD5: the blob's own travels separately.
    r.headers.set("x-ms-blob-content-md5", md5_b64);
    r.headers.set("Content-Range", "bytes " + std::to_string(range->first) + "-" + std::to_string(range->last) + "/" +
                                       std::to_string(v->size));
    r.headers.set("Content-Length", std::to_string(range->last - range->first + 1));
    if (v->bytes) {
      const auto b = v->bytes->begin();
      r.body = std::make_shared<const ByteVec>(b + range->first, b + range->last + 1);
    }
  } else {
    if (!md5_b64.empty()) r.headers.set("Content-MD5", md5_b64);
    r.headers.set("Content-Length", std::to_string(v->size));
    if (!head) r.body = v->bytes;  // shared, no copy
  }
  return r;
}

}  // namespace recguard::mocks
