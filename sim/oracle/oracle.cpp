#include "sim/oracle/oracle.hpp"

#include <algorithm>
#include <map>
#include <optional>

#include "core/media/media_format.hpp"
#include "core/media/media_validator.hpp"
#include "sim/oracle/liveness.hpp"
#include "sim/oracle/primary_write_rate.hpp"
#include "sim/world/sim_credentials.hpp"
#include "sim/world/sim_world.hpp"

namespace recguard::sim {

namespace {

constexpr Duration kAckDeadline = Duration::millis(300);

// The single live (non-delete-marker) version of a key, or null.
template <class Versions>
const mocks::StoredVersion* live_version(const Versions& objects, const std::string& key) {
  auto it = objects.find(key);
  if (it == objects.end() || it->second.empty() || it->second.back().delete_marker) return nullptr;
  return &it->second.back();
}

class Checker {
 public:
  Checker(SimWorld& w, const RunResult& r) : world_(w), result_(r) {
    for (const auto& c : r.timeline.changes) last_change_[c.recording.str()] = Instant{c.at_us};
  }

  std::vector<Violation> run() {
    index_audits();
    for (const auto* rec : world_.platform_recordings()) check_recording(rec->id, *rec);
    check_no_overwrite();
    check_ack_in_time();
    check_credential_isolation();
    check_rerecords();
    check_spoof_rejected();
    check_rate_limits();
    check_converges();
    return std::move(out_);
  }

 private:
  // `at` is when the violation happened where the check knows it; otherwise
  // the recording's last journalled change, or the run's end.
  void add(std::string invariant, const std::string& recording, std::string detail,
           std::optional<Instant> at = std::nullopt, const std::string& trace_key = {}) {
    Violation v;
    v.invariant = std::move(invariant);
    v.recording = recording;
    const auto last = last_change_.find(recording);
    v.at = at ? *at : last != last_change_.end() ? last->second : world_.now();
    v.detail = std::move(detail);
    const std::string& key = trace_key.empty() ? recording : trace_key;
    if (!key.empty()) v.trace_context = world_.trace().recent_matching(key, 12);
    out_.push_back(std::move(v));
  }

  void check_converges() {
    if (auto v = judge_convergence(result_.convergence)) {
      add(v->invariant, v->recording, v->detail, v->at);
    }
  }

  void index_audits() {
    for (auto& a : world_.journal().audit_log()) audits_[a.recording_id].push_back(a);
  }

  // The scenario's compliance scope, from the world's truth (the queue each
  // call really came through), not from what the pipeline concluded.
  bool in_scope(const CallId& call) const {
    const auto& queues = world_.setup().scope.queues;
    if (queues.empty()) return true;
    for (const auto& c : world_.setup().calls) {
      if (c.id == call) return std::find(queues.begin(), queues.end(), c.queue) != queues.end();
    }
    return true;
  }

  void check_recording(const RecordingId& id, const mocks::SimRecording& rec) {
    if (rec.file_state != "AVAILABLE" && rec.file_state != "ERROR") return;  // never finished (still recording)
    const auto row = world_.journal().load(id);
    // Nothing to keep: scenarios count out_of_scope outcomes in `expect`.
    if (!in_scope(rec.call)) return;
    if (row) check_bounded_retries(*row);
    if (rec.file_state == "ERROR") {
      // The platform itself says the capture failed: nothing to store, but a
      // person must hear of it.
      if (!row) add("no_loss", id.str(), "platform reported ERROR but the pipeline never journalled it");
      else if (row->state != RecordingState::requires_manual_review || row->reason.empty())
        add("no_loss", id.str(), "platform reported ERROR but the run ended " + std::string(to_string(row->state)));
      return;
    }
    if (!row) {
      add("no_loss", id.str(), "platform finished the recording but the pipeline never journalled it");
      return;
    }
    if (row->state == RecordingState::requires_manual_review) {
      if (row->reason.empty()) add("no_loss", id.str(), "requires_manual_review without a reason");
      check_audit(*row, nullptr, nullptr);
      return;
    }
    if (row->state != RecordingState::compliance_verified) {
      add("no_loss", id.str(), "run ended with the recording in state " + std::string(to_string(row->state)));
      return;
    }
    const auto* p = live_version(world_.primary_store().objects(), row->primary.key);
    const auto* b = live_version(world_.backup_store().objects(), row->backup.key);
    const std::string& truth = rec.artifact->sha256_hex();
    if (!p) add("no_loss", id.str(), "verified but primary has no object at " + row->primary.key);
    if (!b) add("no_loss", id.str(), "verified but backup has no object at " + row->backup.key);
    if (p && p->sha256_hex != truth) add("no_loss", id.str(), "primary bytes differ from the platform's artifact");
    if (b && b->sha256_hex != truth) add("no_loss", id.str(), "backup bytes differ from the platform's artifact");
    if (p) check_verified_is_true(id, *p, rec);
    check_audit(*row, p, b);
  }

