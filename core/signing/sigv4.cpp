#include "core/signing/sigv4.hpp"

#include <algorithm>
#include <cassert>

#include "core/crypto/digest.hpp"

namespace recguard::signing {

namespace {

constexpr std::string_view kAlgorithm = "AWS4-HMAC-SHA256";

// Header values are trimmed and inner runs of spaces folded (SigV4 rule; the
// suite's get-header-value-trim folds inside quotes too).
std::string trim_fold(std::string_view v) {
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

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Percent-decoding only: unlike a form decoder, '+' stays '+' (in a path or an
// S3 query it is a literal plus; our clients send a real space as %20).
std::string percent_decode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && hex_value(s[i + 1]) >= 0 && hex_value(s[i + 2]) >= 0) {
      out.push_back(static_cast<char>(hex_value(s[i + 1]) * 16 + hex_value(s[i + 2])));
      i += 2;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  std::size_t pos = 0;
  while (true) {
    const auto next = s.find(sep, pos);
    out.push_back(s.substr(pos, next == std::string_view::npos ? std::string_view::npos : next - pos));
    if (next == std::string_view::npos) return out;
    pos = next + 1;
  }
}

std::string join(const std::vector<std::string>& parts, std::string_view sep) {
  std::string out;
  for (const auto& p : parts) {
    if (!out.empty()) out += sep;
    out += p;
  }
  return out;
}

// RFC 3986 remove_dot_segments plus folding of empty segments, the way the
// AWS signers normalise: "/a/./b/../c//" -> "/a/c/".
std::string normalized(std::string_view path) {
  std::vector<std::string_view> kept;
  const auto segments = split(path, '/');
  for (const auto seg : segments) {
    if (seg.empty() || seg == ".") continue;
    if (seg == "..") {
      if (!kept.empty()) kept.pop_back();
      continue;
    }
    kept.push_back(seg);
  }
  std::string out;
  for (const auto seg : kept) {
    out += '/';
    out += seg;
  }
  const std::string_view last = segments.empty() ? std::string_view{} : segments.back();
  const bool trailing_slash = last.empty() || last == "." || last == "..";
  if (out.empty() || trailing_slash) out += '/';
  return out;
}

std::string signing_key_hmac(std::string_view secret, const SigV4Params& p, std::string_view data) {
  auto as_view = [](const crypto::Sha256Digest& d) {
    return std::string_view(reinterpret_cast<const char*>(d.data()), d.size());
  };
  const std::string date = amz_date(p.unix_seconds).substr(0, 8);
  auto k = crypto::hmac_sha256("AWS4" + std::string(secret), date);
  k = crypto::hmac_sha256(as_view(k), p.region);
  k = crypto::hmac_sha256(as_view(k), p.service);
  k = crypto::hmac_sha256(as_view(k), "aws4_request");
  return crypto::to_hex(crypto::hmac_sha256(as_view(k), data));
}

std::string payload_hash_for(const http::Request& req, const SigV4Params& p) {
  return p.payload_sha256_hex.empty() ? hex_sha256(req.body_view()) : p.payload_sha256_hex;
}

}  // namespace

std::string canonical_uri(std::string_view path, std::string_view service, bool normalize_path) {
  const std::string p = normalize_path ? normalized(path.empty() ? "/" : path) : std::string(path.empty() ? "/" : path);
  std::string out;
  const auto segments = split(p, '/');
  for (std::size_t i = 0; i < segments.size(); ++i) {
    if (i > 0) out += '/';
    // S3 signs each segment encoded exactly once, whatever form was sent;
    // other services encode the sent (already encoded) form once more.
    out += service == "s3" ? http::uri_encode(percent_decode(segments[i]), true) : http::uri_encode(segments[i], true);
  }
  return out;
}

std::string canonical_query(std::string_view query) {
  std::vector<std::pair<std::string, std::string>> params;
  for (const auto part : split(query, '&')) {
    if (part.empty()) continue;
    const auto eq = part.find('=');
    // Decoded, then encoded once the canonical way, whatever the sender's spelling.
    params.emplace_back(http::uri_encode(percent_decode(part.substr(0, eq)), true),
                        eq == std::string_view::npos ? std::string{}
                                                     : http::uri_encode(percent_decode(part.substr(eq + 1)), true));
  }
  // Sorted by the encoded names (then values), byte by byte: "%E1%88%B4"
  // comes before "Param" although U+1234 comes after 'P' (the suite's
  // get-vanilla-query-order-encoded; AWS: "sort the encoded parameters").
  std::sort(params.begin(), params.end());
  std::string out;
  for (const auto& [k, v] : params) {
    if (!out.empty()) out += '&';
    out += k + "=" + v;
  }
  return out;
}

std::string canonical_request(const http::Request& req, const std::vector<std::string>& signed_headers,
                              const SigV4Params& params) {
  std::string out = req.method + "\n";
  out += canonical_uri(req.path(), params.service, params.normalize_path) + "\n";
  out += canonical_query(req.query()) + "\n";
  for (const auto& name : signed_headers) {
    std::string joined;
    for (const auto& [k, v] : req.headers.fields()) {
      if (!http::iequals(k, name)) continue;
      if (!joined.empty()) joined += ',';
      joined += trim_fold(v);
    }
    out += name + ":" + joined + "\n";
  }
  out += "\n" + join(signed_headers, ";") + "\n" + payload_hash_for(req, params);
  return out;
}

std::string canonical_request(const http::Request& req, const std::vector<std::string>& signed_headers,
                              const std::string& payload_hash) {
  SigV4Params p;
  p.payload_sha256_hex = payload_hash;
  return canonical_request(req, signed_headers, p);
}

std::string credential_scope(const SigV4Params& p) {
  return amz_date(p.unix_seconds).substr(0, 8) + "/" + p.region + "/" + p.service + "/aws4_request";
}

std::string string_to_sign(const std::string& canonical, const SigV4Params& p) {
  return std::string(kAlgorithm) + "\n" + amz_date(p.unix_seconds) + "\n" + credential_scope(p) + "\n" +
         hex_sha256(canonical);
}

std::string sigv4_signature(std::string_view secret_access_key, const SigV4Params& p, const std::string& sts) {
  return signing_key_hmac(secret_access_key, p, sts);
}

std::vector<std::string> headers_to_sign(const http::Request& req) {
  std::vector<std::string> names;
  for (const auto& [k, v] : req.headers.fields()) {
    const std::string n = http::to_lower(k);
    if (n == "host" || n.rfind("x-amz-", 0) == 0 || n == "content-md5" || n == "content-type" ||
        n == "if-none-match" || n == "if-match") {
      names.push_back(n);
    }
  }
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return names;
}

void sign_sigv4(http::Request& req, const AwsCredentials& creds, const SigV4Params& params) {
  assert(req.headers.has("Host"));
  SigV4Params p = params;
  p.payload_sha256_hex = payload_hash_for(req, params);
  req.headers.set("X-Amz-Date", amz_date(p.unix_seconds));
  if (p.service == "s3") req.headers.set("X-Amz-Content-Sha256", p.payload_sha256_hex);
  if (!creds.session_token.empty()) req.headers.set("X-Amz-Security-Token", creds.session_token);
  req.headers.remove("Authorization");
  const auto names = headers_to_sign(req);
  const std::string sts = string_to_sign(canonical_request(req, names, p), p);
  req.headers.set("Authorization", std::string(kAlgorithm) + " Credential=" + creds.access_key_id + "/" +
                                       credential_scope(p) + ", SignedHeaders=" + join(names, ";") +
                                       ", Signature=" + sigv4_signature(creds.secret_access_key, p, sts));
}

SigV4Verdict verify_sigv4(const http::Request& req,
                          const std::function<std::optional<std::string>(const std::string&)>& secret_for,
                          std::string_view region, std::string_view service) {
  SigV4Verdict v;
  const auto auth = req.headers.get("Authorization");
  if (!auth) {
    v.error = "AccessDenied";
    return v;
  }
  v.error = "AuthorizationHeaderMalformed";
  const std::string_view a(*auth);
  if (a.substr(0, kAlgorithm.size()) != kAlgorithm || a.size() <= kAlgorithm.size() || a[kAlgorithm.size()] != ' ') {
    return v;
  }
  std::string credential, signed_headers, signature;
  for (const auto part : split(a.substr(kAlgorithm.size() + 1), ',')) {
    const std::string field = trim_fold(part);
    const auto eq = field.find('=');
    if (eq == std::string::npos) return v;
    const std::string name = field.substr(0, eq), value = field.substr(eq + 1);
    if (name == "Credential") credential = value;
    if (name == "SignedHeaders") signed_headers = value;
    if (name == "Signature") signature = value;
  }
  const auto scope_parts = split(credential, '/');
  if (scope_parts.size() != 5 || signed_headers.empty() || signature.empty()) return v;
  v.access_key_id = std::string(scope_parts[0]);

  const auto secret = secret_for(v.access_key_id);
  if (!secret) {
    v.error = "InvalidAccessKeyId";
    return v;
  }
  const auto date_header = req.headers.get("X-Amz-Date");
  const auto unix_seconds = date_header ? parse_amz_date(*date_header) : std::nullopt;
  if (!unix_seconds) {
    v.error = "AccessDenied";
    return v;
  }
  SigV4Params p;
  p.region = std::string(region);
  p.service = std::string(service);
  p.unix_seconds = *unix_seconds;
  if (credential.substr(v.access_key_id.size() + 1) != credential_scope(p)) {
    v.error = "SignatureDoesNotMatch";
    return v;
  }

  std::vector<std::string> names;
  for (const auto n : split(signed_headers, ';')) names.emplace_back(n);
  // S3 refuses a request whose host or any x-amz-* header is not covered by
  // the signature: otherwise those headers could be changed in flight.
  if (std::find(names.begin(), names.end(), "host") == names.end()) {
    v.error = "AccessDenied";
    return v;
  }
  for (const auto& [k, val] : req.headers.fields()) {
    const std::string n = http::to_lower(k);
    if (n.rfind("x-amz-", 0) == 0 && std::find(names.begin(), names.end(), n) == names.end()) {
      v.error = "AccessDenied";
      return v;
    }
  }
  const auto content_sha = req.headers.get("X-Amz-Content-Sha256");
  if (service == "s3" && !content_sha) {
    v.error = "InvalidRequest";
    return v;
  }
  p.payload_sha256_hex = content_sha ? *content_sha : hex_sha256(req.body_view());
  const std::string expected = sigv4_signature(*secret, p, string_to_sign(canonical_request(req, names, p), p));
  if (!crypto::constant_time_equal(expected, signature)) {
    v.error = "SignatureDoesNotMatch";
    return v;
  }
  v.ok = true;
  v.error.clear();
  return v;
}

}  // namespace recguard::signing
