#include "core/signing/shared_key.hpp"

#include <algorithm>
#include <cctype>
#include <map>

#include "core/crypto/digest.hpp"
#include "core/signing/http_date.hpp"

namespace recguard::signing {

namespace {

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t");
  const auto e = s.find_last_not_of(" \t");
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

std::string signature(const std::string& key_b64, const std::string& sts) {
  std::string key;
  if (!crypto::base64_decode(key_b64, key)) return {};
  return crypto::base64_encode(crypto::hmac_sha256(key, sts));
}

}  // namespace

std::string shared_key_string_to_sign(const http::Request& req, std::string_view account) {
  auto h = [&](const char* name) { return req.headers.get(name).value_or(""); };
  std::string length = h("Content-Length");
  if (length == "0") length.clear();  // version 2015-02-21 and later: empty when zero
  std::string out = req.method + "\n" + h("Content-Encoding") + "\n" + h("Content-Language") + "\n" + length + "\n" +
                    h("Content-MD5") + "\n" + h("Content-Type") + "\n" + h("Date") + "\n" + h("If-Modified-Since") +
                    "\n" + h("If-Match") + "\n" + h("If-None-Match") + "\n" + h("If-Unmodified-Since") + "\n" +
                    h("Range") + "\n";
  std::map<std::string, std::string> ms;
  for (const auto& [k, v] : req.headers.fields()) {
    const std::string n = http::to_lower(k);
    if (n.rfind("x-ms-", 0) == 0) ms[n] = trim(v);
  }
  for (const auto& [k, v] : ms) out += k + ":" + v + "\n";
  out += "/" + std::string(account) + http::uri_decode(req.path());
  std::map<std::string, std::string> q;
  for (const auto& [k, v] : http::parse_query(req.query())) {
    auto& slot = q[http::to_lower(k)];
    slot += (slot.empty() ? "" : ",") + v;
  }
  for (const auto& [k, v] : q) out += "\n" + k + ":" + v;
  return out;
}

void sign_shared_key(http::Request& req, const AzureSharedKey& key, std::int64_t unix_seconds) {
  req.headers.set("x-ms-date", rfc1123_date(unix_seconds));
  if (!req.headers.has("x-ms-version")) req.headers.set("x-ms-version", kAzureApiVersion);
  req.headers.set("Authorization",
                  "SharedKey " + key.account + ":" + signature(key.key_base64, shared_key_string_to_sign(req, key.account)));
}

SharedKeyVerdict verify_shared_key(const http::Request& req,
                                   const std::function<std::optional<std::string>(const std::string&)>& key_for) {
  SharedKeyVerdict v;
  v.error = "AuthenticationFailed";
  const auto auth = req.headers.get("Authorization");
  constexpr std::string_view scheme = "SharedKey ";
  if (!auth || auth->rfind(scheme, 0) != 0) return v;
  const auto colon = auth->find(':', scheme.size());
  if (colon == std::string::npos) return v;
  v.account = auth->substr(scheme.size(), colon - scheme.size());
  const auto key = key_for(v.account);
  if (!key) return v;
  const std::string expected = signature(*key, shared_key_string_to_sign(req, v.account));
  if (!expected.empty() && crypto::constant_time_equal(expected, auth->substr(colon + 1))) {
    v.ok = true;
    v.error.clear();
  }
  return v;
}

}  // namespace recguard::signing
