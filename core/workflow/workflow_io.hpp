#pragma once
// Inputs and outputs of one recording's workflow, at the domain level. The
// pipeline turns commands into real HTTP requests and responses back into
// these events, so the workflow is testable without any wire format.
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/platforms/genesys/recording_api.hpp"
#include "core/stores/store_client.hpp"
#include "core/types/bytes.hpp"
#include "core/types/ids.hpp"

namespace recguard::workflow {

// ---- events in ----
struct PlatformUpdate {
  std::string file_state;
  std::vector<std::string> media_uris;
};
struct CallEndedSeen {};
struct MetadataFetched {
  int status = 0;  // HTTP status; 0 = transport failure
  std::optional<genesys::RecordingMetadata> metadata;
};
struct MediaFetched {
  int status = 0;  // 0 = transport failure
  SharedBytes body;
};
struct TierPutDone {
  Tier tier = Tier::primary;
  stores::WriteOutcome outcome;
};
struct TierHeadDone {
  Tier tier = Tier::primary;
  int status = 0;  // 0 = transport failure
  std::optional<stores::ObjectInfo> info;
};
using Event = std::variant<PlatformUpdate, CallEndedSeen, MetadataFetched, MediaFetched, TierPutDone, TierHeadDone>;

// ---- commands out ----
struct FetchMetadata {};
struct FetchMedia {
  std::string uri;
};
struct PutObject {
  Tier tier = Tier::primary;
  stores::PutSpec spec;
};
struct HeadObject {
  Tier tier = Tier::primary;
  std::string key;
};
using Command = std::variant<FetchMetadata, FetchMedia, PutObject, HeadObject>;

}  // namespace recguard::workflow
