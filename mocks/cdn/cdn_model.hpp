#pragma once
// The media CDN: serves recorded artifacts by path with HTTP Range support,
// generating the requested bytes on demand (no artifact is held in memory).
#include <map>
#include <string>

#include "core/http/message.hpp"
#include "mocks/platforms/media_artifact.hpp"

namespace recguard::mocks {

class CdnModel {
 public:
  void publish(std::string path, ArtifactPtr artifact);
  http::Response handle(const http::Request& req) const;
  std::int64_t bytes_served() const { return bytes_served_; }

 private:
  std::map<std::string, ArtifactPtr> objects_;
  mutable std::int64_t bytes_served_ = 0;
};

}  // namespace recguard::mocks
