#pragma once
// The durable row of one recording: the journal is the source of truth
// (ARCHITECTURE.md). Everything the workflow needs to resume after a crash is
// here; anything not here is lost on a crash by design.
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "core/types/ids.hpp"
#include "core/types/time.hpp"
#include "core/workflow/recording_state.hpp"

namespace recguard {

enum class TierStatus {
  pending,   // not written yet
  written,   // create-only write succeeded (or an identical object was found)
  conflict,  // an object with different bytes already holds the key: never overwritten
};
std::string_view to_string(TierStatus s);

// What one storage tier holds for this recording.
struct TierRecord {
  TierStatus status = TierStatus::pending;
  std::string location;   // bucket (S3) or container (Azure)
  std::string key;        // object key / blob name
  std::string etag;       // as returned by the store
  std::string sha256_hex; // checksum of the bytes the store acknowledged
  Instant written_at{};
  int attempts = 0;
  // A multipart upload begun for this tier and not yet completed or aborted
  // (S3's UploadId). Journalled so that a restarted process aborts the parts
  // a crash left behind instead of leaving them to the bucket's lifecycle.
  std::string open_upload_id = {};

  bool operator==(const TierRecord&) const = default;
};

// A re-record of a live call after this recording failed. The key is
// journalled before the command is sent, so no retry, duplicate webhook or
// crash can ask the platform for a second capture of the same failure.
enum class RerecordStatus {
  none,       // no re-record for this recording
  requested,  // key journalled; the start-recording command may or may not have reached the platform
  confirmed,  // the platform started a capture, or answered 409 (already recording: treated as done)
  refused,    // the platform refused (the call ended first) or we could not confirm it after 3 tries
};
std::string_view to_string(RerecordStatus s);

struct RerecordRecord {
  RerecordStatus status = RerecordStatus::none;
  std::string idempotency_key;  // hash(interaction, failure time, sequence)
  Instant failure_at{};
  int sequence = 0;             // which failure of this recording this key is for (1-based)
  int attempts = 0;             // start-recording commands sent under this key
  std::string outcome;          // what the platform said, for the audit trail

  bool operator==(const RerecordRecord&) const = default;
};

struct RecordingRow {
  RecordingId id;
  Platform platform = Platform::genesys;
  CallId call;
  RecordingState state = RecordingState::received;

  std::string platform_file_state;     // last fileState / status the platform reported
  std::string media_uri;               // where the artifact can be downloaded
  std::int64_t expected_duration_ms = -1;  // platform metadata, -1 unknown
  std::int64_t expected_size_bytes = -1;   // platform metadata, -1 unknown

  std::string sha256_hex;              // of the validated artifact
  std::string media_format;            // e.g. "wav_pcm16_8k"
  std::int64_t media_size_bytes = -1;

  std::string idempotency_key;         // deterministic; names every write of this recording
  int fetch_attempts = 0;
  std::string reason;                  // why requires_manual_review
  std::vector<std::string> failure_log;  // every failure seen, "time what", for review and annotation
  std::string platform_start_time;     // the recording's startTime as the platform gave it
  RerecordRecord rerecord;
  std::string secondary_of;            // a capture started by a re-record of this recording id

  TierRecord primary;
  TierRecord backup;

  Instant created_at{};
  Instant updated_at{};
  // The journal's version of this row: the pipeline numbers each write of it
  // 1, 2, 3... A journal shared by several orchestrators refuses a row that
  // is not exactly one past the stored one, so a process acting on a stale
  // copy (restarted before another finished the recording) cannot overwrite
  // newer work. 0: the writer does not number its rows (no check).
  std::uint64_t revision = 0;

  TierRecord& tier(Tier t) { return t == Tier::primary ? primary : backup; }
  const TierRecord& tier(Tier t) const { return t == Tier::primary ? primary : backup; }
  bool operator==(const RecordingRow&) const = default;
};

void to_json(nlohmann::json& j, const TierRecord& t);
void from_json(const nlohmann::json& j, TierRecord& t);
void to_json(nlohmann::json& j, const RecordingRow& r);
void from_json(const nlohmann::json& j, RecordingRow& r);

}  // namespace recguard
