#pragma once
// The journal interface: narrow on purpose, so that a PostgreSQL backend
// shared by several core replicas can implement it later.
#include <optional>
#include <vector>

#include "core/audit/audit_record.hpp"
#include "core/journal/recording_row.hpp"
#include "core/types/result.hpp"

namespace recguard {

// Everything one group commit makes durable at once.
struct JournalBatch {
  std::vector<RecordingRow> rows;     // upserts, one per recording id
  std::vector<AuditRecord> audits;    // appends
  bool empty() const { return rows.empty() && audits.empty(); }
};

struct Committed {};

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
