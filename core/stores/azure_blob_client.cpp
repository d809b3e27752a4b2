// Azure Blob codec: Put Blob (BlockBlob, create-only) and Get Blob Properties,
// host-style or Azurite path-style, SharedKey-signed. Put Block / Put Block
// List are in azure_block_list.cpp, List Blobs in azure_listing.cpp.
#include "core/stores/azure_blob_client_impl.hpp"
#include "core/stores/xml.hpp"

namespace recguard::stores {

namespace azure_detail {

WriteOutcomeKind classify_write(int s, const std::string& code) {
  if (s >= 200 && s < 300) return WriteOutcomeKind::created;
  if ((s == 409 && (code.empty() || code == "BlobAlreadyExists")) || s == 412) return WriteOutcomeKind::already_exists;
  if (s == 429 || (s == 503 && code == "ServerBusy") || (s == 500 && code == "OperationTimedOut")) {
    return WriteOutcomeKind::throttled;
  }
  if (s >= 500) return WriteOutcomeKind::server_error;
  if (s == 400 && (code == "Md5Mismatch" || code == "Crc64Mismatch" || code == "InvalidMd5")) {
    return WriteOutcomeKind::rejected_digest;
  }
  if (s == 401 || s == 403) return WriteOutcomeKind::auth_error;
  return WriteOutcomeKind::client_error;
}

std::string error_code_of(const http::Response& resp) {
  return resp.headers.get("x-ms-error-code").value_or(xml_error_code(resp.body_view()));
}

http::Request AzureBlobClient::build_put(const PutSpec& spec, std::int64_t unix_seconds) const {
  http::Request r = base("PUT", spec.key);
  r.body = spec.body;
  // Content-Length is part of the SharedKey string-to-sign, so it is set
  // here, before signing, rather than left to the transport.
  r.headers.set("Content-Length", std::to_string(r.body_size()));
  r.headers.set("Content-Type", spec.content_type);
  r.headers.set("Content-MD5", spec.md5_b64);
  r.headers.set("x-ms-blob-type", "BlockBlob");
  // Azure keeps no SHA-256 of its own: carry ours as metadata so the
  // "already exists" check can compare like with like.
  r.headers.set("x-ms-meta-sha256", spec.sha256_hex);
  if (spec.create_only) r.headers.set("If-None-Match", "*");
  signing::sign_shared_key(r, cfg_.credentials, unix_seconds);
  return r;
}

WriteOutcome AzureBlobClient::parse_put(const http::Response& resp) const {
  WriteOutcome o;
  o.status = resp.status;
  o.error_code = error_code_of(resp);
  o.retry_after_s = retry_after_seconds(resp);
  o.kind = classify_write(resp.status, o.error_code);
  if (o.kind == WriteOutcomeKind::created) {
    o.error_code.clear();
    o.etag = resp.headers.get("ETag").value_or("");
  }
  return o;
}

http::Request AzureBlobClient::build_head(const std::string& key, std::int64_t unix_seconds) const {
  http::Request r = base("HEAD", key);
  signing::sign_shared_key(r, cfg_.credentials, unix_seconds);
  return r;
}

http::Request AzureBlobClient::build_get(const std::string& key, std::int64_t unix_seconds) const {
  http::Request r = base("GET", key);
  signing::sign_shared_key(r, cfg_.credentials, unix_seconds);
  return r;
}

Result<ObjectInfo> AzureBlobClient::parse_head(const http::Response& resp) const {
  ObjectInfo info;
  if (resp.status == 404) return info;
  if (resp.status != 200) {
    return Error{"Get Blob Properties answered " + std::to_string(resp.status) + " " +
                 resp.headers.get("x-ms-error-code").value_or("")};
  }
  info.exists = true;
  info.etag = resp.headers.get("ETag").value_or("");
  info.sha256_hex = resp.headers.get("x-ms-meta-sha256").value_or("");
  info.size = content_length(resp);
  return info;
}

http::Request AzureBlobClient::base(const char* method, const std::string& key) const {
  http::Request r;
  r.method = method;
  r.target = (cfg_.path_style ? "/" + cfg_.account : std::string{}) + "/" + cfg_.container + "/" +
             http::uri_encode(key, false);
  r.headers.set("Host", cfg_.host);
  return r;
}

http::Request AzureBlobClient::container_base(const char* method) const {
  http::Request r;
  r.method = method;
  r.target = (cfg_.path_style ? "/" + cfg_.account : std::string{}) + "/" + cfg_.container;
  r.headers.set("Host", cfg_.host);
  return r;
}

}  // namespace azure_detail

std::unique_ptr<StoreClient> make_azure_blob_client(AzureConfig cfg) {
  return std::make_unique<azure_detail::AzureBlobClient>(std::move(cfg));
}

}  // namespace recguard::stores
