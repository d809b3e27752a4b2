#include "core/reconcile/reconciler.hpp"

#include <algorithm>
#include <cassert>
#include <tuple>
#include <utility>

#include "core/workflow/recording_state.hpp"

namespace recguard::reconcile {

namespace {

constexpr int idx(Tier t) { return t == Tier::primary ? 0 : 1; }
constexpr Tier other(Tier t) { return t == Tier::primary ? Tier::backup : Tier::primary; }

// S3 lists `"abc"`, Azure `"0x8D..."` or `0x8D...`, weak tags `W/"..."`:
// the quotes and the weak marker are presentation, not identity.
std::string_view bare_etag(std::string_view e) {
  if (e.starts_with("W/")) e.remove_prefix(2);
  if (e.size() >= 2 && e.front() == '"' && e.back() == '"') e = e.substr(1, e.size() - 2);
  return e;
}

bool same_hex(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    auto lower = [](char c) { return c >= 'A' && c <= 'F' ? static_cast<char>(c - 'A' + 'a') : c; };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

}  // namespace

void Reconciler::add_row(const RecordingRow& row) {
  assert(!sealed_);  // every row before the first page
  Entry e;
  e.id = row.id;
  e.verified = row.state == RecordingState::compliance_verified;
  e.size = row.media_size_bytes;
  for (Tier t : kTiers) {
    const TierRecord& r = row.tier(t);
    Expect& x = e.tier[idx(t)];
    x.status = r.status;
    // A tier whose key is not journalled yet uses the other tier's key: both
    // tiers store a recording under the same name.
    x.key = !r.key.empty() ? r.key : row.tier(other(t)).key;
    x.etag = r.etag;
    x.sha256_hex = !r.sha256_hex.empty() ? r.sha256_hex : row.sha256_hex;
  }
  entries_.push_back(std::move(e));
}

void Reconciler::seal() {
  if (sealed_) return;
  sealed_ = true;
  assert(entries_.size() < UINT32_MAX);
  for (Tier t : kTiers) {
    auto& ix = index_[idx(t)];
    ix.reserve(entries_.size());
    for (std::uint32_t i = 0; i < entries_.size(); ++i) {
      const std::string& k = entries_[i].tier[idx(t)].key;
      if (!k.empty()) ix.push_back(IndexRef{k, i});
    }
    std::sort(ix.begin(), ix.end(),
              [](const IndexRef& a, const IndexRef& b) { return std::tie(a.key, a.entry) < std::tie(b.key, b.entry); });
  }
}

void Reconciler::match(Tier tier, InventoryItem&& item) {
  const auto& ix = index_[idx(tier)];
  auto it = std::lower_bound(ix.begin(), ix.end(), std::string_view(item.key),
                             [](const IndexRef& r, std::string_view k) { return r.key < k; });
  if (it == ix.end() || it->key != item.key) {
    report_.orphans.push_back(Orphan{tier, std::move(item)});
    return;
  }
  for (; it != ix.end() && it->key == item.key; ++it) {
    Entry& e = entries_[it->entry];
    Expect& x = e.tier[idx(tier)];
    bool differs = false;
    if (!x.sha256_hex.empty() && !item.sha256_hex.empty()) {
      differs = !same_hex(x.sha256_hex, item.sha256_hex);
    } else if (!x.etag.empty() && !item.etag.empty()) {
      differs = bare_etag(x.etag) != bare_etag(item.etag);
    }
    if (e.size >= 0 && item.size >= 0 && e.size != item.size) differs = true;
    // A key listed twice (it should not be) keeps its worst finding.
    if (x.seen == Seen::mismatch) continue;
    x.seen = differs ? Seen::mismatch : Seen::match;
    if (differs || x.status == TierStatus::pending) x.found = item;
  }
}

void Reconciler::add_page(Tier tier, std::vector<InventoryItem> page, bool last) {
  assert(!last_seen_[idx(tier)]);  // nothing after a tier's last page
  seal();
  report_.listed[idx(tier)] += static_cast<std::int64_t>(page.size());
  for (auto& item : page) match(tier, std::move(item));
  if (last) last_seen_[idx(tier)] = true;
}

std::optional<ReconcileReport> Reconciler::finish() {
  if (!complete()) return std::nullopt;
  if (finished_) return report_;
  finished_ = true;
  seal();
  ReconcileReport& r = report_;
  for (const Entry& e : entries_) {
    if (!e.verified) {
      ++r.not_verified;
      // Not a backfill candidate: the pipeline is still writing it (or it is
      // in review). Only what the journal has not caught up with is reported.
      for (Tier t : kTiers) {
        const Expect& x = e.tier[idx(t)];
        if (x.status == TierStatus::pending && x.seen != Seen::absent) {
          r.journal_behind.push_back(JournalBehind{e.id, x.key, t, x.found});
        } else if (x.status == TierStatus::written && x.seen == Seen::mismatch) {
          r.checksum_mismatch.push_back(ChecksumMismatch{e.id, x.key, t, x.etag, x.sha256_hex, e.size, x.found.etag,
                                                         x.found.sha256_hex, x.found.size,
                                                         e.tier[idx(other(t))].seen == Seen::match});
        }
      }
      continue;
    }
    const Expect& p = e.tier[0];
    const Expect& b = e.tier[1];
    if (p.seen == Seen::match && b.seen == Seen::match) {
      ++r.in_sync;
      continue;
    }
    if (p.seen == Seen::absent && b.seen == Seen::absent) {
      // Also a verified row that names no key at all: it names no object.
      r.missing_everywhere.push_back(MissingEverywhere{e.id, !p.key.empty() ? p.key : b.key});
      continue;
    }
    for (Tier t : kTiers) {
      const Expect& x = e.tier[idx(t)];
      const Expect& y = e.tier[idx(other(t))];
      if (x.seen == Seen::mismatch) {
        r.checksum_mismatch.push_back(ChecksumMismatch{e.id, x.key, t, x.etag, x.sha256_hex, e.size, x.found.etag,
                                                       x.found.sha256_hex, x.found.size, y.seen == Seen::match});
      } else if (x.seen == Seen::absent && y.seen == Seen::match) {
        r.backfill.push_back(BackfillAction{e.id, x.key, t, other(t)});
      }
      // Absent here and mismatched there: no good copy to copy from; the
      // mismatch entry (other_tier_good = false) carries it to review.
    }
  }
  std::sort(r.backfill.begin(), r.backfill.end(), [](const BackfillAction& a, const BackfillAction& b) {
    return std::tie(a.key, a.id, a.missing) < std::tie(b.key, b.id, b.missing);
  });
  std::sort(r.checksum_mismatch.begin(), r.checksum_mismatch.end(),
            [](const ChecksumMismatch& a, const ChecksumMismatch& b) {
              return std::tie(a.key, a.id, a.tier) < std::tie(b.key, b.id, b.tier);
            });
  std::sort(r.missing_everywhere.begin(), r.missing_everywhere.end(),
            [](const MissingEverywhere& a, const MissingEverywhere& b) {
              return std::tie(a.key, a.id) < std::tie(b.key, b.id);
            });
  std::sort(r.orphans.begin(), r.orphans.end(), [](const Orphan& a, const Orphan& b) {
    return std::tie(a.item.key, a.tier, a.item.etag, a.item.size, a.item.sha256_hex) <
           std::tie(b.item.key, b.tier, b.item.etag, b.item.size, b.item.sha256_hex);
  });
  std::sort(r.journal_behind.begin(), r.journal_behind.end(), [](const JournalBehind& a, const JournalBehind& b) {
    return std::tie(a.key, a.id, a.tier) < std::tie(b.key, b.id, b.tier);
  });
  return report_;
}

std::vector<BackfillAction> order_backfill(std::vector<BackfillAction> actions, bool low_traffic) {
  const Tier first = low_traffic ? Tier::primary : Tier::backup;
  std::sort(actions.begin(), actions.end(), [first](const BackfillAction& a, const BackfillAction& b) {
    const bool fa = a.missing != first;  // false sorts first
    const bool fb = b.missing != first;
    return std::tie(fa, a.key, a.id, a.missing) < std::tie(fb, b.key, b.id, b.missing);
  });
  return actions;
}

}  // namespace recguard::reconcile
