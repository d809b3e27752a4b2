#pragma once
// Everything that can happen in the simulated world, as queue entries.
#include <cstdint>
#include <optional>
#include <string>
#include <variant>

#include "core/http/message.hpp"
#include "core/pipeline/pipeline_io.hpp"

namespace recguard::sim {

struct CallStarts { std::size_t call = 0; };
struct CallEnds { std::size_t call = 0; };
struct UploadFinishes { std::size_t call = 0; };
// The relay (the operator's signed webhook forwarder) posts a notification.
struct RelaySend { std::uint64_t delivery = 0; };
// `orch` is the orchestrator an event is for (0 unless the world runs several).
struct WebhookArrives { std::uint64_t delivery = 0; int attempt = 0; http::Request request; std::uint32_t orch = 0; };
struct WebhookAnswered { std::uint64_t delivery = 0; int attempt = 0; int status = 0; };
struct WebhookTimedOut { std::uint64_t delivery = 0; int attempt = 0; };
struct RequestArrives {
  std::uint64_t request_id = 0;
  pipeline::Endpoint endpoint{};
  http::Request request;
  std::uint32_t incarnation = 0;
  std::uint32_t orch = 0;
  // From the reconciler, not an orchestrator: `incarnation` is then its pass
  // number, and the answer goes back as a ReconcilerAnswer.
  bool from_reconciler = false;
};
struct ResponseArrives {
  std::uint64_t request_id = 0;
  std::optional<http::Response> response;
  std::string transport_error;
  std::uint32_t incarnation = 0;
  std::uint32_t orch = 0;
};
struct JournalDone {
  std::uint64_t batch_id = 0;
  bool ok = true;
  std::string error;
  std::uint32_t incarnation = 0;
  std::vector<LeaseRefusal> refused = {};
  std::uint32_t orch = 0;
};
struct JournalRowLoadedEv {
  std::uint64_t lookup_id = 0;
  std::optional<RecordingRow> row;
  std::uint32_t incarnation = 0;
  std::uint32_t orch = 0;
};
struct PipelineWake { std::uint64_t generation = 0; std::uint32_t orch = 0; };
// Faults that happen at a moment: a capture process dies, forged webhooks arrive.
struct CaptureCrashes { std::size_t call = 0; };
// truncate_artifact with capture_stops "mid_call": the capture stops and its
// (cut) artifact is uploaded while the customer is still on the line.
struct CaptureStopsEarly { std::size_t call = 0; };
struct SpoofedWebhooks { std::size_t fault = 0; };
// A node fault's window opens or closes (credential_revoked, crash, ...).
struct FaultEdge { std::size_t fault = 0; bool begins = true; };
// The reconciler (sim_world_reconciler.cpp): its schedule, its pass's timers,
// and what comes back to it. `pass` names the pass a message belongs to, so
// answers to a pass that has ended (or crashed) are dropped.
struct ReconcilerTick {};
struct ReconcilerWake { std::uint64_t generation = 0; };
struct ReconcilerAnswer {
  std::uint64_t pass = 0;
  std::uint64_t request_id = 0;
  std::optional<http::Response> response = {};
  std::string transport_error = {};
};
struct ReconcilerAuditsDone {
  std::uint64_t pass = 0;
  std::uint64_t batch_id = 0;
  bool ok = true;
  std::string error = {};
};

using SimEvent = std::variant<CallStarts, CallEnds, UploadFinishes, RelaySend, WebhookArrives, WebhookAnswered,
                              WebhookTimedOut, RequestArrives, ResponseArrives, JournalDone, JournalRowLoadedEv, PipelineWake,
                              CaptureCrashes, SpoofedWebhooks, FaultEdge, ReconcilerTick, ReconcilerWake,
                              ReconcilerAnswer, ReconcilerAuditsDone, CaptureStopsEarly>;

}  // namespace recguard::sim
