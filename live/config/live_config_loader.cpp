#include "live/config/live_config_loader.hpp"

#include <fstream>
#include <sstream>

#include "live/config/json_cursor.hpp"
#include "live/config/secret_reference.hpp"

namespace recguard::live {

namespace {

namespace fs = std::filesystem;

// A file the process must read at start-up (CA, certificate, key), taken
// relative to the config file's folder when relative.
std::string readable_file(const JsonCursor& at, const fs::path& base) {
  fs::path file = at.non_empty_string();
  if (file.is_relative()) file = base / file;
  if (!std::ifstream(file)) at.fail("a readable file", file.string() + " cannot be opened");
  return file.string();
}

Duration positive_duration(const JsonCursor& at) {
  const Duration d = at.duration();
  if (d <= Duration{}) at.fail("a duration longer than zero");
  return d;
}

WebhookListen read_webhook(const JsonCursor& c, const fs::path& base) {
  c.expect_object({"bind", "port", "tls", "body_limit", "read_timeout", "idle_timeout", "max_connections", "hmac_secret"});
  WebhookListen w;
  if (c.has("bind")) w.server.bind = c.at("bind").non_empty_string();
  w.server.port = static_cast<unsigned short>(c.at("port").integer_in(0, 65535));
  if (c.has("tls")) {
    const JsonCursor t = c.at("tls");
    t.expect_object({"cert_chain_file", "private_key_file", "client_ca_file"});
    TlsServerFiles files;
    files.cert_chain_file = readable_file(t.at("cert_chain_file"), base);
    files.private_key_file = readable_file(t.at("private_key_file"), base);
    if (t.has("client_ca_file")) files.client_ca_file = readable_file(t.at("client_ca_file"), base);
    w.server.tls = files;
  }
  if (c.has("body_limit")) w.server.body_limit = static_cast<std::size_t>(c.at("body_limit").size_bytes());
  if (c.has("read_timeout")) w.server.read_timeout = positive_duration(c.at("read_timeout"));
  if (c.has("idle_timeout")) w.server.idle_timeout = positive_duration(c.at("idle_timeout"));
  if (c.has("max_connections")) w.server.max_connections = static_cast<std::size_t>(c.at("max_connections").integer_in(1, 1000000));
  w.hmac_secret = read_secret(c.at("hmac_secret"), base);
  return w;
}

OAuthClient read_oauth(const JsonCursor& c, const fs::path& base) {
  c.expect_object({"token_url", "client_id", "client_secret"});
  OAuthClient o;
  o.token_url = c.at("token_url").url();
  o.client_id = read_secret(c.at("client_id"), base);
  o.client_secret = read_secret(c.at("client_secret"), base);
  return o;
}

GenesysLive read_genesys(const JsonCursor& c, const fs::path& base) {
  c.expect_object({"api_url", "oauth", "requests_per_minute"});
  GenesysLive g;
  g.api_url = c.at("api_url").url();
  g.oauth = read_oauth(c.at("oauth"), base);
  if (c.has("requests_per_minute")) g.requests_per_minute = static_cast<int>(c.at("requests_per_minute").integer_in(1, 100000));
  return g;
}

CxoneLive read_cxone(const JsonCursor& c, const fs::path& base) {
  c.expect_object({"api_url", "oauth", "user_id"});
  CxoneLive x;
  x.api_url = c.at("api_url").url();
  x.oauth = read_oauth(c.at("oauth"), base);
  x.user_id = c.at("user_id").non_empty_string();
  return x;
}

S3Live read_primary(const JsonCursor& c, const fs::path& base) {
  c.expect_object({"kind", "endpoint_url", "bucket", "region", "access_key_id", "secret_access_key", "put_limit_rps"});
  c.at("kind").string_of({"s3"});
  S3Live s;
  s.endpoint_url = c.at("endpoint_url").url();
  s.bucket = c.at("bucket").non_empty_string();
  s.region = c.at("region").non_empty_string();
  s.access_key_id = read_secret(c.at("access_key_id"), base);
  s.secret_access_key = read_secret(c.at("secret_access_key"), base);
  if (c.has("put_limit_rps")) s.put_limit_rps = c.at("put_limit_rps").integer_in(1, 10000000);
  return s;
}

AzureLive read_backup(const JsonCursor& c, const fs::path& base) {
  c.expect_object({"kind", "endpoint_url", "account", "container", "account_key", "path_style"});
  c.at("kind").string_of({"azure_blob"});
  AzureLive a;
  a.endpoint_url = c.at("endpoint_url").url();
  a.account = c.at("account").non_empty_string();
  a.container = c.at("container").non_empty_string();
  a.account_key = read_secret(c.at("account_key"), base);
  if (c.has("path_style")) a.path_style = c.at("path_style").boolean();
  return a;
}

ClientOptions read_http_client(const JsonCursor& c, const fs::path& base) {
  c.expect_object({"connect_timeout", "request_timeout", "max_connections_per_origin", "response_body_limit", "ca_file",
                   "verify_peer", "client_cert_file", "client_key_file"});
  ClientOptions o;
  if (c.has("connect_timeout")) o.connect_timeout = positive_duration(c.at("connect_timeout"));
  if (c.has("request_timeout")) o.request_timeout = positive_duration(c.at("request_timeout"));
  if (c.has("max_connections_per_origin")) {
    o.max_connections_per_origin = static_cast<std::size_t>(c.at("max_connections_per_origin").integer_in(1, 1024));
  }
  if (c.has("response_body_limit")) o.response_body_limit = static_cast<std::size_t>(c.at("response_body_limit").size_bytes());
  if (c.has("ca_file")) o.ca_file = readable_file(c.at("ca_file"), base);
  if (c.has("verify_peer")) o.verify_peer = c.at("verify_peer").boolean();
  if (c.has("client_cert_file") != c.has("client_key_file")) {
    c.fail("both client_cert_file and client_key_file (mutual TLS), or neither", "only one of them");
  }
  if (c.has("client_cert_file")) {
    o.client_cert_file = readable_file(c.at("client_cert_file"), base);
    o.client_key_file = readable_file(c.at("client_key_file"), base);
  }
  return o;
}

std::vector<std::string> names(const JsonCursor& list) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < list.array_size(); ++i) out.push_back(list.index(i).non_empty_string());
  return out;
}

