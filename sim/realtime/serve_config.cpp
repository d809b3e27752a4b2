#include "sim/realtime/serve_config.hpp"

namespace recguard::sim {

namespace {

std::string var(const std::string& prefix, const char* name) { return prefix + "_" + name; }

}  // namespace

nlohmann::json serve_config_for(const nlohmann::json& ports, const ServeConfigRequest& r) {
  auto env = [&](const char* name) { return nlohmann::json{{"env", var(r.env_prefix, name)}}; };
  const std::string s3_url = r.s3_url.empty() ? ports.at("s3").at("url").get<std::string>() : r.s3_url;
  nlohmann::json config = {
      {"webhook", {{"bind", "127.0.0.1"}, {"port", r.webhook_port}, {"hmac_secret", env("HMAC_SECRET")}}},
      {"journal", r.journal},
      {"orchestrator_name", "orchestrator"},
      {"genesys",
       {{"api_url", ports.at("genesys_api")},
        {"oauth",
         {{"token_url", ports.at("genesys_token_url")},
          {"client_id", env("GENESYS_CLIENT_ID")},
          {"client_secret", env("GENESYS_CLIENT_SECRET")}}}}},
      // mock-serve's CDN answers plain HTTP on loopback.
      {"cdn", {{"tls", false}}},
      {"primary",
       {{"kind", "s3"},
        {"endpoint_url", s3_url},
        {"bucket", ports.at("s3").at("bucket")},
        {"region", ports.at("s3").at("region")},
        {"access_key_id", env("S3_ACCESS_KEY_ID")},
        {"secret_access_key", env("S3_SECRET_ACCESS_KEY")}}},
      {"backup",
       {{"kind", "azure_blob"},
        {"endpoint_url", ports.at("azure").at("url")},
        {"account", ports.at("azure").at("account")},
        {"container", ports.at("azure").at("container")},
        {"account_key", env("AZURE_ACCOUNT_KEY")},
        {"path_style", true}}},
      {"http_client", {{"connect_timeout", "2s"}, {"request_timeout", "10s"}, {"verify_peer", true}}},
      // Short waits: a live run is real time, and mock scenarios last seconds.
      {"policy", {{"upload_poll_interval", "2s"}, {"commit_interval", "5ms"}, {"cxone_poll_interval", "1s"}}}};
  if (ports.value("cxone_enabled", false)) {
    config["cxone"] = {{"api_url", ports.at("cxone_api")},
                       {"oauth",
                        {{"token_url", ports.at("cxone_token_url")},
                         {"client_id", env("CXONE_CLIENT_ID")},
                         {"client_secret", env("CXONE_CLIENT_SECRET")}}},
                       {"user_id", "recguard-agent"}};
  }
  return config;
}

std::map<std::string, std::string> serve_env_for(const nlohmann::json& ports, const std::string& hmac_secret,
                                                 const std::string& env_prefix) {
  return {{var(env_prefix, "HMAC_SECRET"), hmac_secret},
          {var(env_prefix, "GENESYS_CLIENT_ID"), ports.at("genesys_client").at("id")},
          {var(env_prefix, "GENESYS_CLIENT_SECRET"), ports.at("genesys_client").at("secret")},
          {var(env_prefix, "S3_ACCESS_KEY_ID"), ports.at("s3").at("access_key_id")},
          {var(env_prefix, "S3_SECRET_ACCESS_KEY"), ports.at("s3").at("secret_access_key")},
          {var(env_prefix, "AZURE_ACCOUNT_KEY"), ports.at("azure").at("key")},
          {var(env_prefix, "CXONE_CLIENT_ID"), ports.at("cxone_client").at("id")},
          {var(env_prefix, "CXONE_CLIENT_SECRET"), ports.at("cxone_client").at("secret")}};
}

}  // namespace recguard::sim
