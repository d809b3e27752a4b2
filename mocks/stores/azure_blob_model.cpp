#include "mocks/stores/azure_blob_model.hpp"

#include <cstdio>

#include "core/crypto/digest.hpp"
#include "core/signing/shared_key.hpp"
#include "mocks/stores/digest_memo.hpp"

namespace recguard::mocks {

AzureBlobModel::AzureBlobModel(std::string account, std::string container)
    : account_(std::move(account)), container_(std::move(container)) {}

void AzureBlobModel::add_credential(std::string account, std::string key_base64) {
  keys_[std::move(account)] = std::move(key_base64);
}

void AzureBlobModel::revoke_credential(const std::string& account) { revoked_.insert(account); }

http::Response AzureBlobModel::error(int status, const std::string& code, const std::string& message) const {
  http::Response r = http::make_response(
      status, "<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>" + code + "</Code><Message>" + message +
                  "</Message></Error>",
      "application/xml");
  r.headers.set("x-ms-error-code", code);
  return r;
}

http::Response AzureBlobModel::handle(const http::Request& req, std::int64_t unix_seconds) {
  ++requests_;
  const auto verdict = signing::verify_shared_key(req, [&](const std::string& acct) -> std::optional<std::string> {
    auto it = keys_.find(acct);
    if (it == keys_.end()) return std::nullopt;
    return it->second;
  });
  if (!verdict.account.empty()) credentials_seen_.insert(verdict.account);
  if (!verdict.ok || revoked_.count(verdict.account)) {
    return error(403, "AuthenticationFailed", "Server failed to authenticate the request.");
  }
  const std::string path = http::uri_decode(req.path());
  const std::string prefix = "/" + container_ + "/";
  if (path.rfind(prefix, 0) != 0 || path.size() == prefix.size()) {
    return error(404, "ContainerNotFound", "The specified container does not exist.");
  }
  const std::string blob = path.substr(prefix.size());
  auto it = objects_.find(blob);
  const StoredVersion* current = it == objects_.end() || it->second.empty() ? nullptr : &it->second.back();

  if (req.method == "PUT") {
    const ByteView body = req.body ? ByteView(*req.body) : ByteView{};
    const BodyDigests& d = digests_of(req.body);
    const ByteView md5 = view(d.md5_raw);
    if (auto cmd5 = req.headers.get("Content-MD5"); cmd5 && *cmd5 != crypto::base64_encode(md5)) {
      return error(400, "Md5Mismatch", "The MD5 value specified in the request did not match the stored value.");
    }
    if (req.headers.get("If-None-Match") == std::string("*") && current) {
      return error(409, "BlobAlreadyExists", "The specified blob already exists.");
    }
    if (current) ++replaced_versions_;
    StoredVersion v;
    char etag[32];
    std::snprintf(etag, sizeof etag, "\"0x8D%012llX\"", static_cast<unsigned long long>(next_etag_++));
    v.version_id = etag;
    v.size = static_cast<std::int64_t>(body.size());
    v.md5_hex = crypto::to_hex(md5);
    v.sha256_hex = crypto::to_hex(view(d.sha256_raw));
    v.etag = etag;
    v.created_unix_s = unix_seconds;
    v.credential = verdict.account;
    v.bytes = req.body;
    objects_[blob].push_back(v);
    http::Response r = http::make_response(201);
    r.headers.set("ETag", v.etag);
    r.headers.set("Content-MD5", crypto::base64_encode(md5));
    r.headers.set("x-ms-request-server-encrypted", "true");
    // The client's own metadata is echoed back on reads; keep it.
    metadata_sha_[blob] = req.headers.get("x-ms-meta-sha256").value_or("");
    return r;
  }
  if (req.method == "HEAD" || req.method == "GET") {
    if (!current) return req.method == "HEAD" ? http::make_response(404) : error(404, "BlobNotFound", "The specified blob does not exist.");
    http::Response r;
    r.status = 200;
    r.headers.set("ETag", current->etag);
    r.headers.set("Content-Length", std::to_string(current->size));
    std::string raw;
    crypto::from_hex(current->md5_hex, raw);
    r.headers.set("Content-MD5", crypto::base64_encode(raw));
    r.headers.set("x-ms-blob-type", "BlockBlob");
    if (auto m = metadata_sha_.find(blob); m != metadata_sha_.end() && !m->second.empty()) {
      r.headers.set("x-ms-meta-sha256", m->second);
    }
    if (req.method == "GET") r.body = current->bytes;
    return r;
  }
  return error(405, "UnsupportedHttpVerb", "The resource doesn't support the specified HTTP verb.");
}

}  // namespace recguard::mocks
