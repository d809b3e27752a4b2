#include "core/signing/sigv4.hpp"

#include <algorithm>
#include <cctype>

#include "core/crypto/digest.hpp"
#include "core/signing/http_date.hpp"

namespace recguard::signing {

namespace {

// Header values are trimmed and inner runs of spaces folded (SigV4 rule).
std::string trim_fold(const std::string& v) {
  std::string out;
  bool space = false;
  for (char c : v) {
    if (c == ' ' || c == '\t') {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(c);
  }
  return out;
}

std::string hex_sha256(std::string_view s) { return crypto::to_hex(crypto::sha256(s)); }

std::string signing_key_signature(const std::string& secret, const std::string& date, const std::string& region,
                                  const std::string& service, const std::string& sts) {
  auto k = crypto::hmac_sha256("AWS4" + secret, date);
  auto sv = [](const crypto::Sha256Digest& d) { return std::string_view(reinterpret_cast<const char*>(d.data()), d.size()); };
  k = crypto::hmac_sha256(sv(k), region);
  k = crypto::hmac_sha256(sv(k), service);
  k = crypto::hmac_sha256(sv(k), "aws4_request");
  return crypto::to_hex(crypto::hmac_sha256(sv(k), sts));
}

}  // namespace

std::string canonical_request(const http::Request& req, const std::vector<std::string>& signed_headers,
                              const std::string& payload_hash) {
  std::string out = req.method + "\n";
  // S3 paths are encoded once, keeping '/': the key is already the URI path.
  out += http::uri_encode(http::uri_decode(req.path()), false) + "\n";
  auto query = http::parse_query(req.query());
  std::vector<std::pair<std::string, std::string>> enc;
  for (auto& [k, v] : query) enc.emplace_back(http::uri_encode(k, true), http::uri_encode(v, true));
  std::sort(enc.begin(), enc.end());
  std::string qs;
  for (const auto& [k, v] : enc) qs += (qs.empty() ? "" : "&") + k + "=" + v;
  out += qs + "\n";
  for (const auto& name : signed_headers) {
    std::string joined;
    for (const auto& [k, v] : req.headers.fields()) {
      if (http::iequals(k, name)) joined += (joined.empty() ? "" : ",") + trim_fold(v);
    }
    out += name + ":" + joined + "\n";
  }
  out += "\n";
  std::string sh;
  for (const auto& name : signed_headers) sh += (sh.empty() ? "" : ";") + name;
  out += sh + "\n" + payload_hash;
  return out;
}

std::string string_to_sign(const std::string& amz_date_value, const std::string& scope, const std::string& canonical) {
  return "AWS4-HMAC-SHA256\n" + amz_date_value + "\n" + scope + "\n" + hex_sha256(canonical);
}

void sign_sigv4(http::Request& req, const AwsCredentials& creds, const SigV4Params& p) {
  const std::string date_time = amz_date(p.unix_seconds);
  const std::string date = date_time.substr(0, 8);
  const std::string payload = p.payload_sha256_hex.empty() ? hex_sha256(req.body_view()) : p.payload_sha256_hex;
  req.headers.set("X-Amz-Date", date_time);
  if (p.service == "s3") req.headers.set("X-Amz-Content-Sha256", payload);
  if (!creds.session_token.empty()) req.headers.set("X-Amz-Security-Token", creds.session_token);

  std::vector<std::string> names;
  for (const auto& [k, v] : req.headers.fields()) {
    const std::string n = http::to_lower(k);
    if (n == "host" || n.rfind("x-amz-", 0) == 0 || n == "content-md5" || n == "content-type" ||
        n == "if-none-match") {
      if (std::find(names.begin(), names.end(), n) == names.end()) names.push_back(n);
    }
  }
  std::sort(names.begin(), names.end());
  const std::string scope = date + "/" + p.region + "/" + p.service + "/aws4_request";
  const std::string sts = string_to_sign(date_time, scope, canonical_request(req, names, payload));
  std::string sh;
  for (const auto& n : names) sh += (sh.empty() ? "" : ";") + n;
  req.headers.set("Authorization", "AWS4-HMAC-SHA256 Credential=" + creds.access_key_id + "/" + scope +
                                       ", SignedHeaders=" + sh + ", Signature=" +
                                       signing_key_signature(creds.secret_access_key, date, p.region, p.service, sts));
}

SigV4Verdict verify_sigv4(const http::Request& req,
                          const std::function<std::optional<std::string>(const std::string&)>& secret_for,
                          std::string_view region, std::string_view service) {
  SigV4Verdict v;
  const auto auth = req.headers.get("Authorization");
  constexpr std::string_view algo = "AWS4-HMAC-SHA256 ";
  if (!auth || auth->rfind(algo, 0) != 0) {
    v.error = "AccessDenied";
    return v;
  }
  auto field = [&](std::string_view name) -> std::string {
    const auto pos = auth->find(name);
    if (pos == std::string::npos) return {};
    const auto start = pos + name.size();
    const auto end = auth->find(',', start);
    return trim_fold(auth->substr(start, end == std::string::npos ? std::string::npos : end - start));
  };
  const std::string credential = field("Credential="), signed_headers = field("SignedHeaders="),
                    signature = field("Signature=");
  const auto slash = credential.find('/');
  v.access_key_id = credential.substr(0, slash);
  const auto secret = secret_for(v.access_key_id);
  if (!secret) {
    v.error = "InvalidAccessKeyId";
    return v;
  }
  const std::string scope = slash == std::string::npos ? "" : credential.substr(slash + 1);
  const std::string date = scope.substr(0, 8);
  const auto date_time = req.headers.get("X-Amz-Date").value_or("");
  if (scope != date + "/" + std::string(region) + "/" + std::string(service) + "/aws4_request" ||
      date_time.substr(0, 8) != date) {
    v.error = "SignatureDoesNotMatch";
    return v;
  }
  std::vector<std::string> names;
  for (std::size_t pos = 0; pos <= signed_headers.size();) {
    const auto semi = signed_headers.find(';', pos);
    names.push_back(signed_headers.substr(pos, semi == std::string::npos ? std::string::npos : semi - pos));
    if (semi == std::string::npos) break;
    pos = semi + 1;
  }
  std::string payload = req.headers.get("X-Amz-Content-Sha256").value_or("");
  if (payload.empty()) payload = hex_sha256(req.body_view());
  const std::string sts = string_to_sign(date_time, scope, canonical_request(req, names, payload));
  const std::string expected = signing_key_signature(*secret, date, std::string(region), std::string(service), sts);
  if (!crypto::constant_time_equal(expected, signature)) {
    v.error = "SignatureDoesNotMatch";
    return v;
  }
  v.ok = true;
  return v;
}

}  // namespace recguard::signing
