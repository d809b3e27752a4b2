#pragma once
// NICE CXone REST for recordings (REFERENCE.md "NICE CXone"): request builders
// and response parsers, no I/O and no clock. CXone has no server-to-server
// recording webhook, so the live side polls contact states, the recording
// status and media playback; these are the shapes it polls.
//
// Field names were checked against public material where it exists (see the
// comment on each call); what could not be confirmed is marked "assumed".
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/http/message.hpp"
#include "core/types/ids.hpp"
#include "core/types/result.hpp"
#include "core/types/time.hpp"

namespace recguard::cxone {

struct ApiConfig {
  // One host for every call. Real tenants split them (the incontactapi
  // "api-cNN" host vs the media-playback resource server); the driver that
  // needs that can hold two configs.
  std::string host;
  std::string bearer_token;  // OAuth access token (live) or the simulated platform's token
  std::string user_id;       // the agent user that recording-on-demand acts for
};

// The real paths; the model routes on these same constants so the two cannot drift.
inline constexpr std::string_view kContactStatesPath = "/incontactapi/services/v31.0/contacts/states";
inline constexpr std::string_view kRecordingStatusPath =
    "/interaction-recording-management-service/v1/interactions/get-recording-status";
inline constexpr std::string_view kStartRecordingPath =
    "/interaction-recording-management-service/v1/interactions/start-recording-on-demand";
inline constexpr std::string_view kMediaPlaybackPath = "/media-playback/v1/contacts";

// Timestamps are ISO 8601 with a zone; core/types/civil_time reads and writes them.

// ---- GET /incontactapi/services/v31.0/contacts/states?updatedSince=...
// Confirmed (a client generated from CXone's spec): {"contactStates":[{
// "contactId": <number>, "contactStateName", "lastUpdateTime", ...}],
// "lastPollTime", "totalRecords", "_links"}. Paging (top/skip) is not used.
struct ContactState {
  CallId contact;                // contactId; a number on the wire, digits here
  std::string state;             // contactStateName: Active, Holding, Masking, Disconnected, ...
  std::string last_update_time;  // lastUpdateTime, ISO 8601 as given
  // skillId / skillName: the ACD skill (CXone's queue) the contact was routed
  // through; the compliance scope may filter on it. Absent: no skill given.
  std::string skill_id = {};
  std::string skill_name = {};
};
// An empty updated_since asks for every contact.
http::Request build_contact_states(const ApiConfig& cfg, std::string_view updated_since_iso8601);
// An empty body is an empty list: CXone's realtime calls answer 204 No Content
// when nothing changed since updatedSince (assumed, not confirmed here).
Result<std::vector<ContactState>> parse_contact_states(std::string_view body);
std::string contact_states_to_json(const std::vector<ContactState>& states);

// ---- GET .../get-recording-status
// Confirmed: the response carries contactId, statusReason and
// recordingStatusToAgent (Recording, Stopped, RecordingFailure, NoRecording,
// PoorRecordingQuality), plus recordingStatusFromAgent. The documented query is
// userId (the agent's current call); contactId is added so a caller can name the
// contact it means (assumed: ignored by the real service, used by the model).
http::Request build_recording_status(const ApiConfig& cfg, const CallId& contact);
// Returns recordingStatusToAgent; a value outside the documented set is an error.
Result<std::string> parse_recording_status(std::string_view body);
std::string recording_status_to_json(const CallId& contact, std::string_view status_to_agent,
                                     std::string_view status_reason = {});

// ---- GET /media-playback/v1/contacts?acd-call-id=...&media-type=voice-only
// Confirmed (CXone help page and several clients): interactions[].data.fileToPlayUrl,
// with startTime/endTime on the interaction and on its data. The response has
// no duration or size field (clients derive them from the times and from the
// download's Content-Length), so those stay -1 here.
struct PlaybackInfo {
  std::string file_to_play_url;  // data.fileToPlayUrl: a temporary link to the media
  std::int64_t duration_ms = -1;  // no equivalent in the real response
  std::int64_t size_bytes = -1;   // no equivalent in the real response
  std::string start_time;         // data.startTime
  std::string end_time;           // data.endTime
};
http::Request build_media_playback(const ApiConfig& cfg, const CallId& acd_call_id);
// An empty "interactions" array is a valid answer: nothing playable yet.
Result<std::vector<PlaybackInfo>> parse_media_playback(std::string_view body);
std::string media_playback_to_json(const CallId& acd_call_id, const std::vector<PlaybackInfo>& items);

// ---- POST .../start-recording-on-demand?userId=...
// Confirmed: the path and the userId query; the published spec sends no body
// and answers {"description","contactId","httpStatus"}. The JSON body naming
// the contact is ours (assumed ignored by CXone), as is Idempotency-Key: CXone
// does not honour it (REFERENCE.md), it is sent so both sides' logs carry the
// key the journal holds.
http::Request build_start_recording(const ApiConfig& cfg, const CallId& contact, std::string_view idempotency_key);
// For the model: the contact the body names.
Result<CallId> parse_start_recording_body(std::string_view body);
std::string start_recording_response(const CallId& contact, std::string_view description);

// Every CXone error body: {"internalCode","message"}.
std::string error_body(std::string_view internal_code, std::string_view message);

}  // namespace recguard::cxone
