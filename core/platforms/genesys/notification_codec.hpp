#pragma once
// Genesys Cloud notification envelopes, as the real platform sends them
// (REFERENCE.md): topic v2.users.{uid}.conversations.{cid}.recordings with an
// eventBody Recording, and v2.detail.events.conversation.{cid}.customer.end.
// Accepted bare (WebSocket / Process Automation) or wrapped by EventBridge.
#include <string>
#include <string_view>

#include "core/ingress/platform_event.hpp"
#include "core/types/result.hpp"

namespace recguard::genesys {

Result<ingress::PlatformEvent> parse_notification(std::string_view body);

// Builders used by the simulated platform; they live beside the parser so the
// two can never drift apart.
std::string recording_notification(std::string_view user_id, const ingress::RecordingUpdate& u);
std::string customer_end_notification(const CallId& call);

}  // namespace recguard::genesys
