// One reconciliation pass, driven event by event against the product's own
// S3 and Azure Blob models through the real codecs: listings walked page by
// page, backfills copied create-only and checked by SHA-256, what must not be
// copied reported with its reason, and a partial inventory never acted on.
#include <catch2/catch.hpp>

#include <algorithm>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/audit/audit_record.hpp"
#include "core/crypto/digest.hpp"
#include "core/reconcile/reconcile_pass.hpp"
#include "core/stores/store_client.hpp"
#include "mocks/stores/azure_blob_model.hpp"
#include "mocks/stores/s3_model.hpp"

using namespace recguard;
using namespace recguard::reconcile;

namespace {

constexpr std::int64_t kEpoch = 1767225600;  // Instant{0} = 2026-01-01T00:00:00Z
const signing::AwsCredentials kAws{"AKIDPRIMARY", "primary-secret", ""};
const signing::AzureSharedKey kAzure{
    "recbackup", "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="};

std::string key_of(int n) {
  std::string s = std::to_string(n);
  return "recordings/genesys/rec-" + std::string(4 - s.size(), '0') + s + ".wav";
}
std::string bytes_of(int n) { return "RIFF audio of recording " + std::to_string(n) + std::string(200 + n, 'x'); }
std::string sha_hex(const std::string& s) { return crypto::to_hex(crypto::sha256(s)); }

stores::PutSpec put_spec(const std::string& key, const std::string& content) {
  stores::PutSpec s;
  s.key = key;
  s.body = share(content);
  s.sha256_hex = sha_hex(content);
  s.md5_b64 = crypto::base64_encode(crypto::md5(content));
  return s;
}

// Both stores, their clients, and a journal as the pipeline would leave it.
struct World {
  mocks::S3Model s3{"rec-primary", "us-east-1"};
  mocks::AzureBlobModel azure{"recbackup", "rec-backup"};
  std::shared_ptr<const stores::StoreClient> primary =
      stores::make_s3_client(stores::S3Config{"s3.us-east-1.amazonaws.com", "rec-primary", "us-east-1", kAws});
  std::shared_ptr<const stores::StoreClient> backup = stores::make_azure_blob_client(
      stores::AzureConfig{"recbackup.blob.core.windows.net", "recbackup", "rec-backup", kAzure, false});
  std::vector<RecordingRow> rows;

  World() {
    s3.add_credential(kAws.access_key_id, kAws.secret_access_key);
    azure.add_credential(kAzure.account, kAzure.key_base64);
  }

