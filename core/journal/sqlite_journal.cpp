#include "core/journal/sqlite_journal.hpp"

#include <sqlite3.h>

#include <cassert>
#include <cstdlib>
#include <map>
#include <set>
#include <stdexcept>
#include <string_view>

#include <nlohmann/json.hpp>

namespace recguard {

namespace {

// Named CHECK constraints make SQLite's error say which rule a row broke.
// json_valid guards against a half-written or hand-edited row: recovery
// must be able to parse every row it finds.
constexpr const char* kCreateSchema = R"sql(
CREATE TABLE IF NOT EXISTS recordings(
  id TEXT PRIMARY KEY CONSTRAINT recording_id_present CHECK(id <> ''),
  state TEXT NOT NULL,
  updated_at_us INTEGER NOT NULL,
  row_json TEXT NOT NULL CONSTRAINT row_json_valid CHECK(json_valid(row_json))
);
CREATE TABLE IF NOT EXISTS audit(
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  recording_id TEXT NOT NULL CONSTRAINT audit_recording_id_present CHECK(recording_id <> ''),
  at_us INTEGER NOT NULL,
  record_json TEXT NOT NULL CONSTRAINT record_json_valid CHECK(json_valid(record_json))
);
-- The audit trail is evidence: once written it is never changed or removed,
-- whoever holds a connection to the file.
CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
)sql";

// Version 2 added the per-interaction leases; a version-1 file gains the
// table on open (nothing else changed).
constexpr const char* kCreateLeases = R"sql(
CREATE TABLE IF NOT EXISTS leases(
  interaction TEXT PRIMARY KEY CONSTRAINT lease_interaction_present CHECK(interaction <> ''),
  owner TEXT NOT NULL CONSTRAINT lease_owner_present CHECK(owner <> ''),
  until_us INTEGER NOT NULL
);
)sql";

// Resets a cached statement when the scope ends, on every path, so the next
// use starts clean and no read transaction is left open.
class ResetOnExit {
 public:
  explicit ResetOnExit(sqlite3_stmt* s) : s_(s) {}
  ~ResetOnExit() {
    sqlite3_reset(s_);
    sqlite3_clear_bindings(s_);
  }
  ResetOnExit(const ResetOnExit&) = delete;
  ResetOnExit& operator=(const ResetOnExit&) = delete;

 private:
  sqlite3_stmt* s_;
};

// SQLITE_STATIC: the caller keeps `text` alive until the statement is reset.
int bind_text(sqlite3_stmt* s, int index, std::string_view text) {
  return sqlite3_bind_text(s, index, text.data(), static_cast<int>(text.size()), SQLITE_STATIC);
}

std::string_view column_text(sqlite3_stmt* s, int column) {
  const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(s, column));
  return p == nullptr ? std::string_view{} : std::string_view(p, static_cast<std::size_t>(sqlite3_column_bytes(s, column)));
}

// Decodes a stored row. A row that no longer parses means the file was
// damaged or written by other code; it surfaces as the documented exception.
template <class T>
T decode(std::string_view json_text, const char* table) {
  try {
    return nlohmann::json::parse(json_text).get<T>();
  } catch (const nlohmann::json::exception& e) {
    throw std::runtime_error(std::string("journal: unreadable row in ") + table + ": " + e.what());
  }
}

}  // namespace

void SqliteJournal::StmtFinalize::operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }

SqliteJournal::SqliteJournal(sqlite3* db) : db_(db) { assert(db_ != nullptr); }

SqliteJournal::~SqliteJournal() {
  // Statements must be finalized before the connection closes; members would
  // otherwise be destroyed only after this body has run.
  for (Stmt* s : {&begin_, &commit_, &rollback_, &upsert_row_, &insert_audit_, &claim_lease_, &select_lease_,
                  &select_revision_, &select_all_rows_, &select_row_, &select_audit_}) {
    s->reset();
  }
  sqlite3_close_v2(db_);
}

