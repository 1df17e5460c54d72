#pragma once

#include "engine/outputs/outbox_entry.hpp"

// Outbox entries shaped like the stores' (SqliteOutbox::entries_after), for
// the senders' tests.
namespace vigil::outputs::testing {

inline engine::outputs::OutboxEntry created_entry() {
  engine::outputs::OutboxEntry e;
  e.seq = 7;
  e.at = 1'795'000'000'123;  // 2026-11-17T...
  e.alert_id = "9f2c";
  e.alert = nlohmann::json::parse(R"({
    "id": "9f2c", "status": "open", "classification": null,
    "rule": {"id": "ce64d965", "name": "New ActiveSyncAllowedDeviceID Added via PowerShell", "severity": "medium"},
    "reason": "process event with process powershell.exe, by CORP\\bob on WS1, created medium alert.",
    "host": {"name": "WS1"}, "user": {"name": "bob"}, "mitre": ["T1098", "T1098.002"]})");
  return e;
}

inline engine::outputs::OutboxEntry triaged_entry() {
  auto e = created_entry();
  e.seq = 9;
  e.kind = engine::outputs::OutboxKind::kAlertTriaged;
  e.alert["status"] = "closed";
  e.change = nlohmann::json::parse(
      R"({"at": "2026-11-17T08:00:00.000Z", "author": "ann", "changes": [{"field": "status", "from": "open", "to": "closed"}]})");
  return e;
}

}  // namespace vigil::outputs::testing
