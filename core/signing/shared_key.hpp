#pragma once
// Where an Azure Blob request is signed: Shared Key (HMAC-SHA256 over the
// verb, standard headers, canonicalised x-ms-* headers and resource).
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "core/http/message.hpp"

namespace recguard::signing {

struct AzureSharedKey {
  std::string account;
  std::string key_base64;
};

inline constexpr const char* kAzureApiVersion = "2021-08-06";

std::string shared_key_string_to_sign(const http::Request& req, std::string_view account);
// Sets x-ms-date, x-ms-version (if absent) and Authorization: SharedKey account:sig.
void sign_shared_key(http::Request& req, const AzureSharedKey& key, std::int64_t unix_seconds);

struct SharedKeyVerdict {
  bool ok = false;
  std::string account;
  std::string error;  // "AuthenticationFailed"
};
SharedKeyVerdict verify_shared_key(const http::Request& req,
                                   const std::function<std::optional<std::string>(const std::string&)>& key_for);

}  // namespace recguard::signing