Error SqliteJournal::sqlite_error(const char* while_doing) const {
  return Error{std::string("sqlite: ") + sqlite3_errmsg(db_) + " (" + while_doing + ")"};
}

Result<std::unique_ptr<SqliteJournal>> SqliteJournal::open(const std::string& path) {
  sqlite3* raw = nullptr;
  // URI names ("file:...?mode=memory&cache=shared") let several connections,
  // as several simulated orchestrators hold, share one in-memory database.
  const int open_rc =
      sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_URI, nullptr);
  if (raw == nullptr) return Error{"sqlite: out of memory opening " + path};
  // Owned from here on, so every early return closes the connection.
  std::unique_ptr<SqliteJournal> j(new SqliteJournal(raw));
  if (open_rc != SQLITE_OK) return j->sqlite_error(("opening " + path).c_str());
  sqlite3_extended_result_codes(raw, 1);

  if (auto durable = j->make_file_durable(path); !durable.ok()) return durable.error();
  if (auto schema = j->create_or_check_schema(path); !schema.ok()) return schema.error();
  if (auto prepared = j->prepare_statements(); !prepared.ok()) return prepared.error();
  return j;
}

Result<Committed> SqliteJournal::make_file_durable(const std::string& path) {
  // An empty main filename means ":memory:" (or a temporary database): no
  // disk, so journal mode and syncing do not apply.
  const char* file = sqlite3_db_filename(db_, "main");
  if (file == nullptr || file[0] == '\0') return Committed{};

  // WAL: a commit appends to the log instead of rewriting pages, so a group
  // commit costs one sequential write. synchronous=FULL: the WAL is fsynced
  // at every commit. With NORMAL a power loss could roll back the last
  // commits, whose webhooks were already acknowledged; that is exactly the
  // loss the journal exists to prevent (ARCHITECTURE.md).
  sqlite3_stmt* raw_mode = nullptr;
  if (sqlite3_prepare_v2(db_, "PRAGMA journal_mode=WAL", -1, &raw_mode, nullptr) != SQLITE_OK) {
    return sqlite_error("setting journal_mode");
  }
  const Stmt mode(raw_mode);
  if (sqlite3_step(raw_mode) != SQLITE_ROW) return sqlite_error("setting journal_mode");
  const std::string actual_mode(column_text(raw_mode, 0));
  if (actual_mode != "wal") return Error{"sqlite: " + path + " cannot use WAL (journal_mode is " + actual_mode + ")"};
  if (sqlite3_exec(db_, "PRAGMA synchronous=FULL", nullptr, nullptr, nullptr) != SQLITE_OK) {
    return sqlite_error("setting synchronous");
  }
  return Committed{};
}

Result<Committed> SqliteJournal::create_or_check_schema(const std::string& path) {
  // One transaction, so that two processes opening a fresh file cannot both
  // create it, and a failure leaves no partial schema.
  const auto fail = [this](const char* while_doing) {
    Error e = sqlite_error(while_doing);
    if (sqlite3_get_autocommit(db_) == 0) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    return e;
  };
  if (sqlite3_exec(db_, "BEGIN IMMEDIATE; CREATE TABLE IF NOT EXISTS schema_version(version INTEGER NOT NULL);",
                   nullptr, nullptr, nullptr) != SQLITE_OK) {
    return fail("creating schema_version");
  }
  int found_version = 0;  // 0: a fresh database
  const auto read_version = [](void* out, int columns, char** values, char**) {
    if (columns == 1 && values[0] != nullptr) *static_cast<int*>(out) = std::atoi(values[0]);
    return 0;
  };
  if (sqlite3_exec(db_, "SELECT version FROM schema_version", read_version, &found_version, nullptr) != SQLITE_OK) {
    return fail("reading schema_version");
  }
  if (found_version != 0 && (found_version < 1 || found_version > kSchemaVersion)) {
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    return Error{"journal " + path + " has schema version " + std::to_string(found_version) + ", this build reads " +
                 std::to_string(kSchemaVersion)};
  }
  std::string sql = std::string(kCreateSchema) + kCreateLeases;
  if (found_version == 0) sql += "INSERT INTO schema_version(version) VALUES(" + std::to_string(kSchemaVersion) + ");";
  else if (found_version < kSchemaVersion) sql += "UPDATE schema_version SET version = " + std::to_string(kSchemaVersion) + ";";
  sql += "COMMIT;";
  if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) return fail("creating schema");
  return Committed{};
}

