#pragma once
// Create Container, which core's Azure client has no use for (the pipeline's
// container exists before it runs) but a test against a fresh Azurite needs.
#include <cstdint>

#include "core/signing/shared_key.hpp"
#include "core/stores/store_client.hpp"

namespace recguard::testing {

inline http::Request create_container_request(const stores::AzureConfig& c, std::int64_t unix_seconds) {
  http::Request r;
  r.method = "PUT";
  r.target = (c.path_style ? "/" + c.account + "/" : "/") + c.container + "?restype=container";
  r.headers.set("Host", c.host);
  r.headers.set("Content-Length", "0");
  signing::sign_shared_key(r, c.credentials, unix_seconds);
  return r;
}

}  // namespace recguard::testing
