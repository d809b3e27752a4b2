#pragma once
// Genesys Cloud REST for the call itself (REFERENCE.md): whether the
// conversation is still up, the lever that restarts recording on a live call
// (there is no "re-record" endpoint), and annotations on a recording. Request
// builders and parsers only; the core decides, the driver sends.
#include <string>
#include <string_view>
#include <vector>

#include "core/http/message.hpp"
#include "core/platforms/genesys/recording_api.hpp"
#include "core/types/ids.hpp"
#include "core/types/result.hpp"

namespace recguard::genesys {

struct Participant {
  std::string id;
  std::string purpose;  // customer, agent, acd, ivr, ...
  std::string state;    // alerting, dialing, contacting, offering, connected, disconnected, terminated
  // Set on the ACD participant (purpose "acd"): the queue the call was routed
  // through. Omitted from the JSON when empty, as Genesys does.
  std::string queue_id = {};
  std::string queue_name = {};
};

// The CallConversation resource, only what the re-record decision needs.
struct CallInfo {
  CallId id;
  std::vector<Participant> participants;
  std::string recording_state;  // the conversation's recordingState: active, paused, none
  std::string end_time;         // set once the conversation is over
};

// A call is live while it has no endTime and some customer is still on it.
// Any other participant state (disconnected, terminated) means the customer
// left: a start-recording command would capture nothing useful.
bool is_live(const CallInfo& call);
// The ACD participant, i.e. the queue the call came through; null for a call
// that reached an agent directly.
const Participant* acd_participant(const CallInfo& call);

// GET /api/v2/conversations/calls/{cid}
http::Request build_get_call(const ApiConfig& cfg, const CallId& call);
Result<CallInfo> parse_call(std::string_view json_body);
std::string call_to_json(const CallInfo& call);

// PUT /api/v2/conversations/calls/{cid}/recordingstate {"recordingState":"ACTIVE"}.
// Genesys ignores Idempotency-Key on this call (REFERENCE.md); it is sent so
// that the platform's logs carry the key the journal holds.
http::Request build_start_recording(const ApiConfig& cfg, const CallId& call, std::string_view idempotency_key);
// What the platform was asked to set, for the model: "ACTIVE", "PAUSED", "NONE", or empty if malformed.
std::string parse_recording_state_body(std::string_view json_body);

// GET /api/v2/conversations/{cid}/recordings: every recording of the call,
// used to find out whether a start-recording whose answer was lost took effect.
http::Request build_list_recordings(const ApiConfig& cfg, const CallId& call);
Result<std::vector<RecordingMetadata>> parse_recording_list(std::string_view json_body);
std::string recording_list_to_json(const std::vector<RecordingMetadata>& list);

// POST /api/v2/conversations/{cid}/recordings/{rid}/annotations
http::Request build_annotation(const ApiConfig& cfg, const CallId& call, const RecordingId& rec,
                               std::string_view name, std::string_view description);
struct Annotation {
  std::string name;
  std::string description;
};
Result<Annotation> parse_annotation(std::string_view json_body);

}  // namespace recguard::genesys
