// The SQLite journal: full-fidelity round trips, all-or-nothing commits,
// durability across reopen, the append-only audit table, and ordering.
#include <catch2/catch.hpp>

#include <sqlite3.h>
#include <stdlib.h>  // mkdtemp

#include <filesystem>
#include <string>

#include "core/journal/sqlite_journal.hpp"

using namespace recguard;

namespace {

// A fresh directory under /tmp, removed with everything in it at scope end.
class TempDir {
 public:
  TempDir() {
    std::string tmpl = "/tmp/recguard-journal-XXXXXX";
    REQUIRE(mkdtemp(tmpl.data()) != nullptr);
    path_ = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

// A batch without lease terms: one writer.
JournalBatch batch_of(std::vector<RecordingRow> rows = {}, std::vector<AuditRecord> audits = {}) {
  JournalBatch b;
  b.rows = std::move(rows);
  b.audits = std::move(audits);
  return b;
}

std::unique_ptr<SqliteJournal> open_or_fail(const std::string& path) {
  auto j = SqliteJournal::open(path);
  if (!j.ok()) FAIL(j.error().message);
  return std::move(j.value());
}

// Every field set to something other than its default, so a field the codec
// forgets cannot round-trip by accident.
RecordingRow full_row(const std::string& id) {
  RecordingRow r;
  r.id = RecordingId{id};
  r.platform = Platform::cxone;
  r.call = CallId{"call-" + id};
  r.state = RecordingState::writing;
  r.platform_file_state = "AVAILABLE";
  r.media_uri = "https://cdn.example/media/" + id + ".wav?sig=a%2Fb";
  r.expected_duration_ms = 61234;
  r.expected_size_bytes = 979788;
  r.sha256_hex = std::string(64, 'a');
  r.media_format = "wav_ulaw_8k";
  r.media_size_bytes = 979790;
  r.idempotency_key = "idem-" + id;
  r.fetch_attempts = 2;
  r.reason = "quoted \"reason\" with unicode: caf\xc3\xa9";
  r.primary = TierRecord{TierStatus::written, "rec-primary", id + ".wav", "\"etag-1\"", std::string(64, 'b'),
                         Instant{123456789}, 1, ""};
  r.backup = TierRecord{TierStatus::conflict, "rec-backup", id + ".wav", "0x8DC", std::string(64, 'c'),
                        Instant{223456789}, 3, "upload-id-left-by-a-crash"};
  r.created_at = Instant{1000};
  r.updated_at = Instant{999999999};
  return r;
}

AuditRecord full_audit(const std::string& id, std::int64_t at_us) {
  AuditRecord a;
  a.recording_id = RecordingId{id};
  a.status = "requires_manual_review";
  a.reason = "backup conflict";
  a.primary = AuditTier{"rec-primary", id + ".wav", "\"etag-1\"", std::string(64, 'b'), Instant{123}};
  a.backup = AuditTier{"rec-backup", id + ".wav", "0x8DC", std::string(64, 'c'), Instant{456}};
  a.idempotency_key = "idem-" + id;
  a.retry_count = 4;
  a.at = Instant{at_us};
  return a;
}

std::vector<std::string> ids_of(const std::vector<RecordingRow>& rows) {
  std::vector<std::string> out;
  for (const auto& r : rows) out.push_back(r.id.str());
  return out;
}

// Runs SQL on a separate raw connection to the file; returns SQLite's message or "".
std::string raw_exec(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  char* err = nullptr;
  const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err);
  std::string msg = rc == SQLITE_OK ? "" : (err != nullptr ? err : "error");
  sqlite3_free(err);
  sqlite3_close(db);
  return msg;
}

std::string raw_scalar(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  sqlite3_stmt* s = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr) == SQLITE_OK);
  std::string out;
  if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0) != nullptr) {
    out = reinterpret_cast<const char*>(sqlite3_column_text(s, 0));
  }
  sqlite3_finalize(s);
  sqlite3_close(db);
  return out;
}

}  // namespace

