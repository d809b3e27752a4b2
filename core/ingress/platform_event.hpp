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
  // The ACD queue (Genesys) or skill (CXone) the interaction came through, as
  // id and name. Both empty: the event did not say (Genesys notifications
  // never do; the call resource does).
  std::string queue_id = {};
  std::string queue_name = {};
};

// Which events the deployment must keep (PCI-DSS/HIPAA scope): by platform,
// interaction type and queue. Out-of-scope events are acknowledged and change
// nothing.
struct ComplianceScope {
  std::vector<std::string> media_types{"audio"};  // empty: every type
  // Queue (Genesys) or skill (CXone) ids or names; empty: every queue. An
  // interaction that went through no queue at all is outside a non-empty list.
  std::vector<std::string> queues;
  bool genesys = true;
  bool cxone = true;
  // False only when the event itself shows it is outside; an event that does
  // not name its queue is admitted here and its call is asked (needs_queue).
  bool admits(const RecordingUpdate& u) const;
  bool admits_queue(const std::string& id, const std::string& name) const;
  bool needs_queue(const RecordingUpdate& u) const;
};

// The customer left: the call is over and can no longer be re-recorded.
struct CallEnded {
  Platform platform = Platform::genesys;
  CallId call;
};

using PlatformEvent = std::variant<RecordingUpdate, CallEnded>;

}  // namespace recguard::ingress
