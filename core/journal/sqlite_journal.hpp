#pragma once
// The embedded journal: SQLite, one transaction per group commit. The
// simulator runs it on ":memory:" (real transactions, no disk); live mode
// runs it on a file, where a returned commit() has reached the disk.
#include <memory>
#include <string>

#include "core/journal/journal.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace recguard {

class SqliteJournal final : public Journal {
 public:
  // Opens (creating if absent) the database at `path`, or ":memory:". Fails
  // on I/O errors and on a database written by an unknown schema version.
  static Result<std::unique_ptr<SqliteJournal>> open(const std::string& path);

  ~SqliteJournal() override;
  SqliteJournal(const SqliteJournal&) = delete;
  SqliteJournal& operator=(const SqliteJournal&) = delete;

  // All or nothing: on error the transaction is rolled back and the message
  // is SQLite's (e.g. "CHECK constraint failed: ...").
  Result<Committed> commit(const JournalBatch& batch) override;

  // The Journal interface has no error channel for reads. A read that fails
  // (I/O error, a row that no longer parses) throws std::runtime_error rather
  // than return partial state: recovering from half a journal would silently
  // drop recordings.
  std::vector<RecordingRow> load_all() override;
  std::optional<RecordingRow> load(const RecordingId& id) override;
  std::vector<AuditRecord> audit_log() override;

  static constexpr int kSchemaVersion = 2;

 private:
  struct StmtFinalize {
    void operator()(sqlite3_stmt* s) const;
  };
  using Stmt = std::unique_ptr<sqlite3_stmt, StmtFinalize>;

  explicit SqliteJournal(sqlite3* db);
  Result<Committed> make_file_durable(const std::string& path);
  Result<Committed> create_or_check_schema(const std::string& path);
  Result<Committed> prepare_statements();
  Error sqlite_error(const char* while_doing) const;
  // Inside the open transaction: claims each row's call for batch.lease's
  // owner and returns the rows another owner's unexpired lease refuses.
  Result<std::vector<LeaseRefusal>> claim_leases(const JournalBatch& batch);
  // The stored row's revision (0 when absent or unnumbered).
  Result<std::uint64_t> stored_revision(const RecordingId& id);

  sqlite3* db_;
  // Prepared once and reused: every group commit runs the same statements.
  Stmt begin_;
  Stmt commit_;
  Stmt rollback_;
  Stmt upsert_row_;
  Stmt insert_audit_;
  Stmt claim_lease_;
  Stmt select_lease_;
  Stmt select_revision_;
  Stmt select_all_rows_;
  Stmt select_row_;
  Stmt select_audit_;
};

}  // namespace recguard
