#pragma once
// The states a recording moves through. Persisted by name in the journal, so
// names are part of the on-disk format: add states, never rename them.
#include <optional>
#include <string_view>

namespace recguard {

enum class RecordingState {
  received,                // journalled and acknowledged, nothing done yet
  awaiting_upload,         // platform says UPLOADING: the artifact is not final
  fetching_metadata,       // asking the platform for size, duration and media URI
  fetching_media,          // downloading the artifact from the CDN
  writing,                 // validated; writing primary and backup in parallel
  compliance_verified,     // terminal: both tiers hold the validated bytes
  requires_manual_review,  // terminal: could not be verified, with a reason
  out_of_scope,            // terminal: its call's queue is outside the compliance scope; nothing kept
};

inline constexpr RecordingState kAllRecordingStates[] = {
    RecordingState::received,       RecordingState::awaiting_upload,     RecordingState::fetching_metadata,
    RecordingState::fetching_media, RecordingState::writing,             RecordingState::compliance_verified,
    RecordingState::requires_manual_review, RecordingState::out_of_scope,
};

std::string_view to_string(RecordingState s);
std::optional<RecordingState> recording_state_from_string(std::string_view s);
bool is_terminal(RecordingState s);

}  // namespace recguard
