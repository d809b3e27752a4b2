#pragma once
// What goes in and out of the pipeline core. Drivers (sim/, live/) execute
// commands and feed events back; the core never touches a socket, a disk or
// a clock itself (ARCHITECTURE.md).
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/http/message.hpp"
#include "core/journal/journal.hpp"
#include "core/stores/store_client.hpp"
#include "core/types/ids.hpp"

namespace recguard::pipeline {

// Who a request is for: the driver routes it (sim: a simulated node; live: a host).
enum class Endpoint { genesys_api, cxone_api, cdn, primary_store, backup_store };
const char* to_string(Endpoint e);
inline Endpoint store_endpoint(Tier t) { return t == Tier::primary ? Endpoint::primary_store : Endpoint::backup_store; }

// ---- events in ----
struct WebhookReceived {
  DeliveryId delivery;
  http::Request request;
};
struct HttpCompleted {
  std::uint64_t request_id = 0;
  std::optional<http::Response> response;  // empty: connection failed or timed out
  std::string transport_error;
};
struct JournalCommitted {
  std::uint64_t batch_id = 0;
  bool ok = true;
  std::string error;
  // Rows another orchestrator's lease kept out of this commit (ok is still true).
  std::vector<LeaseRefusal> refused = {};
};
// The answer to LoadJournalRow.
struct JournalRowLoaded {
  std::uint64_t lookup_id = 0;
  std::optional<RecordingRow> row;
};
// The operator rotated a tier's credential (live: a configuration reload with
// the new client; sim: the end of a credential_revoked fault). Lifts that
// tier's auth_failed; the other tier is untouched.
struct CredentialsRotated {
  Tier tier = Tier::primary;
  std::shared_ptr<const stores::StoreClient> client = {};  // empty: keep the current client
};
// A platform's OAuth access token was renewed (live: the driver refreshes it
// before it expires). Requests built from now on carry the new bearer token;
// requests already sent keep the one they were signed with.
struct PlatformTokenRefreshed {
  Platform platform = Platform::genesys;
  std::string bearer_token;
};
using Event = std::variant<WebhookReceived, HttpCompleted, JournalCommitted, JournalRowLoaded, CredentialsRotated,
                           PlatformTokenRefreshed>;

// ---- commands out ----
struct AckWebhook {
  DeliveryId delivery;
  int status = 200;
  std::string body;
};
struct SendHttp {
  std::uint64_t request_id = 0;
  Endpoint endpoint = Endpoint::cdn;
  http::Request request;
  RecordingId about;
};
// Make these rows and audit records durable in one transaction, then feed
// back JournalCommitted. Acknowledgements wait for it (commit before ack).
struct CommitJournal {
  std::uint64_t batch_id = 0;
  JournalBatch batch;
};
// Read one recording's row: an event for a recording whose in-memory
// de-duplication state has expired is checked against the journal first.
struct LoadJournalRow {
  std::uint64_t lookup_id = 0;
  RecordingId recording;
};
using Command = std::variant<AckWebhook, SendHttp, CommitJournal, LoadJournalRow>;

}  // namespace recguard::pipeline