  http::Response serve(Tier t, const http::Request& req, Instant now) {
    const std::int64_t unix_s = kEpoch + now.us / 1000000;
    return t == Tier::primary ? s3.handle(req, unix_s) : azure.handle(req, unix_s);
  }
  std::string put(Tier t, const std::string& key, const std::string& content) {
    const auto& c = t == Tier::primary ? *primary : *backup;
    const auto o = c.parse_put(serve(t, c.build_put(put_spec(key, content), kEpoch), Instant{}));
    REQUIRE(o.kind == stores::WriteOutcomeKind::created);
    return o.etag;
  }
  // Recording n, verified and written to both tiers, journalled with its etags.
  RecordingRow& verified(int n, Instant created = Instant{}) {
    RecordingRow r;
    r.id = RecordingId{"rec-" + std::to_string(n)};
    r.call = CallId{"call-" + std::to_string(n)};
    r.state = RecordingState::compliance_verified;
    r.sha256_hex = sha_hex(bytes_of(n));
    r.media_size_bytes = static_cast<std::int64_t>(bytes_of(n).size());
    r.created_at = created;
    for (Tier t : kTiers) {
      r.tier(t).status = TierStatus::written;
      r.tier(t).location = t == Tier::primary ? "rec-primary" : "rec-backup";
      r.tier(t).key = key_of(n);
      r.tier(t).etag = put(t, key_of(n), bytes_of(n));
      r.tier(t).sha256_hex = r.sha256_hex;
    }
    rows.push_back(r);
    return rows.back();
  }
  const mocks::StoredVersion* live(Tier t, const std::string& key) const {
    const auto& objects = t == Tier::primary ? s3.objects() : azure.objects();
    const auto it = objects.find(key);
    if (it == objects.end() || it->second.back().delete_marker) return nullptr;
    return &it->second.back();
  }
  void lose(Tier t, int n) {
    const std::int64_t unix_s = kEpoch;
    REQUIRE((t == Tier::primary ? s3.delete_as_operator(key_of(n), unix_s)
                                : azure.delete_as_operator(key_of(n), unix_s)));
  }
};

struct Sent {
  Tier tier;
  std::string method;
  std::string target;
  Instant at;
};

// What the network does to one request: nullopt delivers it to the store
// and returns the store's answer; otherwise the answer it gets instead.
using Network = std::function<std::optional<StoreAnswer>(const SendStoreRequest&, World&, Instant)>;

struct Driven {
  PassReport report;
  std::vector<Sent> sent;
  std::vector<AuditRecord> audits;
};

// The driver: executes commands at once, answers at once, and jumps to the
// pass's next deadline when it has nothing else to do.
Driven drive(World& w, PassConfig cfg, Network net = {}, Instant start = Instant{} + Duration::hours(1)) {
  ReconcilePass pass(cfg, w.primary, w.backup, w.rows, start);
  Driven d;
  Instant now = start;
  for (int guard = 0; guard < 10000 && !pass.done(); ++guard) {
    auto cmd = pass.poll_command();
    if (!cmd) {
      const auto dl = pass.next_deadline();
      REQUIRE(dl.has_value());  // not done, nothing to send: it must be waiting for a timer
      now = std::max(now, *dl);
      pass.handle_timeout(now);
      continue;
    }
    if (auto* req = std::get_if<SendStoreRequest>(&*cmd)) {
      d.sent.push_back(Sent{req->tier, req->request.method, req->request.target, now});
      std::optional<StoreAnswer> instead = net ? net(*req, w, now) : std::nullopt;
      StoreAnswer a = instead ? *instead : StoreAnswer{req->request_id, w.serve(req->tier, req->request, now), ""};
      a.request_id = req->request_id;
      pass.handle(a, now);
    } else {
      auto& c = std::get<CommitAudits>(*cmd);
      d.audits.insert(d.audits.end(), c.batch.audits.begin(), c.batch.audits.end());
      pass.handle(AuditsCommitted{c.batch_id, true, ""}, now);
    }
  }
  REQUIRE(pass.done());
  d.report = pass.report();
  return d;
}

PassConfig config(int page_size = 1000) {
  PassConfig c;
  c.page_size = page_size;
  c.epoch_unix_s = kEpoch;
  c.jitter_seed = 42;
  return c;
}

std::size_t count_sent(const Driven& d, Tier t, const std::string& method, const std::string& what = "") {
  return static_cast<std::size_t>(std::count_if(d.sent.begin(), d.sent.end(), [&](const Sent& s) {
    return s.tier == t && s.method == method && s.target.find(what) != std::string::npos;
  }));
}

}  // namespace

