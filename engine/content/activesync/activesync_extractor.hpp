#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vigil::engine::content::activesync {

// What a `Set-CASMailbox -ActiveSyncAllowedDeviceIDs ...` command line does to
// a mailbox's ActiveSync allow list, for the analyst reading the alert.
struct ActiveSyncChange {
  // Devices the command lets synchronize the mailbox: the Add entries of a
  // hashtable value (@{Add='ID1','ID2'}), or every ID of a plain list
  // ("ID1","ID2" / ID1), which replaces the whole allow list. Empty for
  // $null, which clears the list. In command-line order.
  std::vector<std::string> device_ids;
  // The Remove entries of a hashtable value (@{Remove='ID'}). A removal takes
  // access away, so these are kept apart from device_ids rather than mixed in.
  std::vector<std::string> removed_device_ids;
  // The mailbox changed: the value of -Identity, else the first positional
  // argument after Set-CASMailbox. Absent when the mailbox comes from a
  // pipeline (Get-Mailbox bob | Set-CASMailbox ...).
  std::optional<std::string> identity;
};

// Reads the change from a process command line. Returns nullopt unless the
// line passes -ActiveSyncAllowedDeviceIDs as a parameter (case-insensitive);
// Elastic's RTA `echo "Set-CASMailbox ActiveSyncAllowedDeviceIDs"` passes none.
//
// The line is read as Windows hands it to powershell.exe: the PowerShell text
// is usually one quoted -Command argument, so values may be quoted with '...',
// "..." or \"...\" and a bare value ends at a blank, a separator or a quote.
// Values may follow the parameter after a blank or a colon (-Param:value).
// A value this reader does not understand yields empty lists rather than
// guesses. Pure function; thread-safe.
std::optional<ActiveSyncChange> extract_activesync(std::string_view command_line);

// Reads the change from an Exchange Online audit record: a CloudAppEvents
// row whose RawEventData (an object, or JSON text) lists the cmdlet's
// Parameters as [{"Name","Value"}]. nullopt unless ActiveSyncAllowedDeviceIDs
// is among them (names compare case-insensitively). The Value is the
// cmdlet's argument as text: a hashtable or quoted list reads as on a
// command line; a bare list may be joined with ';' (as the audit log joins
// multi-valued parameters) or ','; a JSON array lists the ids. The identity
// is the Identity parameter. Pure function; thread-safe.
std::optional<ActiveSyncChange> extract_activesync_parameters(const nlohmann::json& row);

}  // namespace vigil::engine::content::activesync
