#include "core/signing/shared_key.hpp"

#include <algorithm>
#include <map>
#include <vector>

#include "core/crypto/digest.hpp"
#include "core/signing/http_date.hpp"

namespace recguard::signing {

namespace {

std::string trim(std::string_view s) {
  const auto b = s.find_first_not_of(" \t");
  const auto e = s.find_last_not_of(" \t");
  return b == std::string_view::npos ? std::string{} : std::string(s.substr(b, e - b + 1));
}

// Empty when the key is not base64: the server then refuses the request.
std::string signature(std::string_view key_b64, const std::string& sts) {
  std::string key;
  if (key_b64.empty() || !crypto::base64_decode(key_b64, key)) return {};
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

  std::map<std::string, std::string> ms_headers;  // sorted by lower-case name
  for (const auto& [k, v] : req.headers.fields()) {
    const std::string n = http::to_lower(k);
    if (n.rfind("x-ms-", 0) != 0) continue;
    auto& slot = ms_headers[n];
    slot += (slot.empty() ? "" : ",") + trim(v);
  }
  for (const auto& [k, v] : ms_headers) out += k + ":" + v + "\n";

  const std::string path = req.path();
  out += "/" + std::string(account) + (path.empty() ? "/" : path);

  std::map<std::string, std::vector<std::string>> query;  // sorted by lower-case name
  for (auto& [k, v] : http::parse_query(req.query())) query[http::to_lower(k)].push_back(std::move(v));
  for (auto& [k, values] : query) {
    std::sort(values.begin(), values.end());
    std::string joined;
    for (const auto& v : values) joined += (joined.empty() ? "" : ",") + v;
    out += "\n" + k + ":" + joined;
  }
  return out;
}

void sign_shared_key(http::Request& req, const AzureSharedKey& key, std::int64_t unix_seconds) {
  req.headers.set("x-ms-date", rfc1123_date(unix_seconds));
  if (!req.headers.has("x-ms-version")) req.headers.set("x-ms-version", kAzureApiVersion);
  req.headers.set("Authorization", "SharedKey " + key.account + ":" +
                                       signature(key.key_base64, shared_key_string_to_sign(req, key.account)));
}

SharedKeyVerdict verify_shared_key(const http::Request& req,
                                   const std::function<std::optional<std::string>(const std::string&)>& key_for) {
  SharedKeyVerdict v;
  const auto auth = req.headers.get("Authorization");
  if (!auth) {
    v.error = "NoAuthenticationInformation";
    return v;
  }
  constexpr std::string_view scheme = "SharedKey ";
  const auto colon = auth->find(':');
  if (auth->rfind(scheme, 0) != 0 || colon == std::string::npos || colon <= scheme.size()) {
    v.error = "InvalidAuthenticationInfo";
    return v;
  }
  v.error = "AuthenticationFailed";
  v.account = auth->substr(scheme.size(), colon - scheme.size());
  const auto key = key_for(v.account);
  if (!key) return v;
  // Without a date the request could be replayed forever.
  if (!req.headers.has("x-ms-date") && !req.headers.has("Date")) return v;
  const std::string expected = signature(*key, shared_key_string_to_sign(req, v.account));
  if (expected.empty() || !crypto::constant_time_equal(expected, std::string_view(*auth).substr(colon + 1))) return v;
  v.ok = true;
  v.error.clear();
  return v;
}

}  // namespace recguard::signing
