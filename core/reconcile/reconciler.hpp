#pragma once
// The reconciler's comparison, sans-I/O: the journal's rows against both
// tiers' inventories, fed page by page as the driver lists the stores.
//
// Memory: one compact entry per journal row (id, key, each tier's expected
// etag / sha256 / status, and what the listings showed for it) plus the page
// being added. Pages are matched by binary search in the key-sorted index, so
// this does not depend on the listing order (S3 and Azure both list in key
// order, but a page may arrive from either tier at any time). Only the report
// (actions, orphans) grows with what the stores hold.
//
// Take the journal snapshot BEFORE listing: then every verified row's objects
// were written before the listing began, so "missing" is real; objects written
// after the snapshot show up as orphans or journal_behind, which are reports,
// never actions, and clear on the next pass.
//
// What a store holds is compared on the strongest evidence both sides have:
// sha256 when the listing carries it, else the etag; the size whenever both
// sides know it. A copy that differs is never overwritten or used as a source:
// it is reported for review.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/journal/recording_row.hpp"
#include "core/reconcile/inventory.hpp"
#include "core/types/ids.hpp"

namespace recguard::reconcile {

// Copy the object from `source` to `missing` (create-only, as every write).
struct BackfillAction {
  RecordingId id;
  std::string key;  // the key in the missing tier
  Tier missing = Tier::backup;
  Tier source = Tier::primary;
  bool operator==(const BackfillAction&) const = default;
};

struct ChecksumMismatch {
  RecordingId id;
  std::string key;
  Tier tier = Tier::primary;
  std::string journal_etag, journal_sha256_hex;
  std::int64_t journal_size = -1;
  std::string store_etag, store_sha256_hex;
  std::int64_t store_size = -1;
  bool other_tier_good = false;  // the other tier holds a copy matching the journal
  bool operator==(const ChecksumMismatch&) const = default;
};

struct MissingEverywhere {
  RecordingId id;
  std::string key;
  bool operator==(const MissingEverywhere&) const = default;
};

struct Orphan {
  Tier tier = Tier::primary;
  InventoryItem item;
  bool operator==(const Orphan&) const = default;
};

// The store holds the object but the journal still says pending: the write
// applied and its answer was lost (an ambiguous 500, a crash before the
// journal commit). The pipeline's HEAD-before-retry settles it; reported so
// that a stuck one is seen.
struct JournalBehind {
  RecordingId id;
  std::string key;
  Tier tier = Tier::primary;
  InventoryItem found;
  bool operator==(const JournalBehind&) const = default;
};

// Every list sorted by (key, id, tier): the same inputs give the same report,
// whatever the order the pages arrived in.
struct ReconcileReport {
  std::vector<BackfillAction> backfill;
  std::vector<ChecksumMismatch> checksum_mismatch;
  std::vector<MissingEverywhere> missing_everywhere;
  std::vector<Orphan> orphans;
  std::vector<JournalBehind> journal_behind;
  std::int64_t in_sync = 0;        // verified rows both of whose tiers hold the journal's bytes
  std::int64_t not_verified = 0;   // rows still in the pipeline (or in review): never backfilled
  std::int64_t listed[2] = {0, 0};  // objects listed, by tier (index: Tier)
};

class Reconciler {
 public:
  Reconciler() = default;

  // Every journal row, before the first page. Only what the comparison needs
  // is kept.
  void add_row(const RecordingRow& row);
  // One page of one tier's listing; `last` on its final page (which may be empty).
  void add_page(Tier tier, std::vector<InventoryItem> page, bool last);
  bool complete() const { return last_seen_[0] && last_seen_[1]; }
  // The report, once both tiers' last pages are in; nullopt before.
  std::optional<ReconcileReport> finish();

 private:
  enum class Seen : std::uint8_t { absent, match, mismatch };
  struct Expect {
    TierStatus status = TierStatus::pending;
    std::string key, etag, sha256_hex;
    Seen seen = Seen::absent;
    InventoryItem found;  // kept only for a mismatch or a pending tier (reports need it)
  };
  struct Entry {
    RecordingId id;
    bool verified = false;
    std::int64_t size = -1;
    Expect tier[2];
  };
  struct IndexRef {
    std::string_view key;
    std::uint32_t entry;
  };

  void seal();
  void match(Tier tier, InventoryItem&& item);

  std::vector<Entry> entries_;
  std::vector<IndexRef> index_[2];  // per tier, sorted by (key, entry)
  bool sealed_ = false;
  bool last_seen_[2] = {false, false};
  bool finished_ = false;
  ReconcileReport report_;
};

// Backfill order. Low traffic: primary backfills first (the primary is the
// tier of record and has budget to spare). Otherwise backup first: the
// primary's PUT budget is kept for live recordings. Key order within each group.
std::vector<BackfillAction> order_backfill(std::vector<BackfillAction> actions, bool low_traffic);

}  // namespace recguard::reconcile
