#include "core/journal/recording_row.hpp"

#include <nlohmann/json.hpp>

namespace recguard {

std::string_view to_string(TierStatus s) {
  switch (s) {
    case TierStatus::pending: return "pending";
    case TierStatus::written: return "written";
    case TierStatus::conflict: return "conflict";
  }
  return "?";
}

static TierStatus tier_status_from(const std::string& s) {
  if (s == "written") return TierStatus::written;
  if (s == "conflict") return TierStatus::conflict;
  return TierStatus::pending;
}

void to_json(nlohmann::json& j, const TierRecord& t) {
  j = {{"status", std::string(to_string(t.status))}, {"location", t.location}, {"key", t.key}, {"etag", t.etag},
       {"sha256", t.sha256_hex}, {"written_at_us", t.written_at.us}, {"attempts", t.attempts}};
  if (!t.open_upload_id.empty()) j["open_upload_id"] = t.open_upload_id;
}

void from_json(const nlohmann::json& j, TierRecord& t) {
  t.status = tier_status_from(j.at("status").get<std::string>());
  t.location = j.at("location").get<std::string>();
  t.key = j.at("key").get<std::string>();
  t.etag = j.at("etag").get<std::string>();
  t.sha256_hex = j.at("sha256").get<std::string>();
  t.written_at = Instant{j.at("written_at_us").get<std::int64_t>()};
  t.attempts = j.at("attempts").get<int>();
  t.open_upload_id = j.value("open_upload_id", std::string{});  // absent in rows from before streaming
}

std::string_view to_string(RerecordStatus s) {
  switch (s) {
    case RerecordStatus::none: return "none";
    case RerecordStatus::requested: return "requested";
    case RerecordStatus::confirmed: return "confirmed";
    case RerecordStatus::refused: return "refused";
  }
  return "?";
}

void to_json(nlohmann::json& j, const RecordingRow& r) {
  j = {{"id", r.id.str()},
       {"platform", to_string(r.platform)},
       {"call", r.call.str()},
       {"state", std::string(to_string(r.state))},
       {"platform_file_state", r.platform_file_state},
       {"media_uri", r.media_uri},
       {"expected_duration_ms", r.expected_duration_ms},
       {"expected_size_bytes", r.expected_size_bytes},
       {"sha256", r.sha256_hex},
       {"media_format", r.media_format},
       {"media_size_bytes", r.media_size_bytes},
       {"idempotency_key", r.idempotency_key},
       {"fetch_attempts", r.fetch_attempts},
       {"reason", r.reason},
       {"failure_log", r.failure_log},
       {"platform_start_time", r.platform_start_time},
       {"rerecord",
        {{"status", std::string(to_string(r.rerecord.status))},
         {"key", r.rerecord.idempotency_key},
         {"failure_at_us", r.rerecord.failure_at.us},
         {"sequence", r.rerecord.sequence},
         {"attempts", r.rerecord.attempts},
         {"outcome", r.rerecord.outcome}}},
       {"secondary_of", r.secondary_of},
       {"primary", r.primary},
       {"backup", r.backup},
       {"created_at_us", r.created_at.us},
       {"updated_at_us", r.updated_at.us},
       {"revision", r.revision}};
}

void from_json(const nlohmann::json& j, RecordingRow& r) {
  r.id = RecordingId{j.at("id").get<std::string>()};
  r.platform = j.at("platform").get<std::string>() == "cxone" ? Platform::cxone : Platform::genesys;
  r.call = CallId{j.at("call").get<std::string>()};
  r.state = recording_state_from_string(j.at("state").get<std::string>()).value_or(RecordingState::received);
  r.platform_file_state = j.at("platform_file_state").get<std::string>();
  r.media_uri = j.at("media_uri").get<std::string>();
  r.expected_duration_ms = j.at("expected_duration_ms").get<std::int64_t>();
  r.expected_size_bytes = j.at("expected_size_bytes").get<std::int64_t>();
  r.sha256_hex = j.at("sha256").get<std::string>();
  r.media_format = j.at("media_format").get<std::string>();
  r.media_size_bytes = j.at("media_size_bytes").get<std::int64_t>();
  r.idempotency_key = j.at("idempotency_key").get<std::string>();
  r.fetch_attempts = j.at("fetch_attempts").get<int>();
  r.reason = j.at("reason").get<std::string>();
  r.failure_log = j.value("failure_log", std::vector<std::string>{});
  r.platform_start_time = j.value("platform_start_time", std::string{});
  if (auto it = j.find("rerecord"); it != j.end()) {
    const auto& rr = *it;
    const std::string st = rr.at("status").get<std::string>();
    r.rerecord.status = st == "requested"   ? RerecordStatus::requested
                        : st == "confirmed" ? RerecordStatus::confirmed
                        : st == "refused"   ? RerecordStatus::refused
                                            : RerecordStatus::none;
    r.rerecord.idempotency_key = rr.at("key").get<std::string>();
    r.rerecord.failure_at = Instant{rr.at("failure_at_us").get<std::int64_t>()};
    r.rerecord.sequence = rr.at("sequence").get<int>();
    r.rerecord.attempts = rr.at("attempts").get<int>();
    r.rerecord.outcome = rr.at("outcome").get<std::string>();
  }
  r.secondary_of = j.value("secondary_of", std::string{});
  r.primary = j.at("primary").get<TierRecord>();
  r.backup = j.at("backup").get<TierRecord>();
  r.created_at = Instant{j.at("created_at_us").get<std::int64_t>()};
  r.updated_at = Instant{j.at("updated_at_us").get<std::int64_t>()};
  r.revision = j.value("revision", std::uint64_t{0});  // absent in rows from before revisions
}

}  // namespace recguard