ingress::ComplianceScope read_scope(const JsonCursor& c) {
  c.expect_object({"media", "queues"});
  ingress::ComplianceScope s;
  if (c.has("media")) s.media_types = names(c.at("media"));
  if (c.has("queues")) s.queues = names(c.at("queues"));
  return s;
}

void read_policy(const JsonCursor& c, LiveConfig& cfg) {
  c.expect_object({"upload_wait_max", "upload_poll_interval", "cxone_poll_interval", "commit_interval"});
  if (c.has("upload_wait_max")) cfg.upload_wait_max = positive_duration(c.at("upload_wait_max"));
  if (c.has("upload_poll_interval")) cfg.upload_poll_interval = positive_duration(c.at("upload_poll_interval"));
  if (c.has("cxone_poll_interval")) cfg.cxone_poll_interval = positive_duration(c.at("cxone_poll_interval"));
  if (c.has("commit_interval")) cfg.commit_interval = c.at("commit_interval").duration();
}

bool is_loopback(const std::string& url) {
  const auto o = parse_origin(url);
  return o && (o->host == "localhost" || o->host == "::1" || o->host.rfind("127.", 0) == 0);
}

// Credential isolation, as scenarios require distinct `credentials`: one
// leaked or revoked key must not take both tiers (or the webhook) with it.
void check_isolation(const JsonCursor& root, const LiveConfig& cfg) {
  const Secret& azure_key = cfg.backup.account_key;
  const JsonCursor backup_key = root.at("backup").at("account_key");
  if (same_secret(cfg.primary.secret_access_key, azure_key)) {
    backup_key.fail("a credential distinct from the primary's", "the same secret as $.primary.secret_access_key");
  }
  if (same_secret(cfg.primary.access_key_id, azure_key)) {
    backup_key.fail("a credential distinct from the primary's", "the same secret as $.primary.access_key_id");
  }
  const JsonCursor hmac = root.at("webhook").at("hmac_secret");
  if (same_secret(cfg.webhook.hmac_secret, cfg.primary.secret_access_key)) {
    hmac.fail("a secret distinct from both stores' credentials", "the same secret as $.primary.secret_access_key");
  }
  if (same_secret(cfg.webhook.hmac_secret, azure_key)) {
    hmac.fail("a secret distinct from both stores' credentials", "the same secret as $.backup.account_key");
  }
}

