// The reconciler's comparison: journal rows against both tiers' listings,
// page by page. Backfill only from a copy that matches the journal, never over
// a differing one; report what the journal does not know or lost.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "core/reconcile/reconciler.hpp"

using namespace recguard;
using namespace recguard::reconcile;

namespace {

std::string key_of(int n) {
  std::string s = std::to_string(n);
  return "recordings/genesys/rec-" + std::string(4 - s.size(), '0') + s + ".wav";
}
std::string sha_of(int n) { return std::string(63, 'a') + static_cast<char>('0' + n % 10); }
std::string etag_of(Tier t, int n) { return "\"" + std::string(t == Tier::primary ? "s3-" : "az-") + std::to_string(n) + "\""; }

RecordingRow verified_row(int n) {
  RecordingRow r;
  r.id = RecordingId{"rec-" + std::to_string(n)};
  r.state = RecordingState::compliance_verified;
  r.sha256_hex = sha_of(n);
  r.media_size_bytes = 1000 + n;
  for (Tier t : kTiers) {
    r.tier(t).status = TierStatus::written;
    r.tier(t).key = key_of(n);
    r.tier(t).etag = etag_of(t, n);
    r.tier(t).sha256_hex = sha_of(n);
  }
  return r;
}

// As the stores list it: S3 quotes its etags, and neither listing carries SHA-256.
InventoryItem listed(Tier t, int n) { return InventoryItem{key_of(n), etag_of(t, n), 1000 + n, ""}; }

ReconcileReport run(const std::vector<RecordingRow>& rows, const std::vector<InventoryItem>& primary,
                    const std::vector<InventoryItem>& backup) {
  Reconciler rc;
  for (const auto& r : rows) rc.add_row(r);
  rc.add_page(Tier::primary, primary, true);
  rc.add_page(Tier::backup, backup, true);
  auto rep = rc.finish();
  REQUIRE(rep.has_value());
  return *rep;
}

}  // namespace

TEST_CASE("reconciler: both tiers hold the journal's bytes -> in sync", "[unit][reconcile]") {
  const auto rep = run({verified_row(1), verified_row(2)}, {listed(Tier::primary, 1), listed(Tier::primary, 2)},
                       {listed(Tier::backup, 1), listed(Tier::backup, 2)});
  CHECK(rep.in_sync == 2);
  CHECK(rep.backfill.empty());
  CHECK(rep.checksum_mismatch.empty());
  CHECK(rep.missing_everywhere.empty());
  CHECK(rep.orphans.empty());
  CHECK(rep.listed[0] == 2);
  CHECK(rep.listed[1] == 2);
}

TEST_CASE("reconciler: one tier missing -> one backfill from the other", "[unit][reconcile]") {
  const auto rep = run({verified_row(1), verified_row(2)}, {listed(Tier::primary, 1), listed(Tier::primary, 2)},
                       {listed(Tier::backup, 1)});
  CHECK(rep.in_sync == 1);
  REQUIRE(rep.backfill.size() == 1);
  CHECK(rep.backfill[0] == BackfillAction{RecordingId{"rec-2"}, key_of(2), Tier::backup, Tier::primary});

  const auto rep2 = run({verified_row(3)}, {}, {listed(Tier::backup, 3)});
  REQUIRE(rep2.backfill.size() == 1);
  CHECK(rep2.backfill[0].missing == Tier::primary);
  CHECK(rep2.backfill[0].source == Tier::backup);
}

TEST_CASE("reconciler: both tiers missing a verified recording -> missing everywhere", "[unit][reconcile]") {
  const auto rep = run({verified_row(1), verified_row(2)}, {listed(Tier::primary, 1)}, {listed(Tier::backup, 1)});
  CHECK(rep.in_sync == 1);
  CHECK(rep.backfill.empty());
  REQUIRE(rep.missing_everywhere.size() == 1);
  CHECK(rep.missing_everywhere[0] == MissingEverywhere{RecordingId{"rec-2"}, key_of(2)});
}