TEST_CASE("a recording row and an audit record round-trip every field", "[journal]") {
  auto j = open_or_fail(":memory:");
  const RecordingRow row = full_row("rec-0001");
  const AuditRecord audit = full_audit("rec-0001", 555);
  JournalBatch batch;
  batch.rows.push_back(row);
  batch.audits.push_back(audit);
  REQUIRE(j->commit(batch).ok());

  const auto loaded = j->load(RecordingId{"rec-0001"});
  REQUIRE(loaded.has_value());
  CHECK(*loaded == row);
  CHECK(j->load_all() == std::vector<RecordingRow>{row});
  CHECK(j->audit_log() == std::vector<AuditRecord>{audit});
  CHECK_FALSE(j->load(RecordingId{"rec-0002"}).has_value());
}

TEST_CASE("an empty journal and an empty batch", "[journal]") {
  auto j = open_or_fail(":memory:");
  CHECK(j->load_all().empty());
  CHECK(j->audit_log().empty());
  CHECK(j->commit(batch_of()).ok());
  CHECK(j->load_all().empty());
}

TEST_CASE("upsert replaces the row with the same id", "[journal]") {
  auto j = open_or_fail(":memory:");
  RecordingRow r = full_row("rec-0001");
  REQUIRE(j->commit(batch_of({r}, {})).ok());
  r.state = RecordingState::compliance_verified;
  r.primary.attempts = 9;
  r.updated_at = Instant{2000000000};
  REQUIRE(j->commit(batch_of({r}, {})).ok());
  const auto all = j->load_all();
  REQUIRE(all.size() == 1);
  CHECK(all[0] == r);
  CHECK(j->load(r.id)->state == RecordingState::compliance_verified);

  // Two versions of one id in a single batch: the later one wins.
  RecordingRow first = full_row("rec-0002");
  RecordingRow second = first;
  second.fetch_attempts = 3;
  REQUIRE(j->commit(batch_of({first, second}, {})).ok());
  CHECK(j->load(RecordingId{"rec-0002"})->fetch_attempts == 3);
}

TEST_CASE("load_all is ordered by id, audit_log by append order", "[journal]") {
  auto j = open_or_fail(":memory:");
  JournalBatch b1;
  for (const char* id : {"rec-0010", "rec-0002", "rec-0100", "rec-0001"}) b1.rows.push_back(full_row(id));
  b1.audits.push_back(full_audit("rec-0100", 30));
  b1.audits.push_back(full_audit("rec-0002", 10));
  REQUIRE(j->commit(b1).ok());
  JournalBatch b2;
  b2.rows.push_back(full_row("rec-0003"));
  b2.audits.push_back(full_audit("rec-0001", 5));
  REQUIRE(j->commit(b2).ok());

  CHECK(ids_of(j->load_all()) ==
        std::vector<std::string>{"rec-0001", "rec-0002", "rec-0003", "rec-0010", "rec-0100"});
  const auto log = j->audit_log();
  REQUIRE(log.size() == 3);
  // Append order, not id order and not time order.
  CHECK(log[0].recording_id.str() == "rec-0100");
  CHECK(log[1].recording_id.str() == "rec-0002");
  CHECK(log[2].recording_id.str() == "rec-0001");
}

