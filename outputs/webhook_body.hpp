#pragma once

#include <string>

#include "engine/outputs/outbox_entry.hpp"

namespace vigil::outputs {

enum class WebhookTemplate { kRaw, kSlack, kTeams };

// The body a webhook POSTs for one entry:
//   raw:   {"type": "alert.created"|"alert.triaged", "idempotency_key": ...,
//           "alert": {the alert as GET /api/v1/alerts/{id} returns it},
//           "change": {...} (alert.triaged only)}
//   slack: a Slack incoming-webhook message ({"text": ..., "blocks": [...]})
//   teams: a Microsoft Teams incoming-webhook message carrying an Adaptive
//          Card ({"type": "message", "attachments": [...]})
std::string webhook_body(WebhookTemplate kind, const engine::outputs::OutboxEntry& entry);

}  // namespace vigil::outputs
