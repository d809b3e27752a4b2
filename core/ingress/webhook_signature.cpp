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
  // Our relay's header carries hex; Open Messaging's carries base64.
  struct Scheme {
    std::string_view header;
    bool (*decode)(std::string_view, std::string&);
  };
  static constexpr Scheme schemes[] = {{kSignatureHeader, crypto::from_hex}, {kHubSignatureHeader, crypto::base64_decode}};
  constexpr std::string_view prefix = "sha256=";
  for (const auto& scheme : schemes) {
    const auto sig = headers.get(scheme.header);
    if (!sig) continue;
    std::string raw;
    if (sig->rfind(prefix, 0) != 0 || !scheme.decode(std::string_view(*sig).substr(prefix.size()), raw) ||
        raw.size() != expected.size()) {
      return SignatureCheck::malformed;
    }
    return crypto::constant_time_equal(raw, expected) ? SignatureCheck::ok : SignatureCheck::mismatch;
  }
  return SignatureCheck::missing;
}

}  // namespace recguard::ingress