TEST_CASE("a batch that fails midway leaves no part of it visible", "[journal]") {
  auto j = open_or_fail(":memory:");
  const RecordingRow before = full_row("rec-0001");
  REQUIRE(j->commit(batch_of({before}, {full_audit("rec-0001", 1)})).ok());

  SECTION("the second row breaks a CHECK constraint") {
    RecordingRow changed = before;
    changed.state = RecordingState::compliance_verified;
    RecordingRow nameless = full_row("");  // an empty id: rejected by recording_id_present
    JournalBatch bad = batch_of({changed, full_row("rec-0002"), nameless}, {full_audit("rec-0001", 2)});
    const auto res = j->commit(bad);
    REQUIRE_FALSE(res.ok());
    CHECK_THAT(res.error().message, Catch::Contains("CHECK constraint failed") &&
                                        Catch::Contains("recording_id_present"));
  }
  SECTION("an audit after the rows breaks a CHECK constraint") {
    RecordingRow changed = before;
    changed.state = RecordingState::compliance_verified;
    JournalBatch bad = batch_of({changed, full_row("rec-0002")}, {full_audit("rec-0002", 2), full_audit("", 3)});
    const auto res = j->commit(bad);
    REQUIRE_FALSE(res.ok());
    CHECK_THAT(res.error().message, Catch::Contains("audit_recording_id_present"));
  }
  SECTION("a row that cannot be encoded fails before the transaction") {
    RecordingRow broken = full_row("rec-0002");
    broken.reason = "invalid utf-8 \xff\xfe";
    const auto res = j->commit(batch_of({full_row("rec-0003"), broken}, {}));
    REQUIRE_FALSE(res.ok());
    CHECK_THAT(res.error().message, Catch::Contains("cannot encode"));
  }

  // Nothing of the failed batch: the first row keeps its old state, the new
  // rows do not exist, the audit log has only the first record.
  CHECK(j->load_all() == std::vector<RecordingRow>{before});
  CHECK(j->audit_log().size() == 1);
  // And the journal is usable afterwards: the transaction was closed.
  REQUIRE(j->commit(batch_of({full_row("rec-0004")}, {full_audit("rec-0004", 9)})).ok());
  CHECK(ids_of(j->load_all()) == std::vector<std::string>{"rec-0001", "rec-0004"});
  CHECK(j->audit_log().size() == 2);
}

TEST_CASE("a file journal is durable across close and reopen, in WAL mode", "[journal]") {
  TempDir dir;
  const std::string path = dir.file("journal.db");
  const RecordingRow row = full_row("rec-0001");
  const AuditRecord audit = full_audit("rec-0001", 77);
  {
    auto j = open_or_fail(path);
    REQUIRE(j->commit(batch_of({row, full_row("rec-0002")}, {audit})).ok());
    // Visible to another connection as soon as commit() returns.
    CHECK(raw_scalar(path, "SELECT count(*) FROM recordings") == "2");
  }
  CHECK(raw_scalar(path, "PRAGMA journal_mode") == "wal");
  CHECK(raw_scalar(path, "SELECT version FROM schema_version") == "2");
  {
    auto j = open_or_fail(path);
    CHECK(j->load(row.id) == row);
    CHECK(ids_of(j->load_all()) == std::vector<std::string>{"rec-0001", "rec-0002"});
    CHECK(j->audit_log() == std::vector<AuditRecord>{audit});
    // Reopening does not duplicate the schema version row.
    CHECK(raw_scalar(path, "SELECT count(*) FROM schema_version") == "1");
  }
}

TEST_CASE("the audit table rejects UPDATE and DELETE from any connection", "[journal]") {
  TempDir dir;
  const std::string path = dir.file("journal.db");
  auto j = open_or_fail(path);
  const AuditRecord audit = full_audit("rec-0001", 42);
  REQUIRE(j->commit(batch_of({full_row("rec-0001")}, {audit})).ok());

  CHECK_THAT(raw_exec(path, "UPDATE audit SET at_us = 0"), Catch::Contains("append-only"));
  CHECK_THAT(raw_exec(path, "UPDATE audit SET record_json = '{}' WHERE seq = 1"), Catch::Contains("append-only"));
  CHECK_THAT(raw_exec(path, "DELETE FROM audit"), Catch::Contains("append-only"));
  // Appending is still allowed, recordings rows stay mutable.
  CHECK(raw_exec(path, "UPDATE recordings SET updated_at_us = updated_at_us") == "");
  CHECK(j->audit_log() == std::vector<AuditRecord>{audit});
}