  // Re-validate from the stored bytes, independently of what the pipeline saw.
  void check_verified_is_true(const RecordingId& id, const mocks::StoredVersion& v, const mocks::SimRecording& rec) {
    if (!v.bytes) return;
    // The store's own SHA-256 of these bytes was already compared with the
    // platform's, so this pass decodes and judges without hashing again.
    media::MediaValidator validator({}, media::Hashing::skip);
    validator.feed(ByteView(*v.bytes));
    const auto verdict = validator.finish();
    const auto& spec = rec.artifact->spec();
    if (!verdict.valid) {
      add("verified_is_true", id.str(), "stored bytes do not validate: " + verdict.reason);
      return;
    }
    if (std::llabs(verdict.duration_data_ms - spec.duration_ms) > 2000) {
      add("verified_is_true", id.str(),
          "stored duration " + std::to_string(verdict.duration_data_ms) + " ms vs call " +
              std::to_string(spec.duration_ms) + " ms");
    }
    if (!media::size_fits_codec(spec.format, spec.channels, spec.duration_ms, verdict.size_bytes)) {
      add("verified_is_true", id.str(), "stored size does not fit the codec's bitrate");
    }
  }

  void check_audit(const RecordingRow& row, const mocks::StoredVersion* p, const mocks::StoredVersion* b) {
    const auto it = audits_.find(row.id);
    // The pipeline's final records; the reconciler appends "backfilled" ones
    // when it restores a tier, and the latest record names what the stores
    // should hold now.
    std::size_t n = 0;
    const AuditRecord* final_record = nullptr;
    if (it != audits_.end()) {
      for (const auto& a : it->second) {
        if (a.status == kAuditBackfilled) continue;
        ++n;
        final_record = &a;
      }
    }
    if (n != 1) {
      add("audit_complete", row.id.str(), "expected one final audit record, found " + std::to_string(n));
      return;
    }
    if (final_record->status != to_string(row.state)) {
      add("audit_complete", row.id.str(), "audit status " + final_record->status);
    }
    if (row.state != RecordingState::compliance_verified) {
      if (it->second.size() > 1) add("audit_complete", row.id.str(), "a backfill audit record for an unverified recording");
      return;
    }
    const AuditRecord& a = it->second.back();
    auto tier_ok = [&](const AuditTier& t, const mocks::StoredVersion* v, const char* name) {
      if (t.location.empty() || t.key.empty() || t.etag.empty() || t.sha256_hex.empty() || t.written_at.us <= 0) {
        add("audit_complete", row.id.str(), std::string(name) + " tier fields missing in the audit record");
      } else if (v && (t.etag != v->etag || t.sha256_hex != v->sha256_hex)) {
        add("audit_complete", row.id.str(), std::string(name) + " audit etag/checksum differ from the store's");
      }
    };
    tier_ok(a.primary, p, "primary");
    tier_ok(a.backup, b, "backup");
  }

  void check_no_overwrite() {
    auto check = [&](const auto& objects, std::uint64_t replaced, const char* tier) {
      if (replaced > 0) add("no_overwrite", "", std::string(tier) + " replaced " + std::to_string(replaced) + " version(s)");
      for (const auto& [key, versions] : objects) {
        for (const auto& v : versions) {
          // An operator's delete (the objects_lost fault) is the scenario's doing, not recguard's.
          if (v.delete_marker && !v.by_operator) add("no_overwrite", "", std::string(tier) + " object deleted: " + key);
        }
      }
    };
    check(world_.primary_store().objects(), world_.primary_store().replaced_versions(), "primary");
    check(world_.backup_store().objects(), world_.backup_store().replaced_versions(), "backup");
  }

  void check_ack_in_time() {
    for (std::int64_t us : result_.metrics.ack_latencies_us) {
      if (Duration{us} > kAckDeadline) {
        add("ack_in_time", "", "a signed webhook was acknowledged after " + format_duration(Duration{us}));
        return;
      }
    }
  }

  void check_credential_isolation() {
    const auto& setup = world_.setup();
    const std::string primary_id = aws_credentials_for(setup.primary.credentials).access_key_id;
    for (const auto& seen : world_.primary_store().credentials_seen()) {
      if (seen != primary_id) add("credential_isolation", "", "primary store saw credential " + seen);
    }
    for (const auto& seen : world_.backup_store().credentials_seen()) {
      if (seen != setup.backup.account) add("credential_isolation", "", "backup store saw credential " + seen);
    }
  }

  // A capture of this call failed in truth: crashed, cut short, silent, or
  // stopped before the customer hung up.
  bool failed_capture(const mocks::SimRecording& r) const {
    if (r.crashed || r.silent) return true;
    if (r.artifact && r.artifact->spec().keep_bytes >= 0) return true;
    for (const auto& c : world_.setup().calls) {
      if (c.id == r.call && r.ended && *r.ended < c.start + c.length) return true;
    }
    return false;
  }

