#pragma once
// Inputs and outputs of one recording's workflow, at the domain level. The
// pipeline turns commands into real HTTP requests and responses back into
// these events, so the workflow is testable without any wire format.
#include <cstdint>
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
  // A 206's Content-Range total: the artifact's whole size. -1 when the
  // answer did not say (a 200 to a ranged request: the body is everything).
  std::int64_t total_size = -1;
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
// The answer to BeginUpload. A tier that needs no begin (Azure block blobs)
// is answered at once with ok and an empty upload_id.
struct UploadBegun {
  Tier tier = Tier::primary;
  bool ok = false;
  std::string upload_id;
  stores::WriteOutcome failure;  // when !ok: what the store said, as a write outcome
};
// The answer to UploadPart.
struct PartUploaded {
  Tier tier = Tier::primary;
  int part_number = 0;
  stores::PartOutcome outcome;
};
// The answer to AbortUpload: 2xx (aborted) or 404 (no such upload: gone
// already) settle it; anything else is tried again.
struct UploadAborted {
  Tier tier = Tier::primary;
  std::string upload_id;
  int status = 0;  // 0 = transport failure
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
                           TierAvailable, StoredFetched, UploadBegun, PartUploaded, UploadAborted>;

// ---- commands out ----
struct FetchMetadata {};
// GET of the artifact; with last >= 0, of bytes [first, last] only (Range).
struct FetchMedia {
  std::string uri;
  std::int64_t first = 0;
  std::int64_t last = -1;
};
struct PutObject {
  Tier tier = Tier::primary;
  stores::PutSpec spec;
  bool backfill = false;  // bytes copied from the other tier: never deferred again, only paced
};
// Large artifacts stream to the stores in parts (media_stream.hpp). The
// pipeline routes these through the tier's lane like a PutObject: a begin
// may be deferred (TierDeferred), parts and the completion are paced.
struct BeginUpload {
  Tier tier = Tier::primary;
  stores::BeginUploadSpec spec;
  bool backfill = false;
};
struct UploadPart {
  Tier tier = Tier::primary;
  stores::PartSpec spec;
  bool backfill = false;
};
// Its answer is a TierPutDone, read like a single PUT's.
struct CompleteUpload {
  Tier tier = Tier::primary;
  stores::CompleteSpec spec;
  bool backfill = false;
};
// The parts of an upload that will never complete: a store bills for them
// and keeps them until aborted, so the workflow retries until it is settled.
struct AbortUpload {
  Tier tier = Tier::primary;
  std::string key;
  std::string upload_id;
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
                             ListCallRecordings, FetchCallQueue, FetchStored, BeginUpload, UploadPart, CompleteUpload,
                             AbortUpload>;

}  // namespace recguard::workflow
