#pragma once
// Where an Azure Blob request is signed: Shared Key, HMAC-SHA256 over the verb,
// the standard headers, the canonicalised x-ms-* headers and the canonicalised
// resource (string-to-sign of service version 2015-02-21 and later; we send
// x-ms-version 2021-08-06). No official vectors exist: Azurite's
// BlobSharedKeyAuthenticator is the reference this follows (see
// shared_key_string_to_sign).
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "core/http/message.hpp"

namespace recguard::signing {

struct AzureSharedKey {
  std::string account;
  std::string key_base64;
};

inline constexpr const char* kAzureApiVersion = "2021-08-06";

// VERB, Content-Encoding, Content-Language, Content-Length (empty when 0),
// Content-MD5, Content-Type, Date, If-Modified-Since, If-Match, If-None-Match,
// If-Unmodified-Since, Range, one line each; then the x-ms-* headers
// (lower-cased, sorted, values trimmed, repeats comma-joined), then
// "/" + account + the request path exactly as sent (still percent-encoded),
// then "\nname:value" per query parameter (names lower-cased and sorted,
// values decoded, a repeated name's values sorted and comma-joined).
// The path is taken as sent in both URL styles, so an Azurite path-style
// request "/devstoreaccount1/container/blob" canonicalises to
// "/devstoreaccount1/devstoreaccount1/container/blob": Azurite computes it
// that way (authenticationPath = req.path) and so do the Azure SDKs for
// IP-style URLs.
std::string shared_key_string_to_sign(const http::Request& req, std::string_view account);

// Sets x-ms-date, x-ms-version (if absent) and
// "Authorization: SharedKey account:base64(HMAC-SHA256(key, string-to-sign))".
// A key that is not valid base64 yields an empty signature, which the service
// refuses with 403: a bad configuration is an operating error, not a crash.
void sign_shared_key(http::Request& req, const AzureSharedKey& key, std::int64_t unix_seconds);

struct SharedKeyVerdict {
  bool ok = false;
  std::string account;  // as presented, even when the signature is wrong
  // Azure's error codes: "NoAuthenticationInformation" (no Authorization),
  // "InvalidAuthenticationInfo" (not "SharedKey account:signature"),
  // "AuthenticationFailed" (unknown account, no date, signature mismatch).
  std::string error;
};
SharedKeyVerdict verify_shared_key(
    const http::Request& req, const std::function<std::optional<std::string>(const std::string& account)>& key_for);

}  // namespace recguard::signing