Result<Committed> SqliteJournal::prepare_statements() {
  struct Spec {
    Stmt* target;
    const char* sql;
  };
  const Spec specs[] = {
      {&begin_, "BEGIN IMMEDIATE"},
      {&commit_, "COMMIT"},
      {&rollback_, "ROLLBACK"},
      {&upsert_row_,
       "INSERT INTO recordings(id, state, updated_at_us, row_json) VALUES(?1, ?2, ?3, ?4) "
       "ON CONFLICT(id) DO UPDATE SET state = excluded.state, updated_at_us = excluded.updated_at_us, "
       "row_json = excluded.row_json"},
      {&insert_audit_, "INSERT INTO audit(recording_id, at_us, record_json) VALUES(?1, ?2, ?3)"},
      // Takes the lease when it is free, expired or already ours; otherwise
      // changes nothing (sqlite3_changes() == 0) and the holder is read back.
      {&claim_lease_,
       "INSERT INTO leases(interaction, owner, until_us) VALUES(?1, ?2, ?3) "
       "ON CONFLICT(interaction) DO UPDATE SET owner = excluded.owner, until_us = excluded.until_us "
       "WHERE leases.owner = excluded.owner OR leases.until_us <= ?4"},
      {&select_lease_, "SELECT owner, until_us FROM leases WHERE interaction = ?1"},
      // The revision lives in the row's JSON: no schema change, and rows
      // written before revisions read as 0.
      {&select_revision_, "SELECT json_extract(row_json, '$.revision') FROM recordings WHERE id = ?1"},
      // BINARY collation compares bytes, the same order as std::string: recovery
      // order is deterministic and matches the core's own maps.
      {&select_all_rows_, "SELECT row_json FROM recordings ORDER BY id"},
      {&select_row_, "SELECT row_json FROM recordings WHERE id = ?1"},
      {&select_audit_, "SELECT record_json FROM audit ORDER BY seq"},
  };
  for (const Spec& spec : specs) {
    sqlite3_stmt* s = nullptr;
    // PERSISTENT: these live as long as the connection.
    if (sqlite3_prepare_v3(db_, spec.sql, -1, SQLITE_PREPARE_PERSISTENT, &s, nullptr) != SQLITE_OK) {
      return sqlite_error(spec.sql);
    }
    spec.target->reset(s);
  }
  return Committed{};
}

