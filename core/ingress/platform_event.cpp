#include "core/ingress/platform_event.hpp"

#include <algorithm>

namespace recguard::ingress {

bool ComplianceScope::admits(const RecordingUpdate& u) const {
  if ((u.platform == Platform::genesys && !genesys) || (u.platform == Platform::cxone && !cxone)) return false;
  return media_types.empty() ||
         std::find(media_types.begin(), media_types.end(), u.media_type) != media_types.end();
}

}  // namespace recguard::ingress
