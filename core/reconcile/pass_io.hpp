#pragma once
// What goes in and out of one reconciliation pass (reconcile_pass.hpp), and
// what it reports. The pass talks to the two stores only; a driver carries
// its requests (sim: over the simulated network from the reconciler's own
// region; live: sockets) and feeds the answers back.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/http/message.hpp"
#include "core/journal/journal.hpp"
#include "core/reconcile/low_traffic.hpp"
#include "core/reconcile/reconciler.hpp"
#include "core/tiers/backoff.hpp"
#include "core/types/ids.hpp"

namespace recguard::reconcile {

struct PassConfig {
  // Objects per listing page, sent as max-keys / maxresults. S3 answers at
  // most 1,000 a page and Azure 5,000 whatever is asked; a smaller page bounds
  // what one answer holds in memory.
  int page_size = 1000;
  std::string prefix;  // what to list; empty: the whole bucket / container
  // Backfills in flight at once: each holds one object's bytes.
  int backfill_concurrency = 2;
  // Tries of one list page, GET, PUT or HEAD before giving up (the first
  // try included). Transport errors, 429 and 5xx (but 501) are retried.
  int max_attempts = 4;
  tiers::BackoffPolicy retry_backoff{Duration::seconds(2), Duration::seconds(30), 20, Duration::seconds(1)};
  std::uint64_t jitter_seed = 0;  // the driver's entropy for the backoff jitter
  std::int64_t epoch_unix_s = 0;  // wall time of Instant{0}, for request signing
  LowTrafficRule low_traffic;
};

// ---- events in ----
struct StoreAnswer {
  std::uint64_t request_id = 0;
  std::optional<http::Response> response = {};  // empty: connection failed or timed out
  std::string transport_error = {};
};
struct AuditsCommitted {
  std::uint64_t batch_id = 0;
  bool ok = true;
  std::string error = {};
};
using PassEvent = std::variant<StoreAnswer, AuditsCommitted>;

// ---- commands out ----
struct SendStoreRequest {
  std::uint64_t request_id = 0;
  Tier tier = Tier::primary;
  http::Request request = {};
  std::string about = {};  // "list" or the recording id, for the driver's trace
};
// Append the backfill audit records (rows are not touched: see
// reconcile_pass.hpp), then feed back AuditsCommitted.
struct CommitAudits {
  std::uint64_t batch_id = 0;
  JournalBatch batch = {};
};
using PassCommand = std::variant<SendStoreRequest, CommitAudits>;

// ---- the report ----
enum class CopyOutcome {
  copied,           // the missing tier now holds the journal's bytes (ours, create-only)
  already_present,  // the missing tier holds the journal's bytes already (written meanwhile): nothing to do
  conflict,         // the missing tier holds OTHER bytes under the key: reported, never overwritten
  source_unreadable,  // the source answered no bytes (501: an object assembled from parts keeps digests only)
  source_mismatch,  // the source's bytes do not hash to the journal's SHA-256: never propagated
  source_gone,      // the source no longer holds the object (404)
  failed,           // refused (auth, 4xx) or still failing after max_attempts
  skipped,          // not tried: a tier it needs stayed unreachable earlier in this pass
};
std::string_view to_string(CopyOutcome o);
bool is_copied(CopyOutcome o);

struct CopyResult {
  BackfillAction action;
  CopyOutcome outcome = CopyOutcome::failed;
  std::string detail = {};  // why, in words (for the trace and the report)
  std::string etag = {};    // of the missing tier's copy, when copied
  int requests = 0;         // GET + PUT + HEAD requests sent, retries included
};

struct PassReport {
  Instant started{};
  Instant finished{};
  std::int64_t journal_rows = 0;  // rows in the snapshot
  TrafficEstimate traffic;
  // Both tiers were listed to their last page: `comparison` is filled. When
  // false nothing was compared or copied: never act on a partial inventory.
  bool inventory_complete = false;
  // The pass did all it set out to do: the inventory was complete and no
  // tier stayed unreachable during the copies. When false the next pass
  // starts over; incomplete_reason says why.
  bool complete = false;
  std::string incomplete_reason = {};
  std::int64_t pages[2] = {0, 0};   // listing pages read, by tier (index: Tier)
  std::int64_t listed[2] = {0, 0};  // objects listed, by tier
  ReconcileReport comparison;       // filled when both listings completed
  std::vector<CopyResult> copies;   // one per backfill action, in backfill order (order_backfill)
  std::vector<std::string> audit_errors;  // audit commits that failed
  std::int64_t copied() const;
  std::int64_t not_copied() const;  // copies that did not end copied or already_present
};

}  // namespace recguard::reconcile
