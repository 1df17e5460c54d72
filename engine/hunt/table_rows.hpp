#pragma once

#include <nlohmann/json.hpp>

#include "engine/hunt/catalog.hpp"
#include "engine/hunt/schema.hpp"

namespace vigil::engine::hunt {

// A stored document as a row of its table: each column's value read from
// the document and typed (value.hpp from_json), "" or null when absent.
// kDefender rows read top-level fields by name; kWindowsProcess rows
// (Winlogbeat Sysmon 1 and Security 4688, normalized to ECS) map ECS fields
// to Defender's columns: DeviceName ← host.name, FileName ← process.name,
// FolderPath ← process.executable, ProcessCommandLine ← process.command_line,
// ProcessId ← process.pid, AccountName/AccountDomain/AccountSid ← user.*,
// InitiatingProcess* ← process.parent.*, ActionType "ProcessCreated".
// Only the columns `read` marks are converted (all when nullptr); the
// others are null. Pure: thread-safe.
Row document_row(const nlohmann::json& document, RowShape shape, const Schema& schema,
                 const std::vector<bool>* read = nullptr);

// Makes `target` a value a backend kept apart from the document
// (HuntSource::scan_fields), already converted to the column's type, as a
// Value of that type. A text goes into the string `target` holds, reusing
// its storage (a scan refills its rows so).
void assign_field_value(Value& target, const FieldValue& value, Type type);

}  // namespace vigil::engine::hunt
