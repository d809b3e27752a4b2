#include "sim/world/sim_credentials.hpp"

#include <algorithm>
#include <cctype>

#include "core/crypto/digest.hpp"

namespace recguard::sim {

signing::AwsCredentials aws_credentials_for(const std::string& name) {
  std::string id = "AKIA" + crypto::to_hex(crypto::sha256("aws-id:" + name)).substr(0, 16);
  std::transform(id.begin(), id.end(), id.begin(), [](unsigned char c) { return std::toupper(c); });
  return signing::AwsCredentials{id, crypto::base64_encode(crypto::sha256("aws-secret:" + name)).substr(0, 40), ""};
}

signing::AzureSharedKey azure_key_for(const std::string& account, const std::string& name) {
  return signing::AzureSharedKey{account, crypto::base64_encode(crypto::sha256("azure-key:" + name))};
}

}  // namespace recguard::sim