TEST_CASE("reconcile pass: listings walked across pages, lost objects copied back, audited", "[unit][reconcile]") {
  World w;
  for (int n = 1; n <= 7; ++n) w.verified(n);
  w.lose(Tier::backup, 2);
  w.lose(Tier::backup, 6);
  w.lose(Tier::primary, 4);

  const auto d = drive(w, config(3));
  const auto& r = d.report;
  REQUIRE(r.complete);
  CHECK(r.inventory_complete);
  // 6 primary objects at 3 a page: the store says "truncated" after the
  // second full page and the third comes back empty; 5 backup objects: 2 pages.
  CHECK(r.listed[0] == 6);
  CHECK(r.listed[1] == 5);
  CHECK(r.pages[0] == 2);
  CHECK(r.pages[1] == 2);
  CHECK(count_sent(d, Tier::primary, "GET", "max-keys=3") == 2);
  CHECK(count_sent(d, Tier::primary, "GET", "continuation-token=") == 1);
  CHECK(count_sent(d, Tier::backup, "GET", "marker=") == 1);
  CHECK(r.comparison.in_sync == 4);

  // Low traffic (7 rows in the hour, fewer than 60): the primary's backfill first.
  REQUIRE(r.copies.size() == 3);
  CHECK(r.traffic.low);
  CHECK(r.copies[0].action.missing == Tier::primary);
  CHECK(r.copies[0].action.id.str() == "rec-4");
  CHECK(r.copies[1].action.id.str() == "rec-2");
  CHECK(r.copies[2].action.id.str() == "rec-6");
  for (const auto& c : r.copies) {
    INFO(c.action.id.str() << ": " << c.detail);
    CHECK(c.outcome == CopyOutcome::copied);
    CHECK(c.requests == 2);  // one GET, one PUT
  }
  CHECK(r.copied() == 3);
  CHECK(r.not_copied() == 0);

  // The stores truly hold the journal's bytes again, and nothing was overwritten.
  for (int n = 1; n <= 7; ++n) {
    for (Tier t : kTiers) {
      const auto* v = w.live(t, key_of(n));
      REQUIRE(v != nullptr);
      CHECK(v->sha256_hex == sha_hex(bytes_of(n)));
    }
  }
  CHECK(w.s3.replaced_versions() == 0);
  CHECK(w.azure.replaced_versions() == 0);

  // One audit record per copy, naming the new copy.
  REQUIRE(d.audits.size() == 3);
  for (const auto& a : d.audits) CHECK(a.status == kAuditBackfilled);
  const auto backup_audit = std::find_if(d.audits.begin(), d.audits.end(),
                                         [](const AuditRecord& a) { return a.recording_id.str() == "rec-2"; });
  REQUIRE(backup_audit != d.audits.end());
  CHECK(backup_audit->backup.etag == w.live(Tier::backup, key_of(2))->etag);
  CHECK(backup_audit->backup.sha256_hex == sha_hex(bytes_of(2)));
  CHECK(backup_audit->backup.location == "rec-backup");

  // A second pass finds both tiers in sync and does nothing.
  const auto again = drive(w, config(3));
  CHECK(again.report.complete);
  CHECK(again.report.comparison.in_sync == 7);
  CHECK(again.report.copies.empty());
  CHECK(again.audits.empty());
}

TEST_CASE("reconcile pass: busy traffic puts the backup's backfills first", "[unit][reconcile]") {
  World w;
  // Eight recordings created in the last hour, with a threshold of 5 an hour.
  for (int n = 1; n <= 8; ++n) w.verified(n, Instant{} + Duration::minutes(30 + n));
  w.lose(Tier::primary, 1);
  w.lose(Tier::backup, 5);
  auto cfg = config();
  cfg.low_traffic.rows_below = 5;
  const auto d = drive(w, cfg);
  CHECK(d.report.traffic.rows_in_window == 8);
  CHECK_FALSE(d.report.traffic.low);
  REQUIRE(d.report.copies.size() == 2);
  CHECK(d.report.copies[0].action.missing == Tier::backup);
  CHECK(d.report.copies[1].action.missing == Tier::primary);
  CHECK(d.report.copied() == 2);
}

TEST_CASE("reconcile pass: bytes that differ from the journal are never copied", "[unit][reconcile]") {
  World w;
  SECTION("the source's bytes do not hash to the journal's SHA-256") {
    // The primary lists with the journal's etag, so the listing cannot tell;
    // the bytes read back can.
    auto& row = w.verified(1);
    row.sha256_hex = std::string(64, 'e');
    for (Tier t : kTiers) row.tier(t).sha256_hex = row.sha256_hex;
    row.backup.sha256_hex.clear();
    w.lose(Tier::backup, 1);
    const auto d = drive(w, config());
    REQUIRE(d.report.copies.size() == 1);
    const auto& c = d.report.copies[0];
    CHECK(c.outcome == CopyOutcome::source_mismatch);
    CHECK(c.detail.find(std::string(64, 'e')) != std::string::npos);
    CHECK(count_sent(d, Tier::backup, "PUT") == 0);
    CHECK(w.live(Tier::backup, key_of(1)) == nullptr);
    CHECK(d.report.not_copied() == 1);
    CHECK(d.audits.empty());
  }
  SECTION("a listed copy with another SHA-256 is a mismatch, not a source") {
    w.verified(1);
    // The backup's copy is replaced behind everyone's back with other bytes;
    // the primary's copy is lost.
    w.lose(Tier::backup, 1);
    w.put(Tier::backup, key_of(1), "not the recording");
    w.lose(Tier::primary, 1);
    const auto d = drive(w, config());
    CHECK(d.report.complete);
    CHECK(d.report.copies.empty());
    REQUIRE(d.report.comparison.checksum_mismatch.size() == 1);
    CHECK(d.report.comparison.checksum_mismatch[0].tier == Tier::backup);
    CHECK(count_sent(d, Tier::primary, "PUT") == 0);
  }
  SECTION("other bytes appear at the key before the PUT: reported, not overwritten") {
    w.verified(1);
    w.lose(Tier::backup, 1);
    bool written = false;
    const auto d = drive(w, config(), [&](const SendStoreRequest& req, World& world, Instant) -> std::optional<StoreAnswer> {
      // A concurrent writer wins the race for the key.
      if (req.request.method == "PUT" && !written) {
        written = true;
        world.put(Tier::backup, key_of(1), "someone else's bytes");
      }
      return std::nullopt;
    });
    REQUIRE(d.report.copies.size() == 1);
    CHECK(d.report.copies[0].outcome == CopyOutcome::conflict);
    CHECK(d.report.copies[0].detail.find("not overwritten") != std::string::npos);
    CHECK(count_sent(d, Tier::backup, "HEAD") == 1);
    CHECK(w.live(Tier::backup, key_of(1))->sha256_hex == sha_hex("someone else's bytes"));
    CHECK(w.azure.replaced_versions() == 0);
  }
}

