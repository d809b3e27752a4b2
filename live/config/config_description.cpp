#include "live/config/config_description.hpp"

#include <sstream>

namespace recguard::live {

namespace {

std::string list(const std::vector<std::string>& names) {
  if (names.empty()) return "(all)";
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

std::string optional_duration(const std::optional<Duration>& d) { return d ? format_duration(*d) : "(core default)"; }

void describe_oauth(std::ostringstream& out, const OAuthClient& o) {
  out << "    token_url: " << o.token_url << "\n"
      << "    client_id: " << describe(o.client_id) << "\n"
      << "    client_secret: " << describe(o.client_secret) << "\n";
}

}  // namespace

std::string describe(const Secret& secret) { return "<redacted> from " + secret.source(); }

std::string describe(const LiveConfig& cfg) {
  std::ostringstream out;
  const ServerOptions& s = cfg.webhook.server;
  out << "live configuration from " << cfg.source_file << "\n"
      << "webhook: listen " << s.bind << ":" << s.port << (s.tls ? " (TLS" : " (plain HTTP")
      << (s.tls && !s.tls->client_ca_file.empty() ? ", client certificates required)" : ")") << "\n"
      << "  body_limit: " << s.body_limit << " bytes, read_timeout: " << format_duration(s.read_timeout)
      << ", idle_timeout: " << format_duration(s.idle_timeout) << ", max_connections: " << s.max_connections << "\n"
      << "  hmac_secret: " << describe(cfg.webhook.hmac_secret) << "\n"
      << "journal: " << cfg.journal_path << "\n"
      << "orchestrator_name: " << cfg.orchestrator_name << "\n"
      << "genesys: " << cfg.genesys.api_url << ", " << cfg.genesys.requests_per_minute << " requests/min\n";
  describe_oauth(out, cfg.genesys.oauth);
  if (cfg.cxone) {
    out << "cxone: " << cfg.cxone->api_url << ", acting as user " << cfg.cxone->user_id << "\n";
    describe_oauth(out, cfg.cxone->oauth);
  } else {
    out << "cxone: (not configured)\n";
  }
  out << "cdn: " << (cfg.cdn_tls ? "https" : "plain http") << "\n"
      << "primary: s3 " << cfg.primary.endpoint_url << " bucket " << cfg.primary.bucket << " region "
      << cfg.primary.region << ", put_limit_rps " << cfg.primary.put_limit_rps << "\n"
      << "  access_key_id: " << describe(cfg.primary.access_key_id) << "\n"
      << "  secret_access_key: " << describe(cfg.primary.secret_access_key) << "\n"
      << "backup: azure_blob " << cfg.backup.endpoint_url << " account " << cfg.backup.account << " container "
      << cfg.backup.container << (cfg.backup.path_style ? " (path-style)" : "") << "\n"
      << "  account_key: " << describe(cfg.backup.account_key) << "\n";
  const ClientOptions& h = cfg.http;
  out << "http_client: connect_timeout " << format_duration(h.connect_timeout) << ", request_timeout "
      << format_duration(h.request_timeout) << ", " << h.max_connections_per_origin << " connections per origin, "
      << "response_body_limit " << h.response_body_limit << " bytes\n"
      << "  tls: " << (h.verify_peer ? "peer verified against " : "PEER NOT VERIFIED (loopback tests only), CA ")
      << (h.ca_file.empty() ? "the system CAs" : h.ca_file)
      << (h.client_cert_file.empty() ? "" : ", client certificate " + h.client_cert_file) << "\n"
      << "compliance_scope: media " << list(cfg.scope.media_types) << "; queues " << list(cfg.scope.queues) << "\n"
      << "policy: upload_wait_max " << optional_duration(cfg.upload_wait_max) << ", upload_poll_interval "
      << optional_duration(cfg.upload_poll_interval) << ", cxone_poll_interval "
      << optional_duration(cfg.cxone_poll_interval) << ", commit_interval " << optional_duration(cfg.commit_interval)
      << "\n";
  return out.str();
}

}  // namespace recguard::live
