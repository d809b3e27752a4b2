// SimWorld's reconciler node (scenarios/README.md, "The reconciler"): a pass
// every `every`, from its own region of the simulated network, through its
// own journal connection. The pass itself is the core's (ReconcilePass); this
// file only carries its requests over the network, commits its audit
// records, traces what it found and counts it. Also the objects_lost fault,
// which is what makes a reconciler needed.
#include <algorithm>
#include <cassert>

#include "sim/world/sim_world.hpp"

namespace recguard::sim {

namespace {

constexpr const char* kReconciler = "reconciler";

std::string yes_no(bool b) { return b ? "yes" : "no"; }

}  // namespace

std::string SimWorld::reconciler_request_label(std::uint64_t pass, std::uint64_t request_id) {
  return "#rc" + std::to_string(pass) + "." + std::to_string(request_id);
}

void SimWorld::on(const ReconcilerTick&) {
  ReconcilerNode& r = *reconciler_;
  // Its own schedule, whatever happens to this pass.
  ++timers_pending_;
  queue_.push(clock_.now() + r.plan.every, ReconcilerTick{});
  if (r.down) {
    trace(kReconciler, "tick: down, no pass");
    return;
  }
  if (r.pass) {
    // Never two passes at once: the second would copy what the first is copying.
    trace(kReconciler, "tick: pass " + std::to_string(r.pass_no) + " still running, no new pass");
    return;
  }
  start_reconcile_pass();
}

void SimWorld::start_reconcile_pass() {
  ReconcilerNode& r = *reconciler_;
  ++r.pass_no;
  r.comparison_traced = false;
  r.world_version_at_last_start = world_version_;
  // The snapshot comes first, before any page is listed (reconciler.hpp).
  std::vector<RecordingRow> rows = r.journal->load_all();
  const std::size_t n = rows.size();
  reconcile::PassConfig cfg;
  cfg.page_size = r.plan.page_size;
  cfg.jitter_seed = r.jitter_seed;
  cfg.epoch_unix_s = kSimEpochUnixSeconds;
  cfg.low_traffic.rows_below = r.plan.low_traffic_rows_per_hour;
  r.pass = std::make_unique<reconcile::ReconcilePass>(cfg, r.primary, r.backup, std::move(rows), clock_.now());
  const auto& traffic = r.pass->report().traffic;
  trace(kReconciler, "pass " + std::to_string(r.pass_no) + " start journal_rows=" + std::to_string(n) +
                         " rows_last_hour=" + std::to_string(traffic.rows_in_window) +
                         " low_traffic=" + yes_no(traffic.low));
  drain_reconciler();
}

void SimWorld::drain_reconciler() {
  ReconcilerNode& r = *reconciler_;
  if (!r.pass) return;
  // The comparison is traced when it is made, before the copies it orders.
  if (!r.comparison_traced && r.pass->report().inventory_complete) {
    r.comparison_traced = true;
    trace_comparison(r.pass->report());
  }
  const std::string& from = r.plan.network_node;
  while (auto cmd = r.pass->poll_command()) {
    if (auto* req = std::get_if<reconcile::SendStoreRequest>(&*cmd)) {
      ++metrics_.reconcile_requests;
      const std::string to = to_string(req->tier);  // the store nodes are "primary" and "backup"
      const std::string label = reconciler_request_label(r.pass_no, req->request_id);
      trace(kReconciler, "http " + label + " " + req->request.method + " " + to + " " + req->request.target);
      if (network_.partitioned(from, to, clock_.now())) {
        // Lost on the way: its HTTP client gives up after the timeout.
        trace("net", "lost " + from + "->" + to);
        fired("partition");
        queue_.push(clock_.now() + kHttpClientTimeout,
                    ReconcilerAnswer{r.pass_no, req->request_id, std::nullopt, "timeout"});
        continue;
      }
      send(from, to, Duration{},
           RequestArrives{req->request_id, pipeline::store_endpoint(req->tier), std::move(req->request),
                          static_cast<std::uint32_t>(r.pass_no), 0, true});
    } else {
      auto& c = std::get<reconcile::CommitAudits>(*cmd);
      // Through its own connection; the audit log is append-only and shared.
      auto res = r.journal->commit(c.batch);
      trace(kReconciler, "commit audits=" + std::to_string(c.batch.audits.size()) + (res.ok() ? "" : " FAILED"));
      queue_.push(clock_.now() + setup_.journal_commit_latency,
                  ReconcilerAuditsDone{r.pass_no, c.batch_id, res.ok(), res.ok() ? "" : res.error().message});
    }
  }
  if (r.pass->done()) {
    end_reconcile_pass();
    return;
  }
  const auto d = r.pass->next_deadline();
  if (d == r.wake_at) return;
  r.wake_at = d;
  ++r.wake_generation;
  if (d) {
    ++timers_pending_;
    queue_.push(std::max(*d, clock_.now()), ReconcilerWake{r.wake_generation});
  }
}

void SimWorld::on(const ReconcilerWake& e) {
  ReconcilerNode& r = *reconciler_;
  if (e.generation != r.wake_generation) return;  // superseded
  r.wake_at.reset();
  if (!r.pass) return;
  r.pass->handle_timeout(clock_.now());
  drain_reconciler();
}

void SimWorld::on(ReconcilerAnswer e) {
  ReconcilerNode& r = *reconciler_;
  if (!r.pass || e.pass != r.pass_no) return;  // for a pass that ended or crashed
  r.pass->handle(reconcile::StoreAnswer{e.request_id, std::move(e.response), std::move(e.transport_error)},
                 clock_.now());
  drain_reconciler();
}

void SimWorld::on(const ReconcilerAuditsDone& e) {
  ReconcilerNode& r = *reconciler_;
  if (!r.pass || e.pass != r.pass_no) return;
  r.pass->handle(reconcile::AuditsCommitted{e.batch_id, e.ok, e.error}, clock_.now());
  drain_reconciler();
}

void SimWorld::trace_comparison(const reconcile::PassReport& rep) {
  const auto& c = rep.comparison;
  trace(kReconciler, "pass " + std::to_string(reconciler_->pass_no) + " listed primary=" +
                         std::to_string(rep.listed[0]) + " (" + std::to_string(rep.pages[0]) + " pages) backup=" +
                         std::to_string(rep.listed[1]) + " (" + std::to_string(rep.pages[1]) + " pages) in_sync=" +
                         std::to_string(c.in_sync) + " not_verified=" + std::to_string(c.not_verified) +
                         " backfill=" + std::to_string(c.backfill.size()) + " checksum_mismatch=" +
                         std::to_string(c.checksum_mismatch.size()) + " missing_everywhere=" +
                         std::to_string(c.missing_everywhere.size()) + " orphans=" + std::to_string(c.orphans.size()) +
                         " journal_behind=" + std::to_string(c.journal_behind.size()));
  for (const auto& m : c.missing_everywhere) trace(kReconciler, "missing_everywhere " + m.id.str() + " " + m.key);
  for (const auto& m : c.checksum_mismatch) {
    trace(kReconciler, "checksum_mismatch " + m.id.str() + " " + to_string(m.tier) + " " + m.key +
                           " other_tier_good=" + yes_no(m.other_tier_good));
  }
  for (const auto& o : c.orphans) trace(kReconciler, "orphan " + std::string(to_string(o.tier)) + " " + o.item.key);
  for (const auto& j : c.journal_behind) {
    trace(kReconciler, "journal_behind " + j.id.str() + " " + to_string(j.tier) + " " + j.key);
  }
}

void SimWorld::end_reconcile_pass() {
  ReconcilerNode& r = *reconciler_;
  reconcile::PassReport rep = r.pass->report();
  r.pass.reset();
  ++r.wake_generation;  // its timers go with it
  r.wake_at.reset();
  const std::string pass = "pass " + std::to_string(r.pass_no);
  ++metrics_.reconcile_passes;
  metrics_.reconcile_listed += static_cast<std::uint64_t>(rep.listed[0] + rep.listed[1]);
  metrics_.reconcile_backfills += static_cast<std::uint64_t>(rep.copied());
  metrics_.reconcile_not_copied += static_cast<std::uint64_t>(rep.not_copied());
  if (rep.inventory_complete) {
    // What is still wrong, as the latest complete inventory saw it.
    const auto& c = rep.comparison;
    metrics_.reconcile_missing_everywhere = c.missing_everywhere.size();
    metrics_.reconcile_orphans = c.orphans.size();
    metrics_.reconcile_checksum_mismatches = c.checksum_mismatch.size();
  }
  for (const auto& cp : rep.copies) {
    const auto& a = cp.action;
    trace(kReconciler, "backfill " + a.id.str() + " " + to_string(a.source) + "->" + to_string(a.missing) + " " +
                           std::string(reconcile::to_string(cp.outcome)) +
                           (cp.etag.empty() ? "" : " etag=" + cp.etag) + ": " + cp.detail);
  }
  for (const auto& err : rep.audit_errors) trace(kReconciler, pass + " audit commit failed: " + err);
  if (!rep.complete) ++metrics_.reconcile_incomplete;
  trace(kReconciler, pass + " end " + (rep.complete ? "complete" : "INCOMPLETE (" + rep.incomplete_reason + ")") +
                         " copied=" + std::to_string(rep.copied()) + " not_copied=" + std::to_string(rep.not_copied()));
  r.last = std::move(rep);
}

void SimWorld::crash_reconciler() {
  ReconcilerNode& r = *reconciler_;
  if (r.down) return;
  r.down = true;
  fired("crash");
  r.last.reset();  // what it found is no evidence of the state after a crash
  if (r.pass) {
    // Answers and commits in flight are for a process that no longer exists.
    r.pass.reset();
    ++r.wake_generation;
    r.wake_at.reset();
    ++metrics_.reconcile_passes;
    ++metrics_.reconcile_incomplete;
    trace("fault", "crash reconciler down: pass " + std::to_string(r.pass_no) + " lost mid-way");
    return;
  }
  trace("fault", "crash reconciler down");
}

void SimWorld::restart_reconciler() {
  ReconcilerNode& r = *reconciler_;
  if (!r.down) return;
  r.down = false;
  trace("fault", "crash reconciler restarted; the next pass runs on its schedule");
}

bool SimWorld::reconciler_settled() const {
  if (!quiet()) return false;
  const ReconcilerNode& r = *reconciler_;
  if (r.down || r.pass || !r.last) return false;
  // Complete, nothing copied (a copy is checked by one more pass), and
  // nothing has changed since it took its snapshot.
  return r.last->complete && r.last->copied() == 0 && r.world_version_at_last_start == world_version_;
}

void SimWorld::lose_objects(const Fault& f, std::size_t fault_index) {
  const std::string node = fault_node(f);
  const bool primary = node == "primary";
  std::vector<std::string> live;
  const auto collect = [&live](const auto& objects) {
    for (const auto& [key, versions] : objects) {
      if (!versions.empty() && !versions.back().delete_marker) live.push_back(key);
    }
  };
  if (primary) collect(s3_->objects());
  else collect(azure_->objects());
  // Which ones: drawn from the seed, from this fault's own stream, so that
  // the choice moves no other draw.
  Prng rng = Prng::for_component(setup_.seed, "objects-lost-" + std::to_string(fault_index));
  rng.shuffle(live);
  const std::size_t asked = static_cast<std::size_t>(std::max(0, f.count));
  if (live.size() > asked) live.resize(asked);
  std::sort(live.begin(), live.end());
  const std::int64_t unix_s = kSimEpochUnixSeconds + clock_.now().us / 1000000;
  for (const auto& key : live) {
    const bool gone = primary ? s3_->delete_as_operator(key, unix_s) : azure_->delete_as_operator(key, unix_s);
    assert(gone);
    ++metrics_.objects_lost;
    fired("objects_lost");
    trace("fault", "objects_lost " + node + " " + key + (primary ? " (delete marker)" : " (deleted)"));
  }
  if (live.size() < asked) {
    trace("fault", "objects_lost " + node + ": " + std::to_string(live.size()) + " object(s) to lose, " +
                       std::to_string(asked) + " asked");
  }
  ++world_version_;
}

}  // namespace recguard::sim