TEST_CASE("reconcile pass: an object assembled from parts cannot be read back, and says so", "[unit][reconcile]") {
  World w;
  // rec-1 went to the primary as a one-part multipart upload: the model keeps
  // its digests only and answers a GET with 501.
  const std::string content = bytes_of(1);
  stores::BeginUploadSpec b;
  b.key = key_of(1);
  b.sha256_hex = sha_hex(content);
  const auto begin = w.primary->build_begin_upload(b, kEpoch);
  REQUIRE(begin.has_value());
  const auto upload_id = w.primary->parse_begin_upload(w.serve(Tier::primary, *begin, Instant{}));
  REQUIRE(upload_id.ok());
  stores::PartSpec p;
  p.key = key_of(1);
  p.upload_id = *upload_id;
  p.body = share(content);
  p.md5_b64 = crypto::base64_encode(crypto::md5(content));
  p.sha256_hex = sha_hex(content);
  const auto part = w.primary->parse_upload_part(w.serve(Tier::primary, w.primary->build_upload_part(p, kEpoch), Instant{}));
  REQUIRE(part.kind == stores::WriteOutcomeKind::created);
  stores::CompleteSpec c;
  c.key = key_of(1);
  c.upload_id = *upload_id;
  c.part_count = 1;
  c.part_etags = {part.etag};
  c.part_sha256_hex = {sha_hex(content)};
  c.sha256_hex = sha_hex(content);
  const auto done =
      w.primary->parse_complete_upload(w.serve(Tier::primary, w.primary->build_complete_upload(c, kEpoch), Instant{}));
  INFO(done.status << " " << done.error_code);
  REQUIRE(done.kind == stores::WriteOutcomeKind::created);

  RecordingRow row;
  row.id = RecordingId{"rec-1"};
  row.state = RecordingState::compliance_verified;
  row.sha256_hex = sha_hex(content);
  row.media_size_bytes = static_cast<std::int64_t>(content.size());
  row.primary = TierRecord{TierStatus::written, "rec-primary", key_of(1), done.etag, row.sha256_hex, {}, 1};
  row.backup = TierRecord{TierStatus::written, "rec-backup", key_of(1), "\"0x8D1\"", row.sha256_hex, {}, 1};
  w.rows.push_back(row);  // the backup's copy was never made, or was lost

  const auto d = drive(w, config());
  REQUIRE(d.report.complete);
  REQUIRE(d.report.copies.size() == 1);
  const auto& copy = d.report.copies[0];
  CHECK(copy.outcome == CopyOutcome::source_unreadable);
  CHECK(copy.detail.find("501") != std::string::npos);
  CHECK(copy.requests == 1);  // a 501 is not retried
  CHECK(d.report.not_copied() == 1);
  CHECK(count_sent(d, Tier::backup, "PUT") == 0);
}

