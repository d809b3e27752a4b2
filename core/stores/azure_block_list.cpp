// Azure Blob codec: a block blob in parts (Put Block, Put Block List),
// host-style or Azurite path-style, SharedKey-signed. Block blobs have no
// begin and no abort: blocks are staged under the blob's name and the ones
// never committed are discarded by the service.
#include <cassert>
#include <cstdio>

#include "core/crypto/digest.hpp"
#include "core/stores/azure_blob_client_impl.hpp"
#include "core/stores/xml.hpp"

namespace recguard::stores {

std::string azure_block_id(int part_number) {
  assert(part_number >= 1);
  assert(part_number <= 999999);
  char text[16];
  std::snprintf(text, sizeof text, "part-%06d", part_number);
  return crypto::base64_encode(std::string_view(text));
}

namespace azure_detail {

std::optional<http::Request> AzureBlobClient::build_begin_upload(const BeginUploadSpec&, std::int64_t) const {
  return std::nullopt;
}

Result<std::string> AzureBlobClient::parse_begin_upload(const http::Response&) const {
  return Error{"Azure block blobs have no begin step (build_begin_upload gives none)"};
}

http::Request AzureBlobClient::build_upload_part(const PartSpec& spec, std::int64_t unix_seconds) const {
  http::Request r = base("PUT", spec.key);
  // base64 may hold '+', '/' and '=': encoded, or '+' would read as a space.
  r.target += "?comp=block&blockid=" + http::uri_encode(azure_block_id(spec.part_number), true);
  r.body = spec.body;
  r.headers.set("Content-Length", std::to_string(r.body_size()));
  r.headers.set("Content-MD5", spec.md5_b64);
  signing::sign_shared_key(r, cfg_.credentials, unix_seconds);
  return r;
}

PartOutcome AzureBlobClient::parse_upload_part(const http::Response& resp) const {
  PartOutcome o;
  o.status = resp.status;
  o.error_code = error_code_of(resp);
  o.retry_after_s = retry_after_seconds(resp);
  o.kind = classify_write(resp.status, o.error_code);
  // A block cannot collide with a blob: a 409 here (BlockCountExceedsLimit,
  // a lease) is a plain refusal.
  if (o.kind == WriteOutcomeKind::already_exists || o.kind == WriteOutcomeKind::race_conflict) {
    o.kind = WriteOutcomeKind::client_error;
  }
  if (o.kind == WriteOutcomeKind::created) o.error_code.clear();
  return o;
}

http::Request AzureBlobClient::build_complete_upload(const CompleteSpec& spec, std::int64_t unix_seconds) const {
  assert(spec.part_count >= 1);
  std::string xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?><BlockList>";
  // Latest: the block staged most recently under this id, which is the one
  // this upload sent.
  for (int n = 1; n <= spec.part_count; ++n) xml += "<Latest>" + azure_block_id(n) + "</Latest>";
  xml += "</BlockList>";

  http::Request r = base("PUT", spec.key);
  r.target += "?comp=blocklist";
  r.headers.set("Content-MD5", crypto::base64_encode(crypto::md5(xml)));  // of the list, checked by the service
  r.body = share(xml);
  r.headers.set("Content-Length", std::to_string(r.body_size()));
  r.headers.set("Content-Type", "application/xml");
  r.headers.set("x-ms-blob-content-type", spec.content_type);
  // Azure does not compute a committed blob's MD5: it stores what we declare.
  if (!spec.md5_b64.empty()) r.headers.set("x-ms-blob-content-md5", spec.md5_b64);
  r.headers.set("x-ms-meta-sha256", spec.sha256_hex);
  if (spec.create_only) r.headers.set("If-None-Match", "*");
  signing::sign_shared_key(r, cfg_.credentials, unix_seconds);
  return r;
}

WriteOutcome AzureBlobClient::parse_complete_upload(const http::Response& resp) const { return parse_put(resp); }

std::optional<http::Request> AzureBlobClient::build_abort_upload(const std::string&, const std::string&,
                                                                 std::int64_t) const {
  return std::nullopt;
}

}  // namespace azure_detail

}  // namespace recguard::stores