Result<Committed> SqliteJournal::commit(const JournalBatch& batch) {
  if (batch.empty()) return Committed{};

  // Serialize before the transaction opens: a row that cannot be encoded
  // (invalid UTF-8 in a platform-supplied string) fails the batch without
  // ever taking the write lock.
  std::vector<std::string> row_json;
  std::vector<std::string> audit_json;
  try {
    row_json.reserve(batch.rows.size());
    for (const RecordingRow& r : batch.rows) row_json.push_back(nlohmann::json(r).dump());
    audit_json.reserve(batch.audits.size());
    for (const AuditRecord& a : batch.audits) audit_json.push_back(nlohmann::json(a).dump());
  } catch (const nlohmann::json::exception& e) {
    return Error{std::string("journal: cannot encode batch: ") + e.what()};
  }

  {
    const ResetOnExit reset(begin_.get());
    if (sqlite3_step(begin_.get()) != SQLITE_DONE) return sqlite_error("BEGIN IMMEDIATE");
  }

  Committed done;
  Result<Committed> written = Committed{};
  std::set<RecordingId> refused;
  if (batch.lease) {
    auto claims = claim_leases(batch);
    if (claims.ok()) {
      done.refused = std::move(claims.value());
      for (const auto& r : done.refused) refused.insert(r.recording);
    } else {
      written = claims.error();
    }
  }
  for (std::size_t i = 0; i < batch.rows.size() && written.ok(); ++i) {
    const RecordingRow& r = batch.rows[i];
    if (refused.count(r.id)) continue;
    sqlite3_stmt* s = upsert_row_.get();
    const ResetOnExit reset(s);
    const bool bound = bind_text(s, 1, r.id.str()) == SQLITE_OK && bind_text(s, 2, to_string(r.state)) == SQLITE_OK &&
                       sqlite3_bind_int64(s, 3, r.updated_at.us) == SQLITE_OK &&
                       bind_text(s, 4, row_json[i]) == SQLITE_OK;
    if (!bound || sqlite3_step(s) != SQLITE_DONE) written = sqlite_error(("upserting recording " + r.id.str()).c_str());
  }
  for (std::size_t i = 0; i < batch.audits.size() && written.ok(); ++i) {
    const AuditRecord& a = batch.audits[i];
    if (refused.count(a.recording_id)) continue;
    sqlite3_stmt* s = insert_audit_.get();
    const ResetOnExit reset(s);
    const bool bound = bind_text(s, 1, a.recording_id.str()) == SQLITE_OK &&
                       sqlite3_bind_int64(s, 2, a.at.us) == SQLITE_OK && bind_text(s, 3, audit_json[i]) == SQLITE_OK;
    if (!bound || sqlite3_step(s) != SQLITE_DONE) {
      written = sqlite_error(("appending audit for " + a.recording_id.str()).c_str());
    }
  }
  if (written.ok()) {
    const ResetOnExit reset(commit_.get());
    if (sqlite3_step(commit_.get()) == SQLITE_DONE) return done;
    written = sqlite_error("COMMIT");
  }

  // Some errors (I/O, full disk) have already rolled the transaction back;
  // otherwise roll back here so that no part of the batch survives.
  if (sqlite3_get_autocommit(db_) == 0) {
    const ResetOnExit reset(rollback_.get());
    if (sqlite3_step(rollback_.get()) != SQLITE_DONE) {
      return Error{written.error().message + "; then " + sqlite_error("ROLLBACK").message};
    }
  }
  return written;
}

