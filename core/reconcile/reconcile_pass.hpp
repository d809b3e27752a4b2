#pragma once
// One reconciliation pass, sans-I/O, in the style of the rest of the core:
// handle(event, now) / handle_timeout(now) in, poll_command() out,
// next_deadline() says when to call back.
//
//  1. List both tiers page by page (page_size objects a page, the stores'
//     own continuation carried from page to page, one page in flight per
//     tier), feeding each page to the Reconciler.
//  2. Once BOTH listings are complete, compare with the journal snapshot
//     and order the backfills (order_backfill: primary first at low traffic,
//     see low_traffic.hpp).
//  3. Copy, at most backfill_concurrency at a time (backfill_copy.hpp): GET
//     from the good tier, check the SHA-256 against the journal, create-only
//     PUT to the tier that lost it, HEAD to settle an "already exists".
//  4. Append an audit record for every copy made (kAuditBackfilled) and
//     finish once they are committed.
//
// Failures: a list page, GET, PUT or HEAD that fails transiently (transport
// error, 429, 5xx but 501) is tried again after a backoff, up to
// max_attempts. A listing that still fails ends the pass INCOMPLETE at once:
// no comparison, no copies, since a partial inventory would make every
// object it did not reach look missing. A tier that stays unreachable during
// the copies also makes the pass incomplete; the copies that need it are
// skipped. Either way the next pass starts over.
//
// The snapshot must be taken BEFORE the first page is listed (see
// reconciler.hpp). The pass never writes journal rows: a verified row belongs
// to the pipeline, which may still hold it in memory and write it again, so
// the restoration is recorded in the append-only audit log instead. The row
// keeps the original copy's etag; the next pass compares the new copy by
// SHA-256 (Azure lists it as metadata) or by the S3 ETag, which is the MD5 of
// the same bytes, so both still match.
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <vector>

#include "core/reconcile/backfill_copy.hpp"
#include "core/reconcile/pass_io.hpp"
#include "core/reconcile/reconciler.hpp"
#include "core/stores/store_client.hpp"

namespace recguard::reconcile {

class ReconcilePass {
 public:
  // Sends both tiers' first listing pages (poll_command) at once.
  ReconcilePass(PassConfig cfg, std::shared_ptr<const stores::StoreClient> primary,
                std::shared_ptr<const stores::StoreClient> backup, std::vector<RecordingRow> snapshot, Instant now);

  void handle(PassEvent event, Instant now);
  void handle_timeout(Instant now);
  std::optional<PassCommand> poll_command();
  std::optional<Instant> next_deadline() const;

  bool done() const { return phase_ == Phase::finished; }
  const PassReport& report() const { return report_; }

 private:
  enum class Phase { listing, copying, finished };
  struct Listing {
    std::string continuation;  // of the next page to ask for
    bool last_seen = false;
    int attempts = 0;  // of the current page
    std::optional<Instant> retry_at;
  };
  struct Copy {
    BackfillCopy copy;
    int attempts = 0;  // of the current step
    std::optional<Instant> retry_at;
  };
  // What an outstanding request was for: a tier's listing, or copies_[copy].
  struct Outstanding {
    bool listing = true;
    Tier tier = Tier::primary;
    std::size_t copy = 0;
  };

  void send_list(Tier t);
  void on_list_answer(Tier t, const StoreAnswer& a, Instant now);
  void listing_failed(Tier t, const std::string& why, Instant now);
  void compare(Instant now);
  void start_copies();
  void send_copy(std::size_t i);
  void on_copy_answer(std::size_t i, const StoreAnswer& a, Instant now);
  void copy_finished(std::size_t i, Instant now);
  void maybe_commit();
  void maybe_finish(Instant now);
  void finish(Instant now);
  Duration backoff(int attempt, std::string_view salt, std::int64_t retry_after_s) const;
  std::int64_t unix_seconds(Instant now) const { return cfg_.epoch_unix_s + now.us / 1000000; }
  const stores::StoreClient& client(Tier t) const { return t == Tier::primary ? *primary_ : *backup_; }

  PassConfig cfg_;
  std::shared_ptr<const stores::StoreClient> primary_;
  std::shared_ptr<const stores::StoreClient> backup_;
  Phase phase_ = Phase::listing;
  Instant now_{};  // of the event being handled: requests are signed with it

  // Until the comparison: every row (the audit records need the rows of the
  // copies made). After it, only the rows the backfills name.
  std::vector<RecordingRow> snapshot_;
  std::map<RecordingId, RecordingRow> action_rows_;
  Reconciler reconciler_;
  Listing listing_[2];

  std::vector<Copy> copies_;   // in backfill order
  std::size_t next_copy_ = 0;  // the first not started
  std::size_t copies_active_ = 0;
  bool unreachable_[2] = {false, false};

  std::map<std::uint64_t, Outstanding> outstanding_;  // by request id
  std::uint64_t next_request_id_ = 1;
  std::vector<AuditRecord> audits_waiting_;
  std::optional<std::uint64_t> commit_in_flight_;
  std::uint64_t next_batch_id_ = 1;

  std::deque<PassCommand> out_;
  PassReport report_;
};

}  // namespace recguard::reconcile
