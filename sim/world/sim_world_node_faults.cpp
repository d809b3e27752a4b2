// SimWorld's side of the node faults (node_faults.hpp decides per request):
// the fault windows open and close, a credential is revoked and restored, an
// orchestrator crashes and boots again from its journal, the media server
// fails over. Kept apart from sim_world.cpp, as the store models keep their
// multipart paths apart.
#include <cstdio>

#include "sim/world/sim_credentials.hpp"
#include "sim/world/sim_world.hpp"

namespace recguard::sim {

namespace {

// A fault parameter for the trace: "0.5", "100", never locale-dependent.
std::string format_number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

}  // namespace

void SimWorld::on(const FaultEdge& e) {
  const Fault& f = setup_.faults[e.fault];
  const std::string node = fault_node(f);
  if (f.kind == FaultKind::objects_lost) {
    lose_objects(f, e.fault);
    return;
  }
  if (f.kind == FaultKind::crash) {
    if (node == "reconciler") {
      if (e.begins) crash_reconciler();
      else restart_reconciler();
      return;
    }
    if (node == "media_server") {
      // The standby carries the calls from here; restart_after only ends the window.
      if (e.begins) fail_over_media_server();
      else trace("fault", "crash media_server restarted");
      return;
    }
    for (std::uint32_t o = 0; o < orchs_.size(); ++o) {
      if (orchs_[o].name != node) continue;
      if (e.begins) crash_orchestrator(o);
      else restart_orchestrator(o);
      return;
    }
    // A store process: its data is durable, only its front door is gone.
    if (e.begins) {
      ++metrics_.store_crashes;
      fired("crash");
    }
    trace("fault", "crash " + node + (e.begins ? " down" : " restarted"));
    return;
  }
  if (f.kind == FaultKind::credential_revoked) {
    // The store that was given this credential refuses it where it checks
    // signatures, as AWS refuses a deleted key and Azure a rotated one.
    const bool primary = setup_.primary.credentials == f.credential;
    if (primary) {
      const auto id = aws_credentials_for(f.credential).access_key_id;
      if (e.begins) s3_->revoke_credential(id);
      else s3_->restore_credential(id);
    } else if (e.begins) {
      azure_->revoke_credential(setup_.backup.account);
    } else {
      azure_->restore_credential(setup_.backup.account);
    }
    if (e.begins) fired("credential_revoked");
    trace("fault", "credential_revoked " + f.credential + (primary ? " (primary)" : " (backup)") +
                       (e.begins ? " revoked" : " restored"));
    if (!e.begins) {
      // The operator's rotation reaches every running orchestrator as a
      // configuration reload: that tier may be written again.
      for (std::uint32_t o = 0; o < orchs_.size(); ++o) {
        if (!orchs_[o].pipeline) continue;
        orchs_[o].pipeline->handle(pipeline::CredentialsRotated{primary ? Tier::primary : Tier::backup, {}},
                                   clock_.now());
        drain_pipeline(o);
      }
    }
    return;
  }
  std::string detail;
  if (f.kind == FaultKind::throttle) detail = " rps=" + format_number(f.rps) + (f.as.empty() ? "" : " as=" + f.as);
  if (f.kind == FaultKind::error_rate) detail = " status=" + std::to_string(f.status) + " p=" + format_number(f.probability);
  if (f.kind == FaultKind::ambiguous_write) detail = " p=" + format_number(f.probability);
  if (f.kind == FaultKind::clock_skew) detail = " offset=" + format_duration(f.offset);
  trace("fault", std::string(to_string(f.kind)) + " " + node + detail + (e.begins ? " begins" : " ends"));
}

void SimWorld::fail_over_media_server() {
  // Only Genesys captures: CXone records on NICE's own media servers, which
  // this fault does not touch (scenarios/README.md).
  auto cut = genesys_->fail_over_media_server(clock_.now());
  std::string ids;
  for (const auto& [rid, body] : cut) ids += " " + rid.str();
  trace("fault", "crash media_server failover: " + std::to_string(cut.size()) + " capture(s) cut" + ids);
  fired("crash");
  note_platform_change();
  for (auto& [rid, body] : cut) {
    const auto* rec = genesys_->recording(rid);
    const std::size_t i = call_index_.at(rec->call);
    // The cut file uploads like a finished one; the call goes on unrecorded.
    relay(std::move(body), rid.str());
    queue_.push(clock_.now() + upload_time(setup_.calls[i], rid), UploadFinishes{i});
  }
}

void SimWorld::crash_orchestrator(std::uint32_t oi) {
  Orchestrator& o = orchs_.at(oi);
  if (!o.pipeline) return;  // already down
  o.retired.push_back(o.pipeline->stats());
  o.pipeline.reset();
  // Whatever was in flight to the old process (answers, commits, timers) is
  // for a process that no longer exists: incarnation and generation say so.
  ++o.incarnation;
  ++o.wake_generation;
  o.wake_at.reset();
  ++metrics_.orchestrator_crashes;
  fired("crash");
  trace("fault", "crash " + o.name + " down");
}

void SimWorld::restart_orchestrator(std::uint32_t oi) {
  Orchestrator& o = orchs_.at(oi);
  if (o.pipeline) return;
  // A new process knows only what its journal committed.
  o.pipeline = boot_pipeline(oi);
  metrics_.orchestrator_restart_times_us.push_back(clock_.now().us);
  trace("fault", "crash " + o.name + " restarted from its journal, recordings=" +
                     std::to_string(o.pipeline->recording_count()));
  drain_pipeline(oi);
}

void SimWorld::note_injected(const InjectedAnswer& a, const std::string& request_label) {
  switch (a.kind) {
    case InjectedAnswer::Kind::throttled: ++metrics_.throttled_answers; fired("throttle"); break;
    case InjectedAnswer::Kind::error: ++metrics_.errors_injected; fired("error_rate"); break;
    case InjectedAnswer::Kind::ambiguous: ++metrics_.ambiguous_writes; fired("ambiguous_write"); break;
    case InjectedAnswer::Kind::refused: ++metrics_.transport_failures; fired("crash"); break;
  }
  trace("fault", a.note + " " + request_label);
}

}  // namespace recguard::sim