Result<std::vector<LeaseRefusal>> SqliteJournal::claim_leases(const JournalBatch& batch) {
  const LeaseTerms& terms = *batch.lease;
  const Instant until = terms.now + terms.hold;
  std::vector<LeaseRefusal> refused;
  // A numbered row must follow the stored one; a stale one is refused
  // before any claim, so that it cannot take the call from its owner.
  std::set<RecordingId> stale;
  for (const RecordingRow& r : batch.rows) {
    if (r.revision == 0) continue;
    {
      // Held by another owner now: the lease refusal below names the holder.
      sqlite3_stmt* s = select_lease_.get();
      const ResetOnExit reset(s);
      bind_text(s, 1, r.call.str().empty() ? r.id.str() : r.call.str());
      if (sqlite3_step(s) == SQLITE_ROW && column_text(s, 0) != terms.owner &&
          sqlite3_column_int64(s, 1) > terms.now.us) {
        continue;
      }
    }
    auto stored = stored_revision(r.id);
    if (!stored.ok()) return stored.error();
    if (stored.value() + 1 != r.revision) {
      stale.insert(r.id);
      refused.push_back(LeaseRefusal{r.id, r.call.str().empty() ? CallId{r.id.str()} : r.call,
                                     "a newer row (revision " + std::to_string(stored.value()) + ")", terms.now});
    }
  }
  // One claim per call per batch; every row of a refused call is refused.
  std::map<CallId, std::optional<LeaseRefusal>> decided;
  for (const RecordingRow& r : batch.rows) {
    if (stale.count(r.id)) continue;
    const CallId interaction = r.call.str().empty() ? CallId{r.id.str()} : r.call;
    auto [it, fresh] = decided.try_emplace(interaction);
    if (fresh) {
      {
        sqlite3_stmt* s = claim_lease_.get();
        const ResetOnExit reset(s);
        const bool bound = bind_text(s, 1, interaction.str()) == SQLITE_OK &&
                           bind_text(s, 2, terms.owner) == SQLITE_OK && sqlite3_bind_int64(s, 3, until.us) == SQLITE_OK &&
                           sqlite3_bind_int64(s, 4, terms.now.us) == SQLITE_OK;
        if (!bound || sqlite3_step(s) != SQLITE_DONE) {
          return sqlite_error(("claiming the lease on " + interaction.str()).c_str());
        }
      }
      if (sqlite3_changes(db_) == 0) {
        sqlite3_stmt* s = select_lease_.get();
        const ResetOnExit reset(s);
        bind_text(s, 1, interaction.str());
        if (sqlite3_step(s) != SQLITE_ROW) return sqlite_error(("reading the lease on " + interaction.str()).c_str());
        it->second = LeaseRefusal{{}, interaction, std::string(column_text(s, 0)), Instant{sqlite3_column_int64(s, 1)}};
      }
    }
    if (it->second) {
      LeaseRefusal r2 = *it->second;
      r2.recording = r.id;
      refused.push_back(std::move(r2));
    }
  }
  return refused;
}

Result<std::uint64_t> SqliteJournal::stored_revision(const RecordingId& id) {
  sqlite3_stmt* s = select_revision_.get();
  const ResetOnExit reset(s);
  if (bind_text(s, 1, id.str()) != SQLITE_OK) return sqlite_error(("reading the revision of " + id.str()).c_str());
  const int rc = sqlite3_step(s);
  if (rc == SQLITE_DONE) return std::uint64_t{0};
  if (rc != SQLITE_ROW) return sqlite_error(("reading the revision of " + id.str()).c_str());
  return static_cast<std::uint64_t>(sqlite3_column_int64(s, 0));  // NULL reads as 0
}

std::vector<RecordingRow> SqliteJournal::load_all() {
  sqlite3_stmt* s = select_all_rows_.get();
  const ResetOnExit reset(s);
  std::vector<RecordingRow> rows;
  int rc = SQLITE_ROW;
  while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
    rows.push_back(decode<RecordingRow>(column_text(s, 0), "recordings"));
  }
  if (rc != SQLITE_DONE) throw std::runtime_error(sqlite_error("loading recordings").message);
  return rows;
}

std::optional<RecordingRow> SqliteJournal::load(const RecordingId& id) {
  sqlite3_stmt* s = select_row_.get();
  const ResetOnExit reset(s);
  bind_text(s, 1, id.str());
  const int rc = sqlite3_step(s);
  if (rc == SQLITE_DONE) return std::nullopt;
  if (rc != SQLITE_ROW) throw std::runtime_error(sqlite_error(("loading recording " + id.str()).c_str()).message);
  return decode<RecordingRow>(column_text(s, 0), "recordings");
}

std::vector<AuditRecord> SqliteJournal::audit_log() {
  sqlite3_stmt* s = select_audit_.get();
  const ResetOnExit reset(s);
  std::vector<AuditRecord> log;
  int rc = SQLITE_ROW;
  while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
    log.push_back(decode<AuditRecord>(column_text(s, 0), "audit"));
  }
  if (rc != SQLITE_DONE) throw std::runtime_error(sqlite_error("loading audit log").message);
  return log;
}

}  // namespace recguard
