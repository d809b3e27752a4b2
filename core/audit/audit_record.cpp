#include "core/audit/audit_record.hpp"

#include <nlohmann/json.hpp>

namespace recguard {

static AuditTier audit_tier(const TierRecord& t) {
  return AuditTier{t.location, t.key, t.etag, t.sha256_hex, t.written_at};
}

AuditRecord make_audit_record(const RecordingRow& row, Instant now) {
  AuditRecord a;
  a.recording_id = row.id;
  a.status = std::string(to_string(row.state));
  a.reason = row.reason;
  a.primary = audit_tier(row.primary);
  a.backup = audit_tier(row.backup);
  a.idempotency_key = row.idempotency_key;
  a.retry_count = row.fetch_attempts + row.primary.attempts + row.backup.attempts;
  a.at = now;
  return a;
}

AuditRecord make_backfill_audit_record(const RecordingRow& row, Tier restored, const std::string& location,
                                       const std::string& etag, Instant now) {
  AuditRecord a = make_audit_record(row, now);
  a.status = std::string(kAuditBackfilled);
  a.reason = std::string("reconciler: ") + to_string(restored) + " restored from " +
             to_string(restored == Tier::primary ? Tier::backup : Tier::primary);
  AuditTier& t = restored == Tier::primary ? a.primary : a.backup;
  const TierRecord& other = row.tier(restored == Tier::primary ? Tier::backup : Tier::primary);
  if (!location.empty()) t.location = location;
  if (t.key.empty()) t.key = other.key;  // both tiers store a recording under one key
  t.etag = etag;
  t.sha256_hex = !row.sha256_hex.empty() ? row.sha256_hex : other.sha256_hex;
  t.written_at = now;
  return a;
}

static void to_json(nlohmann::json& j, const AuditTier& t) {
  j = {{"location", t.location}, {"key", t.key}, {"etag", t.etag}, {"sha256", t.sha256_hex},
       {"written_at_us", t.written_at.us}};
}

static void from_json(const nlohmann::json& j, AuditTier& t) {
  t.location = j.at("location").get<std::string>();
  t.key = j.at("key").get<std::string>();
  t.etag = j.at("etag").get<std::string>();
  t.sha256_hex = j.at("sha256").get<std::string>();
  t.written_at = Instant{j.at("written_at_us").get<std::int64_t>()};
}

void to_json(nlohmann::json& j, const AuditRecord& a) {
  nlohmann::json p, b;
  to_json(p, a.primary);
  to_json(b, a.backup);
  j = {{"recording_id", a.recording_id.str()}, {"status", a.status},   {"reason", a.reason},
       {"primary", p},                         {"backup", b},          {"idempotency_key", a.idempotency_key},
       {"retry_count", a.retry_count},         {"at_us", a.at.us}};
}

void from_json(const nlohmann::json& j, AuditRecord& a) {
  a.recording_id = RecordingId{j.at("recording_id").get<std::string>()};
  a.status = j.at("status").get<std::string>();
  a.reason = j.at("reason").get<std::string>();
  from_json(j.at("primary"), a.primary);
  from_json(j.at("backup"), a.backup);
  a.idempotency_key = j.at("idempotency_key").get<std::string>();
  a.retry_count = j.at("retry_count").get<int>();
  a.at = Instant{j.at("at_us").get<std::int64_t>()};
}

}  // namespace recguard