  void check_rerecords() {
    std::map<std::string, int> captures_per_key;
    std::map<CallId, int> captures_per_call;
    for (const auto* start : world_.platform_starts()) {
      const auto& st = *start;
      const std::string when = format_instant(st.at);
      if (!st.call_live) {
        add("no_rerecord_on_ended", "", "start-recording reached " + st.call.str() + " at " + when + ", after it ended",
            st.at, st.call.str());
      }
      if (st.a_recording_was_uploading) {
        add("barrier", "", "start-recording reached " + st.call.str() + " at " + when +
                               " while a recording of it was still uploading",
            st.at, st.call.str());
      }
      if (st.capture) {
        ++captures_per_key[st.idempotency_key];
        ++captures_per_call[st.call];
      }
    }
    for (const auto& [key, n] : captures_per_key) {
      if (n > 1) add("single_capture", "", std::to_string(n) + " captures started under key " + key);
    }
    for (const auto& [call, n] : captures_per_call) {
      int failures = 0;
      for (const auto* r : world_.platform_recordings()) {
        if (r->call == call && failed_capture(*r)) ++failures;
      }
      if (n > failures) {
        add("single_capture", "", call.str() + " got " + std::to_string(n) + " secondary captures for " +
                                      std::to_string(failures) + " failed one(s)");
      }
    }
  }

  void check_bounded_retries(const RecordingRow& row) {
    if (row.fetch_attempts > 3) {
      add("bounded_retries", row.id.str(), std::to_string(row.fetch_attempts) + " re-fetches (at most 3)");
    }
    if (row.rerecord.attempts > 3) {
      add("bounded_retries", row.id.str(), std::to_string(row.rerecord.attempts) + " start-recording attempts");
    }
  }

  void check_spoof_rejected() {
    const auto& m = world_.metrics();
    for (int status : m.spoofed_answers) {
      if (status != 401) add("spoof_rejected", "", "a forged webhook was answered " + std::to_string(status));
    }
    // Changes nothing: a forged "ERROR" must not reach any recording's row.
    for (const auto* r : world_.platform_recordings()) {
      if (r->crashed) continue;
      const RecordingId& id = r->id;
      const auto row = world_.journal().load(id);
      if (!row) continue;
      for (const auto& line : row->failure_log) {
        if (line.find("fileState ERROR") != std::string::npos) {
          add("spoof_rejected", id.str(), "the row records an ERROR the platform never reported: " + line);
          break;
        }
      }
    }
  }

  void check_rate_limits() {
    check_window(world_.genesys().api_request_times(), world_.genesys().requests_per_minute(), Duration::minutes(1),
                 "Genesys API");
    if (const auto* cx = world_.cxone()) {
      check_window(cx->playback_request_times(), mocks::CxoneModel::kPlaybackLimit, mocks::CxoneModel::kPlaybackWindow,
                   "CXone media-playback");
    }
    // The store half: the primary's writes against the pipelines' write budgets.
    const auto bound = primary_write_bound(world_.setup().primary.put_limit_rps, world_.setup().orchestrators);
    if (auto excess = primary_write_excess(result_.metrics.primary_write_times_us,
                                           result_.metrics.orchestrator_restart_times_us, bound)) {
      add("rate_limits", "", *excess);
    }
  }

  // No sliding window of `window` may hold more than `limit` requests.
  void check_window(const std::vector<Instant>& times, int limit, Duration window, const char* what) {
    std::size_t lo = 0;
    for (std::size_t hi = 0; hi < times.size(); ++hi) {
      while (times[hi] - times[lo] >= window) ++lo;
      if (hi - lo + 1 > static_cast<std::size_t>(limit)) {
        add("rate_limits", "", std::string(what) + " saw " + std::to_string(hi - lo + 1) + " requests within " +
                                   format_duration(window) + " at " + format_instant(times[hi]));
        return;
      }
    }
  }

  SimWorld& world_;
  const RunResult& result_;
  std::map<RecordingId, std::vector<AuditRecord>> audits_;
  std::map<std::string, Instant> last_change_;  // each recording's last journalled state change
  std::vector<Violation> out_;
};

}  // namespace

const std::vector<std::string>& standard_invariants() {
  static const std::vector<std::string> v{"no_loss",     "verified_is_true", "no_rerecord_on_ended", "single_capture",
                                          "barrier",     "bounded_retries",  "no_overwrite",         "ack_in_time",
                                          "spoof_rejected", "credential_isolation", "rate_limits",   "audit_complete",
                                          // Liveness (sim/oracle/liveness.hpp): an extension of the
                                          // contract's table, part of "all".
                                          "converges"};
  return v;
}

const std::vector<std::string>& checked_invariants() {
  // rate_limits checks both halves: the platforms' API limits (from the
  // models' request logs) and the primary's writes against the pipelines'
  // write budgets (sim/oracle/primary_write_rate.hpp).
  static const std::vector<std::string> v{"no_loss",         "verified_is_true", "no_rerecord_on_ended",
                                          "single_capture",  "barrier",          "bounded_retries",
                                          "no_overwrite",    "ack_in_time",      "spoof_rejected",
                                          "credential_isolation", "rate_limits", "audit_complete",
                                          "converges"};
  return v;
}

std::vector<Violation> check_invariants(SimWorld& world, const RunResult& result) {
  return Checker(world, result).run();
}

}  // namespace recguard::sim
