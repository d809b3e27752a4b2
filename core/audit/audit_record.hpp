#pragma once
// One final, append-only audit record per recording: the shape the storage
// guide asks for (recording id, status, each tier's location, key, etag,
// checksum and time, idempotency key, retry count). When the reconciler later
// restores a tier that lost the object, it appends a "backfilled" record of
// the same shape naming the new copy: the trail is appended to, never edited.
#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

#include "core/journal/recording_row.hpp"

namespace recguard {

struct AuditTier {
  std::string location;
  std::string key;
  std::string etag;
  std::string sha256_hex;
  Instant written_at{};
  bool operator==(const AuditTier&) const = default;
};

struct AuditRecord {
  RecordingId recording_id;
  std::string status;  // "compliance_verified", "requires_manual_review", or kAuditBackfilled
  std::string reason;  // empty when verified
  AuditTier primary;
  AuditTier backup;
  std::string idempotency_key;
  int retry_count = 0;
  Instant at{};
  bool operator==(const AuditRecord&) const = default;
};

AuditRecord make_audit_record(const RecordingRow& row, Instant now);

// The status of a reconciler's record: not a recording's final state.
inline constexpr std::string_view kAuditBackfilled = "backfilled";
// `restored` now holds a copy (etag `etag`, written at `now`) of the journal's
// bytes, read from the other tier; the other tier is named as the row has it.
AuditRecord make_backfill_audit_record(const RecordingRow& row, Tier restored, const std::string& location,
                                       const std::string& etag, Instant now);

void to_json(nlohmann::json& j, const AuditRecord& a);
void from_json(const nlohmann::json& j, AuditRecord& a);

}  // namespace recguard