TEST_CASE("a journal from an unknown schema version is refused", "[journal]") {
  TempDir dir;
  const std::string path = dir.file("journal.db");
  { open_or_fail(path); }
  REQUIRE(raw_exec(path, "UPDATE schema_version SET version = 99") == "");
  const auto j = SqliteJournal::open(path);
  REQUIRE_FALSE(j.ok());
  CHECK_THAT(j.error().message, Catch::Contains("schema version 99"));
}

TEST_CASE("opening a path that cannot be created is an error, not a crash", "[journal]") {
  TempDir dir;
  const auto j = SqliteJournal::open(dir.file("no-such-dir/journal.db"));
  REQUIRE_FALSE(j.ok());
  CHECK_THAT(j.error().message, Catch::Contains("sqlite"));
}

TEST_CASE("a stored row that no longer decodes fails loudly instead of vanishing", "[journal]") {
  TempDir dir;
  const std::string path = dir.file("journal.db");
  auto j = open_or_fail(path);
  REQUIRE(j->commit(batch_of({full_row("rec-0001")}, {})).ok());
  // Valid JSON (the CHECK allows it) but not a RecordingRow: damaged by hand.
  REQUIRE(raw_exec(path, "INSERT INTO recordings VALUES('rec-0002', 'received', 0, '{\"id\":\"rec-0002\"}')") == "");
  CHECK_THROWS_WITH(j->load_all(), Catch::Contains("unreadable row in recordings"));
  CHECK_THROWS_AS(j->load(RecordingId{"rec-0002"}), std::runtime_error);
  CHECK(j->load(RecordingId{"rec-0001"}).has_value());
  // The CHECK keeps out text that is not JSON at all.
  CHECK_THAT(raw_exec(path, "INSERT INTO recordings VALUES('rec-0003', 'received', 0, 'not json')"),
             Catch::Contains("row_json_valid"));
}

TEST_CASE("a version-1 journal gains the lease table on open and keeps its rows", "[journal]") {
  TempDir dir;
  const std::string path = dir.file("journal.db");
  {
    auto j = open_or_fail(path);
    REQUIRE(j->commit(batch_of({full_row("rec-0001")}, {})).ok());
  }
  // What a build of schema version 1 left behind.
  REQUIRE(raw_exec(path, "DROP TABLE leases; UPDATE schema_version SET version = 1") == "");
  auto j = open_or_fail(path);
  CHECK(raw_scalar(path, "SELECT version FROM schema_version") == "2");
  CHECK(raw_scalar(path, "SELECT count(*) FROM leases") == "0");
  CHECK(j->load(RecordingId{"rec-0001"}).has_value());
}

namespace {

JournalBatch leased(std::vector<RecordingRow> rows, const char* owner, std::int64_t now_s,
                    std::vector<AuditRecord> audits = {}) {
  JournalBatch b;
  b.rows = std::move(rows);
  b.audits = std::move(audits);
  b.lease = LeaseTerms{owner, Instant{} + Duration::seconds(now_s), Duration::seconds(60)};
  return b;
}

}  // namespace

