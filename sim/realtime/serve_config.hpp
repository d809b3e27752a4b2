#pragma once
// A `recguard serve` configuration for mock-serve's ports (the format of
// live/README.md), and the environment that holds its stand-in secrets: what
// `mock-serve --serve-config FILE` writes, and what the both-worlds tests use,
// so a newcomer and the tests start serve the same way.
#include <map>
#include <string>

#include <nlohmann/json.hpp>

namespace recguard::sim {

struct ServeConfigRequest {
  unsigned short webhook_port = 18080;
  std::string journal = "journal.sqlite";
  std::string s3_url;              // empty: mock-serve's own S3 (else, e.g., a fault proxy in front of it)
  std::string env_prefix = "RECGUARD_MOCK";  // names of the variables the secrets are read from
};

// `ports` is mock-serve's ports file. Secrets appear only as {"env": NAME}.
nlohmann::json serve_config_for(const nlohmann::json& ports, const ServeConfigRequest& request);
// NAME -> value for every secret serve_config_for refers to; `hmac_secret`
// is the webhook secret mock-serve signs with.
std::map<std::string, std::string> serve_env_for(const nlohmann::json& ports, const std::string& hmac_secret,
                                                 const std::string& env_prefix = "RECGUARD_MOCK");

}  // namespace recguard::sim
