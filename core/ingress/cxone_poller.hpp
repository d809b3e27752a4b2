#pragma once
// The CXone ingress. CXone pushes nothing to a server (REFERENCE.md), so this
// poller turns contact-state changes and get-recording-status answers into
// the same normalised events the Genesys webhook relay produces. Sans-I/O:
// it says which requests are due and reads their answers; the pipeline sends
// them.
//
// Naming: CXone serves media per ACD contact, so a contact's first capture is
// the recording named after the contact and every capture started on demand
// after a failure is `<contact>-rN`, N counting captures. media-playback
// lists the playable captures in start order; pick() maps them back.
//
// Nothing here is journalled: after a restart the poller asks for every
// contact again (updatedSince empty) and the workflows ignore what they
// already know, so a restart costs requests, never an event.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/ingress/platform_event.hpp"
#include "core/platforms/cxone/cxone_api.hpp"
#include "core/types/time.hpp"

namespace recguard::ingress {

struct CxonePollRequest {
  enum class Kind { contact_states, recording_status } kind = Kind::contact_states;
  CallId contact;  // recording_status only
  http::Request request;
};

class CxonePoller {
 public:
  // poll_interval: contact states; status_interval: each live contact's
  // recording status (how fast a capture crash is seen).
  // scope: a contact whose skill is outside it is never asked about again
  // (its recording status is none of the deployment's business).
  CxonePoller(cxone::ApiConfig api, Duration poll_interval, Duration status_interval,
              ComplianceScope scope = ComplianceScope{});

  std::vector<CxonePollRequest> due(Instant now);
  // The OAuth token was renewed: polls built from now on carry it.
  void set_bearer_token(std::string token) { api_.bearer_token = std::move(token); }
  std::optional<Instant> next_deadline() const;

  // Answers; each returns the normalised events it implies.
  std::vector<PlatformEvent> on_contact_states(int status, std::string_view body, Instant now);
  std::vector<PlatformEvent> on_recording_status(const CallId& contact, int status, std::string_view body,
                                                 Instant now);
  // The pipeline's start-recording-on-demand was accepted: a new capture runs.
  void note_capture_started(const CallId& contact);

  // What the platform last said about a contact, for a decision made now.
  std::optional<bool> known_live(const CallId& contact) const;
  std::string last_update_of(const CallId& contact) const;
  // The media-playback entry that holds `recording` (a capture of `contact`),
  // or nothing if it is not playable (yet, or ever: a failed capture).
  std::optional<cxone::PlaybackInfo> pick(const CallId& contact, const RecordingId& recording,
                                          const std::vector<cxone::PlaybackInfo>& items) const;
  // Forgets contacts that ended at or before `cutoff`: by then every capture
  // of theirs is journalled, and a late contact-state row for one is only
  // ever a duplicate the journal recognises. Keeps the map bounded.
  std::size_t forget_ended(Instant cutoff);
  std::size_t tracked() const { return contacts_.size(); }
  // True once the platform reported this capture failed (RecordingFailure).
  bool capture_failed(const CallId& contact, const RecordingId& recording) const;

 private:
  struct Contact {
    bool live = true;
    bool in_scope = true;                // by its skill; out of scope: never polled
    Instant ended_at{};                  // when the poller saw Disconnected
    std::string last_update;             // lastUpdateTime as the platform wrote it
    std::string skill_id;                // the ACD skill it came through, for the compliance scope
    std::string skill_name;
    std::vector<RecordingId> captures;   // in start order; the last is the running one
    std::vector<RecordingId> failed;
    bool current_failed = false;
    bool status_in_flight = false;
    Instant next_status{};
    // Once the contact ends, one more recording status is asked before its
    // captures are reported UPLOADING: a capture that died in the last status
    // interval (or before the first) is otherwise never seen as failed, and
    // the workflow would wait hours for an upload that cannot come.
    bool closing_check = false;
    bool closing_sent = false;   // the status request in flight was sent after the end
    int closing_failures = 0;    // unanswered closing checks; after kClosingAttempts, report UPLOADING anyway
  };
  static constexpr int kClosingAttempts = 3;

  // The contact's closing check is settled: every capture not known to have
  // failed is now uploading.
  void report_uploading(const CallId& id, Contact& c, std::vector<PlatformEvent>& out) const;

  Contact& track(const CallId& id, Instant now);
  RecordingId next_capture_id(const CallId& id, const Contact& c) const;
  RecordingUpdate update(const CallId& contact, const RecordingId& rec, std::string file_state) const;

  cxone::ApiConfig api_;
  Duration poll_interval_;
  Duration status_interval_;
  ComplianceScope scope_;
  std::map<CallId, Contact> contacts_;
  std::string updated_since_;  // the newest lastUpdateTime seen; empty: every contact
  std::int64_t updated_since_ms_ = -1;
  Instant next_poll_{};
  bool poll_in_flight_ = false;
};

}  // namespace recguard::ingress
