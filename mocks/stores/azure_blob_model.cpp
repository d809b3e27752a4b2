#include "mocks/stores/azure_blob_model.hpp"

#include <algorithm>
#include <cstdio>

#include "core/crypto/digest.hpp"
#include "core/signing/http_date.hpp"
#include "core/signing/shared_key.hpp"
#include "mocks/stores/digest_memo.hpp"
#include "mocks/stores/model_wire.hpp"

namespace recguard::mocks {

namespace {

// Azurite's rule: an IP address, "localhost" or a dotless host means the
// account is the first path segment (path-style); otherwise it is the first
// label of the host name.
bool path_style_host(std::string host) {
  host = host.substr(0, host.find(':'));
  const bool ipv4 = !host.empty() && std::all_of(host.begin(), host.end(), [](char c) {
    return (c >= '0' && c <= '9') || c == '.';
  });
  return ipv4 || host == "localhost" || host.find('.') == std::string::npos;
}

int status_for_auth_error(const std::string& code) {
  if (code == "NoAuthenticationInformation") return 401;
  if (code == "InvalidAuthenticationInfo") return 400;
  return 403;
}

}  // namespace

AzureBlobModel::AzureBlobModel(std::string account, std::string container)
    : account_(std::move(account)), container_(std::move(container)) {}

void AzureBlobModel::add_credential(std::string account, std::string key_base64) {
  revoked_.erase(account);
  keys_[std::move(account)] = std::move(key_base64);
}

void AzureBlobModel::revoke_credential(const std::string& account) { revoked_.insert(account); }

void AzureBlobModel::restore_credential(const std::string& account) { revoked_.erase(account); }

http::Response AzureBlobModel::error(int status, std::string_view code, std::string_view message,
                                     bool with_body) const {
  return azure_error(status, code, message, "req-" + std::to_string(requests_), with_body);
}

const StoredVersion* AzureBlobModel::live(const std::string& blob) const {
  auto it = objects_.find(blob);
  if (it == objects_.end() || it->second.empty() || it->second.back().delete_marker) return nullptr;
  return &it->second.back();
}

http::Response AzureBlobModel::handle(const http::Request& req, std::int64_t unix_seconds) {
  ++requests_;
  const bool head = req.method == "HEAD";
  const auto verdict = signing::verify_shared_key(req, [&](const std::string& acct) -> std::optional<std::string> {
    auto it = keys_.find(acct);
    if (it == keys_.end() || revoked_.count(acct)) return std::nullopt;
    return it->second;
  });
  if (!verdict.account.empty()) credentials_seen_.insert(verdict.account);
  if (!verdict.ok) {
    return error(status_for_auth_error(verdict.error), verdict.error,
                 "Server failed to authenticate the request. Make sure the value of Authorization header is formed "
                 "correctly including the signature.",
                 !head);
  }
  const auto date = req.headers.get("x-ms-date") ? req.headers.get("x-ms-date") : req.headers.get("Date");
  const auto signed_at = date ? signing::parse_rfc1123_date(*date) : std::nullopt;
  if (!signed_at || *signed_at > unix_seconds + kMaxClockSkewSeconds ||
      *signed_at < unix_seconds - kMaxClockSkewSeconds) {
    return error(403, "AuthenticationFailed", "Request date header too old or too far in the future.", !head);
  }

  Target t;
  t.host = req.headers.get("Host").value_or("");
  std::string path = decode_path(req.path());
  if (path_style_host(t.host)) {
    const std::string account_prefix = "/" + account_;
    if (path.rfind(account_prefix, 0) != 0 ||
        (path.size() > account_prefix.size() && path[account_prefix.size()] != '/')) {
      return error(400, "InvalidUri", "The requested URI does not represent any resource on the server.", !head);
    }
    path = path.substr(account_prefix.size());
  } else if (t.host.substr(0, t.host.find('.')) != account_) {
    return error(400, "InvalidUri", "The requested URI does not represent any resource on the server.", !head);
  }
  const std::string container_prefix = "/" + container_;
  if (path != container_prefix && path.rfind(container_prefix + "/", 0) != 0) {
    return error(404, "ContainerNotFound", "The specified container does not exist.", !head);
  }
  t.blob = path.size() > container_prefix.size() + 1 ? path.substr(container_prefix.size() + 1) : std::string{};

  const auto query = http::parse_query(req.query());
  auto param = [&](std::string_view name) -> std::optional<std::string> {
    for (const auto& [k, v] : query) {
      if (k == name) return v;
    }
    return std::nullopt;
  };
  if (t.blob.empty()) {
    if (req.method == "GET" && param("restype") == std::string("container") && param("comp") == std::string("list")) {
      return list(req, t);
    }
    return error(501, "NotImplemented", "Only List Blobs is modelled at container level.", !head);
  }
  if (const auto comp = param("comp")) {
    if (req.method == "PUT" && *comp == "block") return put_block(req, t);
    if (req.method == "PUT" && *comp == "blocklist") return put_block_list(req, t, verdict.account, unix_seconds);
    return error(501, "NotImplemented", "Only Put Block and Put Block List are modelled among blob operations.",
                 !head);
  }
  if (req.method == "PUT") return put(req, t, verdict.account, unix_seconds);
  if (req.method == "GET" || head) return read(req, t);
  if (req.method == "DELETE") return remove(t, verdict.account, unix_seconds);
  return error(405, "UnsupportedHttpVerb", "The resource doesn't support the specified HTTP verb.", !head);
}

http::Response AzureBlobModel::put(const http::Request& req, const Target& t, const std::string& credential,
                                   std::int64_t unix_seconds) {
  const auto blob_type = req.headers.get("x-ms-blob-type");
  if (!blob_type)
    return error(400, "MissingRequiredHeader", "An HTTP header that's mandatory for this request is not specified.");
  if (*blob_type != "BlockBlob") return error(501, "NotImplemented", "Only BlockBlob is modelled.");
  const auto body_size = static_cast<std::int64_t>(req.body_size());
  const BodyDigests& d = digests_of(req.body);
  if (auto refused = content_md5_refusal(req, d.md5_raw)) return *refused;
  // After the MD5 check on purpose: a torn body that still carries the
  // writer's Content-MD5 is reported as the digest mismatch it is.
  if (auto declared = req.headers.get("Content-Length"); declared && *declared != std::to_string(body_size)) {
    return error(400, "InvalidHeaderValue", "The value for one of the HTTP headers is not in the correct format.");
  }
  const StoredVersion* current = live(t.blob);
  if (auto refusal = write_condition_refusal(req, current)) return *refusal;
  // No versioning: the old content is gone for every reader from here on.
  if (current) ++replaced_versions_;
  committed_.erase(t.blob);  // a Put Blob has no committed blocks

  StoredVersion v;
  v.etag = fresh_etag();
  v.version_id = v.etag;
  v.size = body_size;
  v.md5_hex = crypto::to_hex(view(d.md5_raw));
  v.sha256_hex = crypto::to_hex(view(d.sha256_raw));
  v.created_unix_s = unix_seconds;
  v.credential = credential;
  v.bytes = req.body;
  v.content_type = req.headers.get("Content-Type").value_or("application/octet-stream");
  v.metadata = metadata_headers(req.headers, "x-ms-meta-");
  objects_[t.blob].push_back(v);

  return created_answer(v.etag, d.md5_raw, unix_seconds);
}

std::optional<http::Response> AzureBlobModel::content_md5_refusal(const http::Request& req,
                                                                  const std::string& body_md5_raw) const {
  if (auto cmd5 = req.headers.get("Content-MD5")) {
    std::string raw;
    if (!crypto::base64_decode(*cmd5, raw) || raw.size() != 16) {
      return error(400, "InvalidMd5", "The MD5 value specified in the request is invalid.");
    }
    if (raw != body_md5_raw) {
      return error(400, "Md5Mismatch",
                   "The MD5 value specified in the request did not match with the MD5 value "
                   "calculated by the server.");
    }
  }
  return std::nullopt;
}

// 201 Created for Put Blob and Put Block List alike. Content-MD5 is of the
// request body the service received (the blob, or the block list).
http::Response AzureBlobModel::created_answer(const std::string& etag, const std::string& body_md5_raw,
                                              std::int64_t unix_seconds) const {
  http::Response r = http::make_response(201);
  r.headers.set("ETag", etag);
  r.headers.set("Last-Modified", signing::rfc1123_date(unix_seconds));
  r.headers.set("Content-MD5", crypto::base64_encode(view(body_md5_raw)));
  r.headers.set("x-ms-request-server-encrypted", "true");
  r.headers.set("x-ms-version", signing::kAzureApiVersion);
  r.headers.set("x-ms-request-id", "req-" + std::to_string(requests_));
  return r;
}

std::string AzureBlobModel::fresh_etag() {
  char etag[32];
  std::snprintf(etag, sizeof etag, "\"0x8D%013llX\"", static_cast<unsigned long long>(next_etag_++));
  return etag;
}

std::size_t AzureBlobModel::uncommitted_blocks(const std::string& blob) const {
  const auto it = staged_.find(blob);
  return it == staged_.end() ? 0 : it->second.blocks.size();
}

std::optional<http::Response> AzureBlobModel::write_condition_refusal(const http::Request& req,
                                                                      const StoredVersion* current) const {
  if (auto inm = req.headers.get("If-None-Match")) {
    if (*inm == "*" && current) return error(409, "BlobAlreadyExists", "The specified blob already exists.");
    if (*inm != "*" && current && *inm == current->etag) {
      return error(412, "ConditionNotMet", "The condition specified using HTTP conditional header(s) is not met.");
    }
  }
  if (auto im = req.headers.get("If-Match")) {
    if (!current) return error(404, "BlobNotFound", "The specified blob does not exist.");
    if (*im != "*" && *im != current->etag) {
      return error(412, "ConditionNotMet", "The condition specified using HTTP conditional header(s) is not met.");
    }
  }
  return std::nullopt;
}

bool AzureBlobModel::delete_as_operator(const std::string& blob, std::int64_t unix_seconds) {
  if (!live(blob)) return false;
  StoredVersion gone;
  gone.delete_marker = true;
  gone.by_operator = true;
  gone.created_unix_s = unix_seconds;
  gone.credential = "operator";
  objects_[blob].push_back(gone);
  committed_.erase(blob);
  return true;
}

http::Response AzureBlobModel::remove(const Target& t, const std::string& credential, std::int64_t unix_seconds) {
  if (!live(t.blob)) return error(404, "BlobNotFound", "The specified blob does not exist.");
  // The blob is gone for readers; the record stays for the oracle.
  StoredVersion gone;
  gone.delete_marker = true;
  gone.created_unix_s = unix_seconds;
  gone.credential = credential;
  objects_[t.blob].push_back(gone);
  committed_.erase(t.blob);
  return http::make_response(202);
}

}  // namespace recguard::mocks
