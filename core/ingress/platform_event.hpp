#pragma once
// The normalised event every ingress produces: the Genesys webhook relay and
// (later) the CXone poller both turn their platform's shapes into these, so
// the workflow never sees a platform envelope.
#include <string>
#include <variant>
#include <vector>

#include "core/types/ids.hpp"

namespace recguard::ingress {

// A recording changed state on the platform.
struct RecordingUpdate {
  Platform platform = Platform::genesys;
  RecordingId recording;
  CallId call;
  std::string file_state;   // Genesys fileState: UPLOADING, AVAILABLE, ERROR, ...
  std::vector<std::string> media_uris;
  std::string correlation_id;
  // Genesys Recording "media": audio, email, chat, messaging, screen. The
  // compliance scope usually keeps only audio; absent means audio.
  std::string media_type = "audio";
};

// Which events the deployment must keep (PCI-DSS/HIPAA scope): by platform and
// interaction type. Out-of-scope events are acknowledged and change nothing.
struct ComplianceScope {
  std::vector<std::string> media_types{"audio"};  // empty: every type
  bool genesys = true;
  bool cxone = true;
  bool admits(const RecordingUpdate& u) const;
};

// The customer left: the call is over and can no longer be re-recorded.
struct CallEnded {
  Platform platform = Platform::genesys;
  CallId call;
};

using PlatformEvent = std::variant<RecordingUpdate, CallEnded>;

}  // namespace recguard::ingress
