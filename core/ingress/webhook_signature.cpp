#include "core/ingress/webhook_signature.hpp"

#include "core/crypto/digest.hpp"

namespace recguard::ingress {

std::string_view to_string(SignatureCheck c) {
  switch (c) {
    case SignatureCheck::ok: return "ok";
    case SignatureCheck::missing: return "missing";
    case SignatureCheck::malformed: return "malformed";
    case SignatureCheck::mismatch: return "mismatch";
  }
  return "?";
}

std::string sign_webhook_body(std::string_view body, std::string_view secret) {
  return "sha256=" + crypto::to_hex(crypto::hmac_sha256(secret, body));
}

SignatureCheck verify_webhook_signature(const http::Headers& headers, std::string_view body, std::string_view secret) {
  const auto mac = crypto::hmac_sha256(secret, body);
  const std::string expected(mac.begin(), mac.end());
  constexpr std::string_view prefix = "sha256=";

  if (auto sig = headers.get(kSignatureHeader)) {
    if (sig->rfind(prefix, 0) != 0) return SignatureCheck::malformed;
    std::string raw;
    if (!crypto::from_hex(std::string_view(*sig).substr(prefix.size()), raw) || raw.size() != expected.size()) {
      return SignatureCheck::malformed;
    }
    return crypto::constant_time_equal(raw, expected) ? SignatureCheck::ok : SignatureCheck::mismatch;
  }
  if (auto sig = headers.get(kHubSignatureHeader)) {
    if (sig->rfind(prefix, 0) != 0) return SignatureCheck::malformed;
    std::string raw;
    if (!crypto::base64_decode(std::string_view(*sig).substr(prefix.size()), raw) || raw.size() != expected.size()) {
      return SignatureCheck::malformed;
    }
    return crypto::constant_time_equal(raw, expected) ? SignatureCheck::ok : SignatureCheck::mismatch;
  }
  return SignatureCheck::missing;
}

}  // namespace recguard::ingress
