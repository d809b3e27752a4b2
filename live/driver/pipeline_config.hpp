#pragma once
// The core's configuration from the live one: store clients signing for the
// configured hosts, platform API hosts with their bearer tokens, policy
// overrides. Live instants are microseconds since the Unix epoch, so
// epoch_unix_s is 0.
#include <string>

#include "core/pipeline/pipeline.hpp"
#include "live/config/live_config.hpp"

namespace recguard::live {

struct PlatformTokens {
  std::string genesys;
  std::string cxone;
};

pipeline::Config pipeline_config_from(const LiveConfig& cfg, const PlatformTokens& tokens);

}  // namespace recguard::live
