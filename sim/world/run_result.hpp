#pragma once
// What one simulated run produced, for the oracle, the summary and reports.
// No wall-clock figure lives here: the simulation never reads a clock.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/types/ids.hpp"
#include "core/types/time.hpp"
#include "sim/world/run_timeline.hpp"

namespace recguard::sim {

struct Violation {
  std::string invariant;
  std::string recording;  // may be empty for world-wide invariants
  Instant at{};
  std::string detail;
  std::vector<std::string> trace_context;  // the trace lines that led there
};

struct RecordingOutcome {
  std::string state;   // final workflow state
  std::string reason;
  int rerecord_commands = 0;
};

struct RunMetrics {
  std::vector<std::int64_t> ack_latencies_us;  // every signed delivery that was acknowledged
  std::uint64_t events = 0;
  std::uint64_t webhook_deliveries = 0;
  std::uint64_t webhook_lost = 0;              // relay gave up
  std::uint64_t http_requests = 0;
  std::uint64_t journal_commits = 0;
  std::uint64_t bytes_downloaded = 0;
  std::uint64_t rerecord_commands = 0;          // start-recording commands the platform received
  std::uint64_t annotations = 0;
  std::uint64_t webhook_duplicates_injected = 0;
  std::uint64_t webhook_drops_injected = 0;
  std::uint64_t spoofed_sent = 0;
  std::vector<int> spoofed_answers;             // status the pipeline gave each forged delivery
  std::uint64_t platform_api_requests = 0;
  std::uint64_t lease_refusals = 0;             // rows a journal lease kept from a second orchestrator
  // Node faults (sim/world/node_faults.hpp), counted where the world injects them.
  std::uint64_t throttled_answers = 0;          // throttle: 429 / 503 SlowDown / 503 ServerBusy
  std::uint64_t errors_injected = 0;            // error_rate: a 5xx in the node's own shape
  std::uint64_t ambiguous_writes = 0;           // a write the store applied, answered 500
  std::uint64_t transport_failures = 0;         // requests to a crashed store: connection refused
  std::uint64_t store_crashes = 0;
  std::uint64_t orchestrator_crashes = 0;
  std::uint64_t webhooks_unanswered = 0;        // delivery attempts that reached a crashed orchestrator
  std::uint64_t store_auth_refusals = 0;        // 401/403 from a store: a revoked credential, a skewed clock
  // The pipelines' tier lanes (core/pipeline/tier_lanes.cpp), summed over orchestrators.
  std::uint64_t store_writes_deferred = 0;
  std::uint64_t backfills = 0;
  std::uint64_t breaker_openings = 0;
  // The reconciler (world.reconciler). Activity adds up over the run's passes;
  // findings are those of the last complete pass (what is still wrong), so a
  // problem seen by every pass is counted once.
  std::uint64_t reconcile_passes = 0;              // passes that ended, complete or not
  std::uint64_t reconcile_incomplete = 0;          // of those, ended without a complete inventory or its copies
  std::uint64_t reconcile_listed = 0;              // objects listed, both tiers, every pass
  std::uint64_t reconcile_backfills = 0;           // objects copied to the tier that had lost them
  std::uint64_t reconcile_not_copied = 0;          // backfills that could not be made (the trace says why)
  std::uint64_t reconcile_requests = 0;            // requests the reconciler sent to the stores
  std::uint64_t reconcile_missing_everywhere = 0;  // last complete pass: verified, in neither tier
  std::uint64_t reconcile_orphans = 0;             // last complete pass: objects no journal row names
  std::uint64_t reconcile_checksum_mismatches = 0; // last complete pass: a copy that differs from the journal
  std::uint64_t objects_lost = 0;                  // objects the objects_lost fault deleted
  // When each primary write (PUT, multipart completion) left an orchestrator:
  // the oracle's rate_limits holds them to the write budget.
  std::vector<std::int64_t> primary_write_times_us;
  // The most artifact bytes one orchestrator's workflows held at once,
  // sampled after every large answer (core/workflow/media_stream.hpp).
  std::int64_t media_held_peak_bytes = 0;
  // S3 multipart uploads begun and neither completed nor aborted when the run
  // ended: parts a crash or a failure left behind.
  std::uint64_t s3_uploads_left_open = 0;
  // When a crashed orchestrator booted again: its new process starts with a
  // full write budget, which the oracle's bound must allow for.
  std::vector<std::int64_t> orchestrator_restart_times_us = {};
  // How often each fault kind acted (a throttled answer, a dropped delivery,
  // a message lost to a partition...), by the scenario vocabulary's name:
  // the suite's coverage of the fault space.
  std::map<std::string, std::uint64_t> faults_fired = {};
  // Retries, from the journal's rows at the end: media re-fetches, and
  // store writes beyond each tier's first attempt.
  std::uint64_t fetch_retries = 0;
  std::uint64_t write_retries = 0;
  // Media (CDN) requests for a recording whose artifact was not AVAILABLE on
  // its platform at that instant: the "fetch on recording-started" trap.
  // Counted where the requests reach the CDN, refused by a node fault or not.
  std::uint64_t early_media_fetches = 0;
};

// The liveness verdict's figures: from when the world was left alone (the
// last fault healed and the platform made its last change) to when the last
// recording reached a final state.
struct Convergence {
  std::int64_t settle_from_us = 0;
  std::int64_t converged_at_us = -1;  // -1: some recording never reached a final state
  std::int64_t bound_us = 0;
  std::vector<std::string> never_heal = {};  // faults with no end: liveness is judged under them
  // The recording that settled last, or the first still not final: the one a violation names.
  RecordingId last_recording = {};
  RecordingState last_state = RecordingState::received;
  std::int64_t last_change_us = 0;
};

struct RunResult {
  std::string name;
  std::uint64_t seed = 0;
  Instant end_time{};
  std::string trace_digest;
  std::uint64_t trace_lines = 0;
  std::map<std::string, int> outcome_counts;             // by final state
  std::map<RecordingId, RecordingOutcome> recordings;
  std::vector<Violation> violations;
  RunMetrics metrics;
  RunTimeline timeline = {};
  Convergence convergence = {};
};

// Percentile (0..100) of a sample, nearest-rank; -1 when empty.
std::int64_t percentile(std::vector<std::int64_t> v, double pct);

}  // namespace recguard::sim
