#pragma once
// The journal interface: narrow on purpose, so that a PostgreSQL backend
// shared by several core replicas can implement it later.
#include <optional>
#include <vector>

#include "core/audit/audit_record.hpp"
#include "core/journal/recording_row.hpp"
#include "core/types/result.hpp"

namespace recguard {

// A per-interaction lease, for several orchestrators sharing one journal.
// Every row a batch writes claims its call (the interaction) for `owner`
// until now + hold; while another owner's claim on that call is unexpired the
// row is refused, so two workers never both act on one call (above all, never
// both re-record it). Each commit renews the owner's claims. Times are the
// drivers' clocks: replicas need synchronised clocks and a hold well above
// their skew.
struct LeaseTerms {
  std::string owner;
  Instant now{};
  Duration hold{};
};

// Everything one group commit makes durable at once.
struct JournalBatch {
  std::vector<RecordingRow> rows;     // upserts, one per recording id
  std::vector<AuditRecord> audits;    // appends
  std::optional<LeaseTerms> lease;    // empty: a single writer, no lease checks
  bool empty() const { return rows.empty() && audits.empty(); }
};

// With a lease, a row numbered with a revision (RecordingRow::revision > 0)
// is also refused when it is not exactly one past the stored row's: its
// writer acted on a stale copy. Such a row claims no lease.
//
// A row the batch could not write because another owner holds its call.
// Its audit records were not written either; the rest of the batch was.
struct LeaseRefusal {
  RecordingId recording;
  CallId interaction;
  std::string holder;
  Instant until{};
};

struct Committed {
  std::vector<LeaseRefusal> refused;
};

class Journal {
 public:
  virtual ~Journal() = default;
  // Writes the whole batch in one transaction. When this returns ok the batch
  // is committed: acknowledgements that wait on it may be sent.
  virtual Result<Committed> commit(const JournalBatch& batch) = 0;
  // Every row, ordered by recording id (deterministic recovery order).
  virtual std::vector<RecordingRow> load_all() = 0;
  virtual std::optional<RecordingRow> load(const RecordingId& id) = 0;
  // Audit records in append order.
  virtual std::vector<AuditRecord> audit_log() = 0;
};

}  // namespace recguard