TEST_CASE("reconciler: a differing copy is a checksum mismatch, never a backfill", "[unit][reconcile]") {
  SECTION("different SHA-256 where the listing carries it") {
    auto other = listed(Tier::primary, 1);
    other.sha256_hex = std::string(64, 'f');
    const auto rep = run({verified_row(1)}, {other}, {});  // backup missing too
    CHECK(rep.backfill.empty());  // no copying from a copy under review
    CHECK(rep.missing_everywhere.empty());
    REQUIRE(rep.checksum_mismatch.size() == 1);
    const auto& m = rep.checksum_mismatch[0];
    CHECK(m.id == RecordingId{"rec-1"});
    CHECK(m.tier == Tier::primary);
    CHECK(m.journal_sha256_hex == sha_of(1));
    CHECK(m.store_sha256_hex == std::string(64, 'f'));
    CHECK_FALSE(m.other_tier_good);
  }
  SECTION("the same SHA-256 in another case is the same bytes") {
    auto same = listed(Tier::primary, 1);
    same.sha256_hex = std::string(63, 'A') + "1";
    const auto rep = run({verified_row(1)}, {same}, {listed(Tier::backup, 1)});
    CHECK(rep.in_sync == 1);
  }
  SECTION("different etag when no SHA-256 is listed; the good tier is noted") {
    auto other = listed(Tier::backup, 1);
    other.etag = "\"0x8DBADBADBAD\"";
    const auto rep = run({verified_row(1)}, {listed(Tier::primary, 1)}, {other});
    CHECK(rep.in_sync == 0);
    CHECK(rep.backfill.empty());
    REQUIRE(rep.checksum_mismatch.size() == 1);
    CHECK(rep.checksum_mismatch[0].tier == Tier::backup);
    CHECK(rep.checksum_mismatch[0].other_tier_good);
  }
  SECTION("a different size") {
    auto other = listed(Tier::primary, 1);
    other.size = 12;
    const auto rep = run({verified_row(1)}, {other}, {listed(Tier::backup, 1)});
    REQUIRE(rep.checksum_mismatch.size() == 1);
    CHECK(rep.checksum_mismatch[0].store_size == 12);
  }
  SECTION("the etag's quotes are presentation only") {
    auto unquoted = listed(Tier::backup, 1);
    unquoted.etag = "az-1";
    const auto rep = run({verified_row(1)}, {listed(Tier::primary, 1)}, {unquoted});
    CHECK(rep.in_sync == 1);
  }
}

TEST_CASE("reconciler: an object no journal row names is an orphan", "[unit][reconcile]") {
  InventoryItem stray{"recordings/genesys/unknown.wav", "\"x\"", 5, ""};
  const auto rep = run({verified_row(1)}, {listed(Tier::primary, 1)}, {listed(Tier::backup, 1), stray});
  CHECK(rep.in_sync == 1);
  REQUIRE(rep.orphans.size() == 1);
  CHECK(rep.orphans[0] == Orphan{Tier::backup, stray});
}

TEST_CASE("reconciler: rows still being written are not backfilled, an applied write is journal_behind",
          "[unit][reconcile]") {
  RecordingRow writing = verified_row(1);
  writing.state = RecordingState::writing;
  writing.backup.status = TierStatus::pending;  // the backup's answer was an ambiguous 500
  writing.backup.etag.clear();
  RecordingRow fresh = verified_row(2);
  fresh.state = RecordingState::writing;
  fresh.primary.status = TierStatus::pending;
  fresh.backup.status = TierStatus::pending;
  const auto rep = run({writing, fresh}, {listed(Tier::primary, 1)}, {listed(Tier::backup, 1)});
  CHECK(rep.backfill.empty());  // rec-1's primary exists but no backfill: the pipeline is on it
  CHECK(rep.missing_everywhere.empty());
  CHECK(rep.in_sync == 0);
  CHECK(rep.not_verified == 2);
  REQUIRE(rep.journal_behind.size() == 1);
  CHECK(rep.journal_behind[0].id == RecordingId{"rec-1"});
  CHECK(rep.journal_behind[0].tier == Tier::backup);
  CHECK(rep.journal_behind[0].found == listed(Tier::backup, 1));
}