TEST_CASE("reconcile pass: a tier that cannot be listed means no action at all", "[unit][reconcile]") {
  World w;
  for (int n = 1; n <= 4; ++n) w.verified(n);
  w.lose(Tier::primary, 3);  // a real backfill the pass must NOT make on a partial inventory
  // The backup's region is cut off: every request to it is lost.
  const auto d = drive(w, config(2), [](const SendStoreRequest& req, World&, Instant) -> std::optional<StoreAnswer> {
    if (req.tier == Tier::backup) return StoreAnswer{req.request_id, std::nullopt, "timeout"};
    return std::nullopt;
  });
  const auto& r = d.report;
  CHECK_FALSE(r.complete);
  CHECK_FALSE(r.inventory_complete);
  CHECK(r.incomplete_reason.find("backup listing") != std::string::npos);
  CHECK(r.copies.empty());
  CHECK(r.comparison.backfill.empty());
  // Four tries of the first backup page, backing off between them; nothing but listings was sent.
  CHECK(count_sent(d, Tier::backup, "GET") == 4);
  for (const auto& s : d.sent) CHECK(s.target.find("recordings/") == std::string::npos);
  std::vector<Instant> backup_tries;
  for (const auto& s : d.sent) {
    if (s.tier == Tier::backup) backup_tries.push_back(s.at);
  }
  REQUIRE(backup_tries.size() == 4);
  CHECK(backup_tries[1] - backup_tries[0] >= Duration::seconds(1));
  CHECK(backup_tries[3] - backup_tries[2] > backup_tries[1] - backup_tries[0]);
  CHECK(w.live(Tier::primary, key_of(3)) == nullptr);
  CHECK(d.audits.empty());
}

TEST_CASE("reconcile pass: transient failures are retried, an applied write whose answer was lost counts",
          "[unit][reconcile]") {
  World w;
  w.verified(1);
  w.verified(2);
  w.lose(Tier::backup, 1);
  w.lose(Tier::backup, 2);
  int get_failures = 0;
  bool ambiguous_done = false;
  const auto d = drive(w, config(), [&](const SendStoreRequest& req, World& world, Instant now) -> std::optional<StoreAnswer> {
    // The first two GETs of rec-1 meet a throttling primary.
    if (req.request.method == "GET" && req.request.target.find("rec-0001") != std::string::npos && get_failures < 2) {
      ++get_failures;
      return StoreAnswer{req.request_id,
                         http::make_response(503, "<Error><Code>SlowDown</Code></Error>", "application/xml"), ""};
    }
    // rec-2's PUT is applied, then answered 500 (S3 documents it; Azure alike here).
    if (req.request.method == "PUT" && req.request.target.find("rec-0002") != std::string::npos && !ambiguous_done) {
      ambiguous_done = true;
      world.serve(req.tier, req.request, now);
      auto r = http::make_response(500, "<Error><Code>InternalError</Code></Error>", "application/xml");
      r.headers.set("x-ms-error-code", "InternalError");
      return StoreAnswer{req.request_id, r, ""};
    }
    return std::nullopt;
  });
  REQUIRE(d.report.complete);
  REQUIRE(d.report.copies.size() == 2);
  CHECK(d.report.copies[0].outcome == CopyOutcome::copied);
  CHECK(d.report.copies[0].requests == 4);  // GET, GET, GET, PUT
  CHECK(d.report.copies[1].outcome == CopyOutcome::copied);
  CHECK(d.report.copies[1].detail.find("earlier attempt") != std::string::npos);
  CHECK(d.report.copies[1].etag == w.live(Tier::backup, key_of(2))->etag);
  CHECK(count_sent(d, Tier::backup, "HEAD") == 1);
  CHECK(w.azure.replaced_versions() == 0);
  CHECK(d.audits.size() == 2);
}

TEST_CASE("reconcile pass: low traffic is counted from the snapshot's recent rows", "[unit][reconcile]") {
  std::vector<RecordingRow> rows(5);
  const Instant now = Instant{} + Duration::hours(3);
  rows[0].created_at = now - Duration::minutes(59);
  rows[1].created_at = now - Duration::minutes(10);
  rows[2].created_at = now - Duration::minutes(60);  // exactly an hour ago: outside
  rows[3].created_at = now - Duration::hours(2);
  rows[4].created_at = now + Duration::seconds(5);  // a writer whose clock runs ahead
  const auto e = estimate_traffic(rows, now, LowTrafficRule{Duration::hours(1), 3});
  CHECK(e.rows_in_window == 3);
  CHECK_FALSE(e.low);
  CHECK(estimate_traffic(rows, now, LowTrafficRule{Duration::hours(1), 4}).low);
}
