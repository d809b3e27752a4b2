#include "core/ingress/platform_event.hpp"

#include <algorithm>

namespace recguard::ingress {

bool ComplianceScope::admits(const RecordingUpdate& u) const {
  if ((u.platform == Platform::genesys && !genesys) || (u.platform == Platform::cxone && !cxone)) return false;
  if (!media_types.empty() &&
      std::find(media_types.begin(), media_types.end(), u.media_type) == media_types.end()) {
    return false;
  }
  return needs_queue(u) || admits_queue(u.queue_id, u.queue_name);
}

bool ComplianceScope::admits_queue(const std::string& id, const std::string& name) const {
  if (queues.empty()) return true;
  const auto listed = [&](const std::string& q) {
    return !q.empty() && std::find(queues.begin(), queues.end(), q) != queues.end();
  };
  return listed(id) || listed(name);
}

bool ComplianceScope::needs_queue(const RecordingUpdate& u) const {
  return !queues.empty() && u.queue_id.empty() && u.queue_name.empty();
}

}  // namespace recguard::ingress