TEST_CASE("two orchestrators on one journal file: a call's lease admits one writer at a time", "[journal]") {
  TempDir dir;
  const std::string path = dir.file("journal.db");
  auto a = open_or_fail(path);
  auto b = open_or_fail(path);  // a second connection, as a second orchestrator holds
  RecordingRow row = full_row("rec-0001");  // call "call-rec-0001"

  auto first = a->commit(leased({row}, "orch-a", 0));
  REQUIRE(first.ok());
  CHECK(first->refused.empty());

  // B writes the same call 30 s later: A's lease runs to 60 s. B's row and
  // its audit are refused; B's row for another call is written.
  RecordingRow theirs = row;
  theirs.fetch_attempts = 3;
  const RecordingRow other = full_row("rec-0002");
  auto second = b->commit(leased({theirs, other}, "orch-b", 30, {full_audit("rec-0001", 1), full_audit("rec-0002", 2)}));
  REQUIRE(second.ok());
  REQUIRE(second->refused.size() == 1);
  CHECK(second->refused[0].recording.str() == "rec-0001");
  CHECK(second->refused[0].interaction.str() == "call-rec-0001");
  CHECK(second->refused[0].holder == "orch-a");
  CHECK(second->refused[0].until == Instant{} + Duration::seconds(60));
  CHECK(a->load(row.id)->fetch_attempts == row.fetch_attempts);  // A's row untouched
  CHECK(a->load(other.id).has_value());
  REQUIRE(a->audit_log().size() == 1);
  CHECK(a->audit_log()[0].recording_id.str() == "rec-0002");

  // A renews by committing again at 50 s (lease to 110 s): B is still refused at 70 s.
  REQUIRE(a->commit(leased({row}, "orch-a", 50))->refused.empty());
  CHECK(b->commit(leased({theirs}, "orch-b", 70))->refused.size() == 1);

  // A goes quiet; at 110 s its lease has lapsed and B takes the call over.
  auto takeover = b->commit(leased({theirs}, "orch-b", 110));
  REQUIRE(takeover.ok());
  CHECK(takeover->refused.empty());
  CHECK(a->load(row.id)->fetch_attempts == 3);
  // Now A is the one refused, and learns who holds the call.
  auto stale = a->commit(leased({row}, "orch-a", 111));
  REQUIRE(stale->refused.size() == 1);
  CHECK(stale->refused[0].holder == "orch-b");
  CHECK(a->load(row.id)->fetch_attempts == 3);
}

TEST_CASE("without lease terms a batch is written as before and claims nothing", "[journal]") {
  TempDir dir;
  const std::string path = dir.file("journal.db");
  auto a = open_or_fail(path);
  REQUIRE(a->commit(leased({full_row("rec-0001")}, "orch-a", 0)).ok());
  auto plain = a->commit(batch_of({full_row("rec-0001")}, {}));
  REQUIRE(plain.ok());
  CHECK(plain->refused.empty());
  CHECK(raw_scalar(path, "SELECT owner FROM leases") == "orch-a");
}

TEST_CASE("a numbered row that is not one past the stored revision is refused and takes no lease", "[journal]") {
  // Found by recguard explore (seed 94): a restarted orchestrator kept a
  // boot-time copy of a row that another then finished; once the finisher's
  // lease lapsed, the stale copy overwrote the finished row.
  TempDir dir;
  const std::string path = dir.file("journal.db");
  auto a = open_or_fail(path);
  auto b = open_or_fail(path);
  RecordingRow row = full_row("rec-0001");
  row.revision = 1;
  REQUIRE(a->commit(leased({row}, "orch-a", 0))->refused.empty());
  RecordingRow stale_copy = row;  // what B read at its boot
  row.revision = 2;
  row.fetch_attempts = 9;
  REQUIRE(a->commit(leased({row}, "orch-a", 10))->refused.empty());
  CHECK(a->load(row.id)->revision == 2);

  // A's lease ran out at 70 s; B acts on its copy at 100 s.
  stale_copy.revision = 2;
  auto stale = b->commit(leased({stale_copy}, "orch-b", 100, {full_audit("rec-0001", 5)}));
  REQUIRE(stale.ok());
  REQUIRE(stale->refused.size() == 1);
  CHECK(stale->refused[0].holder.find("newer row") != std::string::npos);
  CHECK(a->load(row.id)->fetch_attempts == 9);  // the finished row stands
  CHECK(a->audit_log().empty());                // and the stale copy's audit was not appended
  CHECK(raw_scalar(path, "SELECT owner FROM leases") == "orch-a");  // nor did it take the call

  // Read afresh, B's next write follows the stored row and is taken.
  RecordingRow fresh = *b->load(row.id);
  fresh.revision += 1;
  REQUIRE(b->commit(leased({fresh}, "orch-b", 101))->refused.empty());
  CHECK(a->load(row.id)->revision == 3);
  CHECK(raw_scalar(path, "SELECT owner FROM leases") == "orch-b");
}
