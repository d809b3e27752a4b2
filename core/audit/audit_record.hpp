#pragma once
// One final, append-only audit record per recording: the shape the storage
// guide asks for (recording id, status, each tier's location, key, etag,
// checksum and time, idempotency key, retry count).
#include <string>

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
  std::string status;  // "compliance_verified" or "requires_manual_review"
  std::string reason;  // empty when verified
  AuditTier primary;
  AuditTier backup;
  std::string idempotency_key;
  int retry_count = 0;
  Instant at{};
  bool operator==(const AuditRecord&) const = default;
};

AuditRecord make_audit_record(const RecordingRow& row, Instant now);

void to_json(nlohmann::json& j, const AuditRecord& a);
void from_json(const nlohmann::json& j, AuditRecord& a);

}  // namespace recguard
