#pragma once
// Deterministic stand-ins for real secrets: a scenario names a credential
// ("primary-writer") and the simulation derives an access key and secret from
// that name, so two tiers given different names can never share a secret.
#include <string>

#include "core/signing/shared_key.hpp"
#include "core/signing/sigv4.hpp"

namespace recguard::sim {

signing::AwsCredentials aws_credentials_for(const std::string& name);
signing::AzureSharedKey azure_key_for(const std::string& account, const std::string& name);

}  // namespace recguard::sim
