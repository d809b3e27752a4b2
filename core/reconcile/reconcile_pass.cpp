#include "core/reconcile/reconcile_pass.hpp"

#include <algorithm>
#include <cassert>
#include <set>
#include <utility>

#include "core/audit/audit_record.hpp"

namespace recguard::reconcile {

namespace {

constexpr int idx(Tier t) { return t == Tier::primary ? 0 : 1; }

}  // namespace

ReconcilePass::ReconcilePass(PassConfig cfg, std::shared_ptr<const stores::StoreClient> primary,
                             std::shared_ptr<const stores::StoreClient> backup, std::vector<RecordingRow> snapshot,
                             Instant now)
    : cfg_(std::move(cfg)), primary_(std::move(primary)), backup_(std::move(backup)), now_(now),
      snapshot_(std::move(snapshot)) {
  assert(primary_);
  assert(backup_);
  assert(primary_->tier() == Tier::primary);
  assert(backup_->tier() == Tier::backup);
  assert(cfg_.page_size > 0);
  assert(cfg_.backfill_concurrency > 0);
  assert(cfg_.max_attempts > 0);
  report_.started = now;
  report_.journal_rows = static_cast<std::int64_t>(snapshot_.size());
  report_.traffic = estimate_traffic(snapshot_, now, cfg_.low_traffic);
  for (const auto& row : snapshot_) reconciler_.add_row(row);
  for (Tier t : kTiers) send_list(t);
}

// ---- listing ----

void ReconcilePass::send_list(Tier t) {
  Listing& l = listing_[idx(t)];
  stores::ListSpec spec;
  spec.prefix = cfg_.prefix;
  spec.continuation = l.continuation;
  spec.max_keys = cfg_.page_size;
  const std::uint64_t id = next_request_id_++;
  outstanding_[id] = Outstanding{true, t, 0};
  ++l.attempts;
  out_.push_back(SendStoreRequest{id, t, client(t).build_list(spec, unix_seconds(now_)), "list"});
}

void ReconcilePass::on_list_answer(Tier t, const StoreAnswer& a, Instant now) {
  Listing& l = listing_[idx(t)];
  std::string why = std::string(to_string(t)) + " listing: ";
  if (!a.response) {
    why += "no answer (" + a.transport_error + ")";
  } else if (auto page = client(t).parse_list(*a.response); !page) {
    why += page.error().message;  // names the status and the store's error code
  } else {
    ++report_.pages[idx(t)];
    std::vector<InventoryItem> items;
    items.reserve(page->objects.size());
    for (auto& o : page->objects) {
      items.push_back(InventoryItem{std::move(o.key), std::move(o.etag), o.size, std::move(o.sha256_hex)});
    }
    report_.listed[idx(t)] += static_cast<std::int64_t>(items.size());
    const bool last = page->next.empty();
    reconciler_.add_page(t, std::move(items), last);
    l.attempts = 0;
    if (last) {
      l.last_seen = true;
      if (reconciler_.complete()) compare(now);
    } else {
      l.continuation = std::move(page->next);
      send_list(t);
    }
    return;
  }
  // An unreadable 200 is not a page, and not worth asking again for.
  const bool transient = is_transient(a) && !(a.response && a.response->status == 200);
  if (!transient) {
    listing_failed(t, why, now);
  } else if (l.attempts >= cfg_.max_attempts) {
    listing_failed(t, why + ", gave up after " + std::to_string(l.attempts) + " attempts", now);
  } else {
    const std::int64_t after = a.response ? stores::retry_after_seconds(*a.response) : -1;
    l.retry_at = now + backoff(l.attempts, std::string("list-") + to_string(t), after);
  }
}

void ReconcilePass::listing_failed(Tier t, const std::string& why, Instant now) {
  // Never act on a partial inventory: what the listing did not reach would
  // all look missing. Nothing is compared, nothing copied.
  unreachable_[idx(t)] = true;
  report_.complete = false;
  report_.incomplete_reason = why;
  finish(now);
}

// ---- comparison ----

void ReconcilePass::compare(Instant now) {
  auto rep = reconciler_.finish();
  assert(rep.has_value());
  report_.comparison = std::move(*rep);
  report_.inventory_complete = true;
  report_.complete = true;
  const auto actions = order_backfill(report_.comparison.backfill, report_.traffic.low);
  // From here on only the rows of the recordings to copy are needed.
  std::set<RecordingId> wanted;
  for (const auto& a : actions) wanted.insert(a.id);
  for (auto& row : snapshot_) {
    if (wanted.count(row.id)) action_rows_.emplace(row.id, std::move(row));
  }
  snapshot_.clear();
  snapshot_.shrink_to_fit();
  for (const auto& a : actions) {
    const RecordingRow& row = action_rows_.at(a.id);
    const std::string& sha = !row.sha256_hex.empty() ? row.sha256_hex : row.tier(a.source).sha256_hex;
    copies_.push_back(Copy{BackfillCopy(a, sha), 0, std::nullopt});
  }
  phase_ = Phase::copying;
  start_copies();
  maybe_finish(now);
}

// ---- copies ----

void ReconcilePass::start_copies() {
  while (copies_active_ < static_cast<std::size_t>(cfg_.backfill_concurrency) && next_copy_ < copies_.size()) {
    const std::size_t i = next_copy_++;
    BackfillCopy& c = copies_[i].copy;
    const BackfillAction& a = c.result().action;
    if (unreachable_[idx(a.source)] || unreachable_[idx(a.missing)]) {
      c.end(CopyOutcome::skipped, "a tier it needs stayed unreachable earlier in this pass");
      continue;
    }
    ++copies_active_;
    send_copy(i);
  }
}

void ReconcilePass::send_copy(std::size_t i) {
  Copy& c = copies_[i];
  const BackfillAction& a = c.copy.result().action;
  const std::uint64_t id = next_request_id_++;
  const Tier to = c.copy.tier();
  outstanding_[id] = Outstanding{false, to, i};
  ++c.attempts;
  c.copy.count_request();
  out_.push_back(SendStoreRequest{id, to, c.copy.build(client(a.source), client(a.missing), unix_seconds(now_)),
                                  a.id.str()});
}

void ReconcilePass::on_copy_answer(std::size_t i, const StoreAnswer& a, Instant now) {
  Copy& c = copies_[i];
  const Tier asked = c.copy.tier();
  const auto answer = c.copy.on_answer(client(c.copy.result().action.missing), a);
  switch (answer.verdict) {
    case BackfillCopy::Verdict::next:
      c.attempts = 0;
      send_copy(i);
      return;
    case BackfillCopy::Verdict::retry:
      if (c.attempts < cfg_.max_attempts) {
        c.retry_at = now + backoff(c.attempts, c.copy.result().action.id.str() + to_string(asked),
                                   answer.retry_after_s);
        return;
      }
      if (is_transient(a)) {
        // The tier did not come back within the attempts: the pass cannot
        // finish its work; what else needs the tier is skipped.
        unreachable_[idx(asked)] = true;
        report_.complete = false;
        report_.incomplete_reason = std::string(to_string(asked)) + " stayed unreachable during the backfills: " +
                                    answer.why;
      }
      c.copy.end(CopyOutcome::failed, answer.why + ", gave up after " + std::to_string(c.attempts) + " attempts");
      break;
    case BackfillCopy::Verdict::done: break;
  }
  copy_finished(i, now);
}

void ReconcilePass::copy_finished(std::size_t i, Instant now) {
  const CopyResult& r = copies_[i].copy.result();
  assert(copies_active_ > 0);
  --copies_active_;
  if (is_copied(r.outcome)) {
    const BackfillAction& a = r.action;
    audits_waiting_.push_back(
        make_backfill_audit_record(action_rows_.at(a.id), a.missing, client(a.missing).location(), r.etag, now));
    maybe_commit();
  }
  start_copies();
  maybe_finish(now);
}

// ---- audit and end ----

void ReconcilePass::maybe_commit() {
  // One commit in flight; what comes meanwhile rides the next (group commit).
  if (commit_in_flight_ || audits_waiting_.empty()) return;
  CommitAudits c;
  c.batch_id = next_batch_id_++;
  c.batch.audits = std::move(audits_waiting_);
  audits_waiting_.clear();
  commit_in_flight_ = c.batch_id;
  out_.push_back(std::move(c));
}

void ReconcilePass::maybe_finish(Instant now) {
  if (phase_ != Phase::copying) return;
  if (next_copy_ < copies_.size() || copies_active_ > 0 || commit_in_flight_ || !audits_waiting_.empty()) return;
  finish(now);
}

void ReconcilePass::finish(Instant now) {
  phase_ = Phase::finished;
  report_.finished = now;
  for (const auto& c : copies_) report_.copies.push_back(c.copy.result());
  // Requests not yet taken by the driver are no longer wanted.
  std::erase_if(out_, [](const PassCommand& c) { return std::holds_alternative<SendStoreRequest>(c); });
  outstanding_.clear();
}

Duration ReconcilePass::backoff(int attempt, std::string_view salt, std::int64_t retry_after_s) const {
  const Duration d = tiers::backoff_delay(attempt, cfg_.jitter_seed, tiers::salt_of(salt), cfg_.retry_backoff);
  // A store that says when to come back is believed, within the backoff's cap.
  if (retry_after_s > 0) return std::max(d, std::min(Duration::seconds(retry_after_s), cfg_.retry_backoff.cap));
  return d;
}

// ---- the driver's side ----

void ReconcilePass::handle(PassEvent event, Instant now) {
  now_ = now;
  if (const auto* done = std::get_if<AuditsCommitted>(&event)) {
    if (!commit_in_flight_ || *commit_in_flight_ != done->batch_id) return;
    commit_in_flight_.reset();
    // The copies are made either way; a lost record is reported, not retried forever.
    if (!done->ok) report_.audit_errors.push_back(done->error);
    maybe_commit();
    maybe_finish(now);
    return;
  }
  const auto& a = std::get<StoreAnswer>(event);
  const auto it = outstanding_.find(a.request_id);
  if (it == outstanding_.end() || phase_ == Phase::finished) return;  // after the end, or never ours
  const Outstanding o = it->second;
  outstanding_.erase(it);
  if (o.listing) on_list_answer(o.tier, a, now);
  else on_copy_answer(o.copy, a, now);
}

void ReconcilePass::handle_timeout(Instant now) {
  now_ = now;
  if (phase_ == Phase::finished) return;
  for (Tier t : kTiers) {
    Listing& l = listing_[idx(t)];
    if (l.retry_at && *l.retry_at <= now) {
      l.retry_at.reset();
      send_list(t);
    }
  }
  for (std::size_t i = 0; i < copies_.size(); ++i) {
    Copy& c = copies_[i];
    if (c.retry_at && *c.retry_at <= now) {
      c.retry_at.reset();
      send_copy(i);
    }
  }
}

std::optional<PassCommand> ReconcilePass::poll_command() {
  if (out_.empty()) return std::nullopt;
  PassCommand c = std::move(out_.front());
  out_.pop_front();
  return c;
}

std::optional<Instant> ReconcilePass::next_deadline() const {
  if (phase_ == Phase::finished) return std::nullopt;
  std::optional<Instant> d;
  auto consider = [&](const std::optional<Instant>& t) {
    if (t && (!d || *t < *d)) d = t;
  };
  for (const auto& l : listing_) consider(l.retry_at);
  for (const auto& c : copies_) consider(c.retry_at);
  return d;
}

}  // namespace recguard::reconcile