// Unverified TLS is for tests against loopback servers only: anywhere else it
// would hand the stores' credentials to whoever answers.
void check_verification(const JsonCursor& root, const LiveConfig& cfg) {
  if (cfg.http.verify_peer) return;
  std::vector<std::string> urls{cfg.genesys.api_url, cfg.genesys.oauth.token_url, cfg.primary.endpoint_url,
                                cfg.backup.endpoint_url};
  if (cfg.cxone) {
    urls.push_back(cfg.cxone->api_url);
    urls.push_back(cfg.cxone->oauth.token_url);
  }
  for (const auto& url : urls) {
    if (!is_loopback(url)) {
      root.at("http_client").at("verify_peer").fail("true (false only when every endpoint is on loopback)",
                                                    "false with " + url + " configured");
    }
  }
}

LiveConfig read_config(const JsonCursor& root, const std::string& file_label, const fs::path& base) {
  root.expect_object({"webhook", "journal", "orchestrator_name", "genesys", "cxone", "cdn", "primary", "backup",
                      "http_client", "compliance_scope", "policy"});
  LiveConfig cfg;
  cfg.source_file = file_label;
  cfg.webhook = read_webhook(root.at("webhook"), base);
  fs::path journal = root.at("journal").non_empty_string();
  cfg.journal_path = (journal.is_relative() ? base / journal : journal).string();
  if (root.has("orchestrator_name")) cfg.orchestrator_name = root.at("orchestrator_name").non_empty_string();
  cfg.genesys = read_genesys(root.at("genesys"), base);
  if (root.has("cxone")) cfg.cxone = read_cxone(root.at("cxone"), base);
  if (root.has("cdn")) {
    const JsonCursor cdn = root.at("cdn");
    cdn.expect_object({"tls"});
    if (cdn.has("tls")) cfg.cdn_tls = cdn.at("tls").boolean();
  }
  cfg.primary = read_primary(root.at("primary"), base);
  cfg.backup = read_backup(root.at("backup"), base);
  if (root.has("http_client")) cfg.http = read_http_client(root.at("http_client"), base);
  if (root.has("compliance_scope")) cfg.scope = read_scope(root.at("compliance_scope"));
  if (root.has("policy")) read_policy(root.at("policy"), cfg);
  check_isolation(root, cfg);
  check_verification(root, cfg);
  return cfg;
}

Error config_error(const std::string& file, const std::string& path, const std::string& expected, const std::string& got) {
  return Error{file + ": " + path + ": expected " + expected + ", got " + got};
}

}  // namespace

Result<LiveConfig> load_live_config_text(std::string_view text, const std::string& file_label, const fs::path& base_dir) {
  nlohmann::json doc;
  try {
    doc = nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    // Only the position: the parser's own message quotes the text near the
    // error, which may be a secret someone pasted inline.
    std::size_t line = 1, col = 1;
    for (std::size_t i = 0; i + 1 < e.byte && i < text.size(); ++i) {
      if (text[i] == '\n') {
        ++line;
        col = 1;
      } else {
        ++col;
      }
    }
    return config_error(file_label, "$", "valid JSON",
                        "a syntax error at line " + std::to_string(line) + ", column " + std::to_string(col));
  }
  try {
    return read_config(JsonCursor(doc, "$"), file_label, base_dir);
  } catch (const ConfigPathError& e) {
    return config_error(file_label, e.json_path, e.expected, e.got);
  }
}

Result<LiveConfig> load_live_config(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return config_error(path, "$", "a readable live configuration file", "a file that cannot be opened");
  std::stringstream text;
  text << in.rdbuf();
  return load_live_config_text(text.str(), path, fs::path(path).parent_path());
}

}  // namespace recguard::live