TEST_CASE("reconciler: pages from both tiers, interleaved, give the same report", "[unit][reconcile]") {
  std::vector<RecordingRow> rows;
  for (int n = 1; n <= 30; ++n) rows.push_back(verified_row(n));
  // The primary lacks every 7th, the backup every 5th; 35 is an orphan in both.
  auto page = [](Tier t, int from, int to) {
    std::vector<InventoryItem> p;
    for (int n = from; n <= to; ++n) {
      if ((t == Tier::primary && n % 7 == 0) || (t == Tier::backup && n % 5 == 0)) continue;
      p.push_back(listed(t, n));
    }
    return p;
  };
  Reconciler rc;
  for (const auto& r : rows) rc.add_row(r);
  rc.add_page(Tier::backup, page(Tier::backup, 1, 10), false);
  rc.add_page(Tier::primary, page(Tier::primary, 1, 12), false);
  CHECK_FALSE(rc.finish().has_value());
  rc.add_page(Tier::primary, page(Tier::primary, 13, 35), true);
  CHECK_FALSE(rc.finish().has_value());  // the backup's listing is not done
  rc.add_page(Tier::backup, page(Tier::backup, 11, 25), false);
  rc.add_page(Tier::backup, page(Tier::backup, 26, 35), false);
  rc.add_page(Tier::backup, {}, true);
  const auto rep = rc.finish();
  REQUIRE(rep.has_value());

  // 7, 14, 21, 28 missing in primary; 5, 10, 15, 20, 25, 30 in backup; no overlap among rows 1..30.
  REQUIRE(rep->backfill.size() == 10);
  for (std::size_t i = 1; i < rep->backfill.size(); ++i) CHECK(rep->backfill[i - 1].key < rep->backfill[i].key);
  int to_primary = 0;
  for (const auto& a : rep->backfill) {
    CHECK(a.source != a.missing);
    to_primary += a.missing == Tier::primary;
  }
  CHECK(to_primary == 4);
  CHECK(rep->in_sync == 20);
  CHECK(rep->orphans.size() == 8);  // 31..34 in each tier (35 is skipped by both)
  CHECK(rep->listed[0] == 35 - 5);
  CHECK(rep->listed[1] == 35 - 7);

  // The same pages in another order give the same report.
  Reconciler rc2;
  for (const auto& r : rows) rc2.add_row(r);
  rc2.add_page(Tier::primary, page(Tier::primary, 13, 35), false);
  rc2.add_page(Tier::backup, page(Tier::backup, 26, 35), false);
  rc2.add_page(Tier::backup, page(Tier::backup, 1, 25), true);
  rc2.add_page(Tier::primary, page(Tier::primary, 1, 12), true);
  const auto rep2 = rc2.finish();
  REQUIRE(rep2.has_value());
  CHECK(rep2->backfill == rep->backfill);
  CHECK(rep2->orphans == rep->orphans);
  CHECK(rep2->in_sync == rep->in_sync);
}

TEST_CASE("reconciler: backfill priority follows traffic", "[unit][reconcile]") {
  const std::vector<BackfillAction> actions{
      {RecordingId{"rec-3"}, key_of(3), Tier::backup, Tier::primary},
      {RecordingId{"rec-1"}, key_of(1), Tier::primary, Tier::backup},
      {RecordingId{"rec-2"}, key_of(2), Tier::backup, Tier::primary},
      {RecordingId{"rec-4"}, key_of(4), Tier::primary, Tier::backup},
  };
  const auto low = order_backfill(actions, true);
  REQUIRE(low.size() == 4);
  CHECK(low[0].id.str() == "rec-1");
  CHECK(low[1].id.str() == "rec-4");
  CHECK(low[2].id.str() == "rec-2");
  CHECK(low[3].id.str() == "rec-3");
  const auto busy = order_backfill(actions, false);
  REQUIRE(busy.size() == 4);
  CHECK(busy[0].id.str() == "rec-2");
  CHECK(busy[1].id.str() == "rec-3");
  CHECK(busy[2].missing == Tier::primary);
  CHECK(busy[3].id.str() == "rec-4");
}
