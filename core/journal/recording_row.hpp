#pragma once
// The durable row of one recording: the journal is the source of truth
// (ARCHITECTURE.md). Everything the workflow needs to resume after a crash is
// here; anything not here is lost on a crash by design.
#include <cstdint>
#include <string>

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

  bool operator==(const TierRecord&) const = default;
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

  TierRecord primary;
  TierRecord backup;

  Instant created_at{};
  Instant updated_at{};

  TierRecord& tier(Tier t) { return t == Tier::primary ? primary : backup; }
  const TierRecord& tier(Tier t) const { return t == Tier::primary ? primary : backup; }
  bool operator==(const RecordingRow&) const = default;
};

void to_json(nlohmann::json& j, const TierRecord& t);
void from_json(const nlohmann::json& j, TierRecord& t);
void to_json(nlohmann::json& j, const RecordingRow& r);
void from_json(const nlohmann::json& j, RecordingRow& r);

}  // namespace recguard
