// The SQLite journal against a model small enough to be obviously right: a
// map of rows, a vector of audit records, a map of leases. RapidCheck's
// rc::state drives both with the same random steps (batches with and without
// lease terms from two orchestrators sharing one file, reads through either
// connection, a clean reopen, a crash) and compares them after every read.
// A failing case shrinks to the few steps that matter and prints them with
// each command's show().
#include <catch2/catch.hpp>
#include <rapidcheck/catch.h>
#include <rapidcheck/state.h>

#include <stdlib.h>  // mkdtemp

#include <array>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/journal/sqlite_journal.hpp"

using namespace recguard;

namespace {

// ---- the recordings the steps write ----

// A handful of ids, so steps collide on the same rows and calls. Two
// recordings share call-1 (a re-record's secondary capture does), and one has
// no call at all: its lease is taken on the recording id itself. The ids are
// chosen so that byte order (SQLite's BINARY, std::string's) is not the order
// they were written in: "Rec-3" < "rec-1" < "rec-10" < "rec-2" < "rec-ü".
struct PoolEntry {
  const char* id;
  const char* call;
};
constexpr std::array<PoolEntry, 5> kPool{{
    {"rec-1", "call-1"},
    {"rec-2", "call-1"},
    {"rec-10", "call-2"},
    {"Rec-3", "call-3"},
    {"rec-\xc3\xbc", ""},
}};

// Texts as platforms and stores hand them over: quotes, escapes, UTF-8 in
// several widths. All valid UTF-8; an invalid one is PoisonedBatch's job.
const std::vector<std::string> kTexts{
    "",
    "platform reported fileState ERROR",
    "quoted \"reason\", back\\slash",
    "caf\xc3\xa9 \xe9\x80\x9a\xe8\xa9\xb1 \xf0\x9f\x8e\xa7",
    "line\nbreak\ttab",
};
const std::vector<std::string> kEtags{"", "\"9b2cf535f27731c974343645a3985328\"", "0x8DC5F1A2B3C4D5E",
                                      "\"d41d8cd98f00b204e9800998ecf8427e-3\""};
const std::vector<std::string> kOwners{"orch-a", "orch-b"};

TierRecord random_tier() {
  TierRecord t;
  t.status = *rc::gen::element(TierStatus::pending, TierStatus::written, TierStatus::conflict);
  t.location = *rc::gen::element<std::string>("rec-primary", "rec-backup");
  t.key = "recordings/genesys/" + *rc::gen::element<std::string>("rec-1", "rec-\xc3\xbc") + ".wav";
  t.etag = *rc::gen::elementOf(kEtags);
  t.sha256_hex = std::string(64, *rc::gen::element('a', 'f', '0'));
  t.written_at = Instant{*rc::gen::inRange<std::int64_t>(0, 4'000'000'000'000)};
  t.attempts = *rc::gen::inRange(0, 6);
  t.open_upload_id = *rc::gen::element<std::string>("", "2~upload-left-by-a-crash");
  return t;
}

RecordingRow random_row(const PoolEntry& who) {
  RecordingRow r;
  r.id = RecordingId{who.id};
  r.call = CallId{who.call};
  r.platform = *rc::gen::element(Platform::genesys, Platform::cxone);
  r.state = *rc::gen::elementOf(std::vector<RecordingState>(std::begin(kAllRecordingStates), std::end(kAllRecordingStates)));
  r.platform_file_state = *rc::gen::element<std::string>("", "UPLOADING", "AVAILABLE", "ERROR");
  r.media_uri = "https://cdn.example/" + std::string(who.id) + ".wav?sig=a%2Fb";
  r.expected_duration_ms = *rc::gen::element<std::int64_t>(-1, 0, 61234, 14'400'000);
  r.media_size_bytes = *rc::gen::element<std::int64_t>(-1, 979790, 80LL * 1024 * 1024 * 1024);
  r.sha256_hex = std::string(64, *rc::gen::element('a', 'b'));
  r.fetch_attempts = *rc::gen::inRange(0, 4);
  r.reason = *rc::gen::elementOf(kTexts);
  r.failure_log = *rc::gen::container<std::vector<std::string>>(*rc::gen::inRange(0, 3), rc::gen::elementOf(kTexts));
  r.rerecord.status = *rc::gen::element(RerecordStatus::none, RerecordStatus::requested, RerecordStatus::confirmed,
                                        RerecordStatus::refused);
  if (r.rerecord.status != RerecordStatus::none) {
    r.rerecord.idempotency_key = "rr-" + std::string(who.id);
    r.rerecord.sequence = 1;
    r.rerecord.attempts = *rc::gen::inRange(1, 4);
    r.rerecord.outcome = *rc::gen::elementOf(kTexts);
  }
  r.primary = random_tier();
  r.backup = random_tier();
  r.created_at = Instant{1'000};
  r.updated_at = Instant{*rc::gen::inRange<std::int64_t>(1'000, 4'000'000'000'000)};
  return r;
}

AuditRecord random_audit(const PoolEntry& who) {
  AuditRecord a;
  a.recording_id = RecordingId{who.id};
  a.status = *rc::gen::element<std::string>("compliance_verified", "requires_manual_review",
                                            std::string(kAuditBackfilled));
  a.reason = *rc::gen::elementOf(kTexts);
  a.primary = AuditTier{"rec-primary", "k.wav", *rc::gen::elementOf(kEtags), std::string(64, 'a'), Instant{7}};
  a.backup = AuditTier{"rec-backup", "k.wav", *rc::gen::elementOf(kEtags), std::string(64, 'a'), Instant{8}};
  a.idempotency_key = "idem-" + std::string(who.id);
  a.retry_count = *rc::gen::inRange(0, 10);
  a.at = Instant{*rc::gen::inRange<std::int64_t>(0, 4'000'000'000'000)};
  return a;
}

// Distinct recordings for one batch ("upserts, one per recording id"), in a
// random order: the order of refusals follows the batch, not the ids.
std::vector<PoolEntry> random_recordings(std::size_t max_count) {
  // Fisher-Yates with generated indices: shrinks towards the pool's order.
  std::vector<PoolEntry> pool(kPool.begin(), kPool.end());
  for (std::size_t i = pool.size() - 1; i > 0; --i) std::swap(pool[i], pool[*rc::gen::inRange<std::size_t>(0, i + 1)]);
  pool.resize(*rc::gen::inRange<std::size_t>(0, max_count + 1));
  return pool;
}

// ---- the model ----

struct Lease {
  std::string owner;
  Instant until{};
};

struct JournalModel {
  std::map<RecordingId, RecordingRow> rows;
  std::vector<AuditRecord> audits;
  std::map<CallId, Lease> leases;
  // The orchestrators' shared clock (they need synchronised clocks, says
  // journal.hpp); it only moves forward.
  Instant clock{Duration::hours(1).us};

  static CallId interaction_of(const RecordingRow& r) { return r.call.empty() ? CallId{r.id.str()} : r.call; }

  // journal.hpp's rule, written the simple way: a row is refused while another
  // owner holds its call's lease and that lease has not run out; otherwise
  // its call is claimed (or the claim renewed) until now + hold. A second
  // row on the same call then finds the batch's own claim and passes.
  std::vector<LeaseRefusal> refusals(const JournalBatch& b, std::map<CallId, Lease>* claims_out = nullptr) const {
    std::map<CallId, Lease> claims = leases;
    std::vector<LeaseRefusal> refused;
    for (const RecordingRow& r : b.rows) {
      if (!b.lease) break;
      const CallId call = interaction_of(r);
      auto it = claims.find(call);
      const bool held_by_other =
          it != claims.end() && it->second.owner != b.lease->owner && it->second.until > b.lease->now;
      if (held_by_other) {
        refused.push_back(LeaseRefusal{r.id, call, it->second.owner, it->second.until});
      } else {
        claims[call] = Lease{b.lease->owner, b.lease->now + b.lease->hold};
      }
    }
    if (claims_out != nullptr) *claims_out = std::move(claims);
    return refused;
  }

  void commit(const JournalBatch& b) {
    if (b.empty()) return;
    std::set<RecordingId> refused;
    for (const auto& r : refusals(b, &leases)) refused.insert(r.recording);
    for (const RecordingRow& r : b.rows) {
      if (!refused.count(r.id)) rows[r.id] = r;
    }
    // Only a refused row's audits are held back: an audit whose row is not
    // in the batch is appended whoever holds the call (journal.hpp's rule
    // covers rows; the pipeline always commits a row with its audit).
    for (const AuditRecord& a : b.audits) {
      if (!refused.count(a.recording_id)) audits.push_back(a);
    }
  }

  std::vector<RecordingRow> all_rows() const {
    std::vector<RecordingRow> out;
    for (const auto& [id, row] : rows) out.push_back(row);
    return out;
  }
};

// ---- the system under test: one file, two orchestrators' connections ----

class JournalSut {
 public:
  JournalSut() {
    // Every commit fsyncs (synchronous=FULL), which on a disk costs
    // milliseconds: a few thousand commits per run would take most of a
    // minute. What this test checks is what the journal keeps, and a crash
    // here is a copy of the files, not a power cut, so a RAM-backed
    // directory loses nothing of it.
    const std::filesystem::path shm = "/dev/shm";
    std::error_code ec;
    const std::filesystem::path base =
        std::filesystem::is_directory(shm, ec) ? shm : std::filesystem::temp_directory_path();
    std::string tmpl = (base / "recguard-journal-model-XXXXXX").string();
    if (mkdtemp(tmpl.data()) == nullptr) throw std::runtime_error("mkdtemp failed for " + tmpl);
    dir_ = tmpl;
    path_ = (dir_ / "journal-0.sqlite").string();
    open_both();
  }
  ~JournalSut() {
    conns_ = {};
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  JournalSut(const JournalSut&) = delete;
  JournalSut& operator=(const JournalSut&) = delete;

  // Connection 0 is orch-a's (and the lease-less single writer's), 1 is orch-b's.
  SqliteJournal& conn(std::size_t i) { return *conns_.at(i); }

  void reopen() {
    conns_ = {};
    open_both();
  }

  // What a killed process leaves: the database and its write-ahead log as
  // they are on disk, never checkpointed or closed. Opening a copy of them
  // replays the WAL the way recovery after a crash does; the old
  // connections are then dropped without ever touching the copy.
  void crash() {
    const std::string copy = (dir_ / ("journal-" + std::to_string(++generation_) + ".sqlite")).string();
    for (const char* suffix : {"", "-wal"}) {
      const std::filesystem::path from = path_ + suffix;
      if (std::filesystem::exists(from)) std::filesystem::copy_file(from, copy + suffix);
    }
    path_ = copy;
    auto survivors = std::move(conns_);
    open_both();
    survivors = {};
  }

 private:
  void open_both() {
    for (auto& c : conns_) {
      auto opened = SqliteJournal::open(path_);
      if (!opened.ok()) throw std::runtime_error(opened.error().message);
      c = std::move(opened.value());
    }
  }

  std::filesystem::path dir_;
  std::string path_;
  int generation_ = 0;
  std::array<std::unique_ptr<SqliteJournal>, 2> conns_;
};

using JournalCommand = rc::state::Command<JournalModel, JournalSut>;

// ---- comparing, with failures that show both sides ----

std::string render(const RecordingRow& r) { return nlohmann::json(r).dump(); }
std::string render(const AuditRecord& a) { return nlohmann::json(a).dump(); }
std::string render(const LeaseRefusal& r) {
  return r.recording.str() + " (call " + r.interaction.str() + ") held by " + r.holder + " until " +
         format_instant(r.until);
}
template <class T>
std::string render(const std::vector<T>& items) {
  std::string out = "[";
  for (const auto& i : items) out += "\n    " + render(i);
  return out + "]";
}

template <class T>
void expect_same(const T& journal, const T& model, const std::string& what) {
  if (journal == model) return;
  RC_FAIL(what + " differs\n  journal: " + render(journal) + "\n  model:   " + render(model));
}

bool same_refusals(const std::vector<LeaseRefusal>& a, const std::vector<LeaseRefusal>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (render(a[i]) != render(b[i])) return false;
  }
  return true;
}

std::string describe_rows(const std::vector<RecordingRow>& rows) {
  std::string out;
  for (const auto& r : rows) {
    if (!out.empty()) out += ", ";
    out += r.id.str() + "(" + (r.call.empty() ? "no call" : r.call.str()) + ") " + std::string(to_string(r.state));
  }
  return out.empty() ? "no rows" : out;
}

std::string describe_audits(const std::vector<AuditRecord>& audits) {
  std::string out;
  for (const auto& a : audits) out += (out.empty() ? "" : ", ") + a.recording_id.str() + " " + a.status;
  return out.empty() ? "no audits" : out;
}

// ---- the steps ----

// Lease terms relative to the model's clock, so a shrunk sequence (earlier
// steps removed) still moves time forward.
struct Claim {
  std::size_t owner = 0;
  Duration later{};  // how far the clock moves before this commit
  Duration hold{};

  LeaseTerms terms_at(Instant clock) const { return LeaseTerms{kOwners[owner], clock + later, hold}; }
};

std::optional<Claim> random_claim() {
  if (*rc::gen::weightedElement<bool>({{1, false}, {3, true}})) {
    Claim c;
    c.owner = *rc::gen::inRange<std::size_t>(0, 2);
    // Steps and holds share values, so a claim often runs out exactly when
    // a later commit comes: the boundary (expired at `until`) is tested.
    c.later = Duration::seconds(*rc::gen::element<std::int64_t>(0, 1, 5, 10, 30, 60));
    // A zero hold expires at once: the claim never keeps the other owner out.
    c.hold = Duration::seconds(*rc::gen::element<std::int64_t>(0, 10, 30, 60));
    return c;
  }
  return std::nullopt;
}

std::string describe_claim(const std::optional<Claim>& c) {
  if (!c) return "no lease terms";
  return "lease " + kOwners[c->owner] + " +" + format_duration(c->later) + " hold " + format_duration(c->hold);
}

// One group commit: upserted rows and appended audits, perhaps under lease
// terms. The journal must refuse exactly the rows the model refuses and write
// the rest.
struct CommitBatch : JournalCommand {
  std::vector<RecordingRow> rows;
  std::vector<AuditRecord> audits;
  std::optional<Claim> claim;

  explicit CommitBatch(const JournalModel&) {
    for (const PoolEntry& who : random_recordings(3)) rows.push_back(random_row(who));
    const int n_audits = *rc::gen::inRange(0, 3);
    for (int i = 0; i < n_audits; ++i) audits.push_back(random_audit(*rc::gen::elementOf(kPool)));
    claim = random_claim();
  }

  JournalBatch batch(const JournalModel& m) const {
    JournalBatch b;
    b.rows = rows;
    b.audits = audits;
    if (claim) b.lease = claim->terms_at(m.clock);
    return b;
  }

  void apply(JournalModel& m) const override {
    const JournalBatch b = batch(m);
    m.commit(b);
    // Time moves whenever terms are given, even for an empty batch: the
    // clock is the orchestrators', not the journal's.
    if (claim) m.clock = b.lease->now;
  }

  void run(const JournalModel& m, JournalSut& sut) const override {
    const JournalBatch b = batch(m);
    auto done = sut.conn(claim ? claim->owner : 0).commit(b);
    if (!done.ok()) RC_FAIL("commit failed: " + done.error().message);
    const auto want = b.empty() ? std::vector<LeaseRefusal>{} : m.refusals(b);
    if (!same_refusals(done->refused, want)) {
      RC_FAIL("refusals differ\n  journal: " + render(done->refused) + "\n  model:   " + render(want));
    }
  }

  void show(std::ostream& os) const override {
    os << "commit [" << describe_rows(rows) << "] [" << describe_audits(audits) << "] " << describe_claim(claim);
  }
};

// A batch the journal must reject whole, and leave no trace of: not its rows,
// not its audits, not its lease claims. Two ways to break one: a string that
// is not UTF-8 (the codec refuses it before the transaction opens) and an
// audit record without a recording id (a CHECK constraint fails after the
// leases were claimed and the rows upserted, so the rollback must undo them).
struct PoisonedBatch : JournalCommand {
  std::vector<RecordingRow> rows;
  std::optional<Claim> claim;
  bool invalid_utf8 = false;

  explicit PoisonedBatch(const JournalModel&) {
    for (const PoolEntry& who : random_recordings(3)) rows.push_back(random_row(who));
    claim = random_claim();
    invalid_utf8 = *rc::gen::arbitrary<bool>();
  }

  JournalBatch batch(const JournalModel& m) const {
    JournalBatch b;
    b.rows = rows;
    if (invalid_utf8) {
      b.audits.push_back(AuditRecord{});
      b.audits.back().recording_id = RecordingId{kPool[0].id};
      b.audits.back().reason = "truncated \xc3";  // a lone lead byte
    } else {
      b.audits.push_back(AuditRecord{});  // recording_id empty
    }
    if (claim) b.lease = claim->terms_at(m.clock);
    return b;
  }

  void run(const JournalModel& m, JournalSut& sut) const override {
    auto done = sut.conn(claim ? claim->owner : 0).commit(batch(m));
    RC_ASSERT(!done.ok());
  }

  void show(std::ostream& os) const override {
    os << "commit poisoned by " << (invalid_utf8 ? "invalid UTF-8" : "an audit without recording id") << " ["
       << describe_rows(rows) << "] " << describe_claim(claim) << " (must be refused whole)";
  }
};

struct LoadOne : JournalCommand {
  std::size_t via = 0;
  RecordingId id;

  explicit LoadOne(const JournalModel&)
      : via(*rc::gen::inRange<std::size_t>(0, 2)),
        id(*rc::gen::element<std::string>(kPool[0].id, kPool[1].id, kPool[2].id, kPool[3].id, kPool[4].id,
                                          "rec-never-written")) {}

  void run(const JournalModel& m, JournalSut& sut) const override {
    const auto got = sut.conn(via).load(id);
    const auto it = m.rows.find(id);
    if (it == m.rows.end()) {
      if (got) RC_FAIL("load(" + id.str() + ") found a row the model does not have: " + render(*got));
      return;
    }
    if (!got) RC_FAIL("load(" + id.str() + ") found nothing; model: " + render(it->second));
    expect_same(*got, it->second, "load(" + id.str() + ")");
  }

  void show(std::ostream& os) const override { os << "load " << id.str() << " via " << kOwners[via]; }
};

struct LoadAll : JournalCommand {
  std::size_t via = 0;
  explicit LoadAll(const JournalModel&) : via(*rc::gen::inRange<std::size_t>(0, 2)) {}

  void run(const JournalModel& m, JournalSut& sut) const override {
    expect_same(sut.conn(via).load_all(), m.all_rows(), "load_all");
  }

  void show(std::ostream& os) const override { os << "load all via " << kOwners[via]; }
};

struct ReadAuditLog : JournalCommand {
  std::size_t via = 0;
  explicit ReadAuditLog(const JournalModel&) : via(*rc::gen::inRange<std::size_t>(0, 2)) {}

  void run(const JournalModel& m, JournalSut& sut) const override {
    expect_same(sut.conn(via).audit_log(), m.audits, "audit_log");
  }

  void show(std::ostream& os) const override { os << "read the audit log via " << kOwners[via]; }
};

// Both processes stop cleanly and start again on the same file: everything
// committed is there at once, leases included (the next commits see them).
struct Reopen : JournalCommand {
  void run(const JournalModel& m, JournalSut& sut) const override {
    sut.reopen();
    expect_same(sut.conn(0).load_all(), m.all_rows(), "load_all after reopen");
    expect_same(sut.conn(1).audit_log(), m.audits, "audit_log after reopen");
  }
  void show(std::ostream& os) const override { os << "close both connections and reopen the file"; }
};

// Both processes die: a returned commit() has reached the disk, so nothing
// committed may be missing from what they leave behind.
struct Crash : JournalCommand {
  void run(const JournalModel& m, JournalSut& sut) const override {
    sut.crash();
    expect_same(sut.conn(1).load_all(), m.all_rows(), "load_all after a crash");
    expect_same(sut.conn(0).audit_log(), m.audits, "audit_log after a crash");
  }
  void show(std::ostream& os) const override { os << "crash: reopen what is on disk, unclosed"; }
};

}  // namespace

TEST_CASE("the SQLite journal behaves like a map of rows, a list of audits and a map of leases",
          "[property][journal]") {
  rc::prop("journal against its model, over batches, leases, reads, reopens and crashes", [] {
    JournalSut sut;
    rc::state::check(JournalModel{}, sut,
                     rc::state::gen::execOneOfWithArgs<CommitBatch, CommitBatch, CommitBatch, PoisonedBatch, LoadOne,
                                                       LoadAll, ReadAuditLog, Reopen, Crash>());
  });
}
