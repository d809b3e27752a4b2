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
// The platform said the customer left (Genesys customer.end, CXone Disconnected).
struct CallEndedSeen {};
// The answer to FetchCallState: live is empty when the platform did not say.
struct CallStateFetched {
  int status = 0;
  std::optional<bool> live;
};
// The answer to StartRerecord.
struct RerecordAnswered {
  int status = 0;  // 0 = transport failure: the command may or may not have landed
};
// The answer to ListCallRecordings: whether the call holds a capture that
// started after this recording did (so a lost start-recording answer did land).
struct CallRecordingsListed {
  int status = 0;
  bool newer_capture = false;
};
// The answer to FetchCallQueue: in_scope is empty when the platform did not
// say (the recording is then kept: when in doubt, keep).
struct QueueChecked {
  int status = 0;
  std::optional<bool> in_scope;
  std::string queue;  // what the call went through, for the row's reason
};
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
// From the pipeline, which watches each tier's health: this tier cannot take
// the write now (breaker open, degraded, credential refused). The PUT was not
// sent; the workflow lets go of the bytes once the other tier has them.
struct TierDeferred {
  Tier tier = Tier::primary;
};
// It is this recording's turn to backfill `tier`, which can take writes again.
struct TierAvailable {
  Tier tier = Tier::primary;
};
// The answer to FetchStored: the object as the other tier holds it.
struct StoredFetched {
  Tier from = Tier::primary;
  int status = 0;  // 0 = transport failure
  SharedBytes body;
};
using Event = std::variant<PlatformUpdate, CallEndedSeen, CallStateFetched, RerecordAnswered, CallRecordingsListed,
                           QueueChecked, MetadataFetched, MediaFetched, TierPutDone, TierHeadDone, TierDeferred,
                           TierAvailable, StoredFetched>;

// ---- commands out ----
struct FetchMetadata {};
struct FetchMedia {
  std::string uri;
};
struct PutObject {
  Tier tier = Tier::primary;
  stores::PutSpec spec;
  bool backfill = false;  // bytes copied from the other tier: never deferred again, only paced
};
// Backfill: read our object back from the tier that holds it.
struct FetchStored {
  Tier from = Tier::primary;
  std::string key;
};
struct HeadObject {
  Tier tier = Tier::primary;
  std::string key;
};
// Is the call still up? Asked at the moment of a re-record decision.
struct FetchCallState {};
// Restart recording on the live call. The pipeline sends it only once the
// row holding this key is durable (journal before side effect).
struct StartRerecord {
  std::string idempotency_key;
};
struct ListCallRecordings {};
// Which queue did the call come through? Asked once, before anything else,
// when the compliance scope names queues and the event did not say.
struct FetchCallQueue {};
using Command = std::variant<FetchMetadata, FetchMedia, PutObject, HeadObject, FetchCallState, StartRerecord,
                             ListCallRecordings, FetchCallQueue, FetchStored>;

}  // namespace recguard::workflow
