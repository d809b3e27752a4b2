#pragma once
// Where a webhook is verified. Genesys does not sign recording notifications,
// so the pipeline's endpoint is the operator's relay and this header is the
// project's own contract (REFERENCE.md):
//   X-Recguard-Signature: sha256=<hex HMAC-SHA256(secret, body)>
// Genesys Open Messaging's X-Hub-Signature-256: sha256=<base64> is accepted too.
#include <string>
#include <string_view>

#include "core/http/message.hpp"

namespace recguard::ingress {

inline constexpr std::string_view kSignatureHeader = "X-Recguard-Signature";
inline constexpr std::string_view kHubSignatureHeader = "X-Hub-Signature-256";

enum class SignatureCheck { ok, missing, malformed, mismatch };
std::string_view to_string(SignatureCheck c);

// Verifies the raw body bytes exactly as received: re-serialising parsed JSON
// would change whitespace and break every honest signature.
SignatureCheck verify_webhook_signature(const http::Headers& headers, std::string_view body, std::string_view secret);

// "sha256=<hex>": what the relay puts in X-Recguard-Signature.
std::string sign_webhook_body(std::string_view body, std::string_view secret);

}  // namespace recguard::ingress
