#include "core/workflow/recording_state.hpp"

namespace recguard {

std::string_view to_string(RecordingState s) {
  switch (s) {
    case RecordingState::received: return "received";
    case RecordingState::awaiting_upload: return "awaiting_upload";
    case RecordingState::fetching_metadata: return "fetching_metadata";
    case RecordingState::fetching_media: return "fetching_media";
    case RecordingState::writing: return "writing";
    case RecordingState::compliance_verified: return "compliance_verified";
    case RecordingState::requires_manual_review: return "requires_manual_review";
    case RecordingState::out_of_scope: return "out_of_scope";
  }
  return "?";
}

std::optional<RecordingState> recording_state_from_string(std::string_view s) {
  for (RecordingState st : kAllRecordingStates) {
    if (to_string(st) == s) return st;
  }
  return std::nullopt;
}

bool is_terminal(RecordingState s) {
  return s == RecordingState::compliance_verified || s == RecordingState::requires_manual_review ||
         s == RecordingState::out_of_scope;
}

}  // namespace recguard
