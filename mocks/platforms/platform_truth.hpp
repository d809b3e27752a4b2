#pragma once
// What a simulated platform records as the truth, in one shape for both
// platform models (Genesys and CXone), so the oracle judges them alike: each
// capture with its real bytes, and every start-recording command with the
// state of the call at the instant it arrived.
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "core/types/civil_time.hpp"
#include "core/types/ids.hpp"
#include "core/types/time.hpp"
#include "mocks/platforms/media_artifact.hpp"

namespace recguard::mocks {

struct SimRecording {
  RecordingId id;
  CallId call;
  ArtifactPtr artifact;                    // null while the capture is still running
  std::string file_state = "CAPTURING";    // model-internal until the call ends; then the platform's word
  std::string media_path;                  // on the CDN, once AVAILABLE
  Instant started{};
  std::optional<Instant> ended;            // the capture stopped (call end or crash)
  std::optional<Instant> available_at;
  bool stale_metadata = false;             // reports the full size and duration of a cut artifact
  bool crashed = false;                    // the capture process died: the platform says ERROR
  bool silent = false;                     // a capture of silence (start-recording on an ended call)
  std::string started_by_key;              // the Idempotency-Key of the start-recording that made it
};

// Every start-recording command a platform received, with the truth at
// that instant, for the oracle (no_rerecord_on_ended, barrier, single_capture).
struct StartRecordingLog {
  Instant at{};
  CallId call;
  std::string idempotency_key;
  int status = 0;
  bool call_live = false;
  bool a_recording_was_uploading = false;
  std::optional<RecordingId> capture;  // the capture it started, if any
};

// The wall time a platform writes for a virtual instant: Instant{0} is
// `epoch_unix_s` (the simulator's start date), in milliseconds, as both write it.
inline std::int64_t platform_unix_ms(std::int64_t epoch_unix_s, Instant t) { return epoch_unix_s * 1000 + t.us / 1000; }
inline std::string platform_iso(std::int64_t epoch_unix_s, Instant t) {
  return iso8601_utc(platform_unix_ms(epoch_unix_s, t));
}

// A stable GUID-shaped id for a named platform object (a Genesys queue), so
// the same scenario always shows the same ids.
std::string platform_guid(std::string_view name);
// A stable numeric id (CXone skills are numbers), from the same hash.
std::string platform_number(std::string_view name);

// Both platforms serve a capture's media at "<folder><recording id>.wav":
// the recording a path names, or nothing when it is not of that shape.
std::optional<RecordingId> recording_in_media_path(std::string_view path, std::string_view folder);

// Makes the bytes of a capture once its length is known (the capture stopped).
using ArtifactFactory =
    std::function<ArtifactPtr(const CallId&, const RecordingId&, std::int64_t duration_ms, bool silent)>;

}  // namespace recguard::mocks
