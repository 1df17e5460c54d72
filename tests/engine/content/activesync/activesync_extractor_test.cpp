#include "engine/content/activesync/activesync_extractor.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

namespace vigil::engine::content::activesync {
namespace {

struct Case {
  const char* name;
  const char* command_line;
  bool present = true;
  std::vector<std::string> device_ids = {};
  std::optional<std::string> identity = std::nullopt;
  std::vector<std::string> removed = {};
};

// Command lines as process events carry them: the PowerShell text is
// usually one quoted -Command argument of powershell.exe.
// clang-format off
const Case kCases[] = {
    {"hashtable add, single-quoted, inside -Command",
     R"(powershell.exe -Command "Set-CASMailbox -Identity bob -ActiveSyncAllowedDeviceIDs @{Add='X'}")",
     true, {"X"}, "bob"},
    {"hashtable add, several ids",
     R"("C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe" -NoProfile -Command "Set-CASMailbox -Identity bob -ActiveSyncAllowedDeviceIDs @{Add='ID1','ID2'}")",
     true, {"ID1", "ID2"}, "bob"},
    {"hashtable add, double-quoted, unquoted -Command text",
     R"(pwsh.exe -c Set-CASMailbox -Identity 'Bob Smith' -ActiveSyncAllowedDeviceIDs @{Add="ID"})",
     true, {"ID"}, "Bob Smith"},
    {"hashtable remove is not an addition",
     R"(powershell.exe -Command "Set-CASMailbox -Identity bob -ActiveSyncAllowedDeviceIDs @{Remove='OLD'}")",
     true, {}, "bob", {"OLD"}},
    {"hashtable add and remove",
     R"(powershell.exe -Command "Set-CASMailbox -Identity bob -ActiveSyncAllowedDeviceIDs @{Add='NEW'; Remove='OLD'}")",
     true, {"NEW"}, "bob", {"OLD"}},
    {"hashtable with array value",
     R"(powershell.exe -Command "Set-CASMailbox bob -ActiveSyncAllowedDeviceIDs @{Add=@('A','B')}")",
     true, {"A", "B"}, "bob"},
    {"quoted list replaces the allow list",
     R"(powershell.exe -Command Set-CASMailbox -Identity bob -ActiveSyncAllowedDeviceIDs "ID1","ID2")",
     true, {"ID1", "ID2"}, "bob"},
    {"escaped quotes inside a quoted -Command",
     R"(powershell.exe -Command "Set-CASMailbox -Identity \"bob smith\" -ActiveSyncAllowedDeviceIDs \"ID1\",\"ID2\"")",
     true, {"ID1", "ID2"}, "bob smith"},
    {"bare single id",
     R"(powershell.exe -Command "Set-CASMailbox -Identity bob -ActiveSyncAllowedDeviceIDs ID1")",
     true, {"ID1"}, "bob"},
    {"array subexpression",
     R"cl(pwsh -c "Set-CASMailbox -Identity bob -ActiveSyncAllowedDeviceIDs @('A', 'B')")cl",
     true, {"A", "B"}, "bob"},
    {"$null clears the allow list",
     R"(powershell.exe -Command "Set-CASMailbox -Identity bob -ActiveSyncAllowedDeviceIDs $null")",
     true, {}, "bob"},
    {"colon syntax",
     R"(powershell.exe -Command "Set-CASMailbox -ActiveSyncAllowedDeviceIDs:'ID9' -Identity:'bob@contoso.com'")",
     true, {"ID9"}, "bob@contoso.com"},
    {"mixed case",
     R"(powershell.exe -command "set-casmailbox -identity Bob -activesyncalloweddeviceids @{add='x'}")",
     true, {"x"}, "Bob"},
    {"identity as first positional argument",
     R"(powershell.exe -Command "Set-CASMailbox alice@contoso.com -ActiveSyncAllowedDeviceIDs @{Add='X'}")",
     true, {"X"}, "alice@contoso.com"},
    {"identity after the ids",
     R"(powershell.exe -Command "Set-CASMailbox -ActiveSyncAllowedDeviceIDs @{Add='X'} -Identity 'CORP\alice'")",
     true, {"X"}, "CORP\\alice"},
    {"single-quoted identity with an escaped quote",
     R"(powershell.exe -Command "Set-CASMailbox -Identity 'O''Brien' -ActiveSyncAllowedDeviceIDs @{Add='X'}")",
     true, {"X"}, "O'Brien"},
    {"mailbox from a pipeline has no identity",
     R"(powershell.exe -Command "Get-Mailbox bob | Set-CASMailbox -ActiveSyncAllowedDeviceIDs @{Add='X'}")",
     true, {"X"}, std::nullopt},
    {"unquoted split arguments",
     R"(powershell.exe Set-CASMailbox -Identity bob -ActiveSyncAllowedDeviceIDs X)",
     true, {"X"}, "bob"},
    {"Elastic RTA echo passes no parameter",
     R"(powershell.exe /c echo "Set-CASMailbox ActiveSyncAllowedDeviceIDs")", false},
    {"another parameter",
     R"(powershell.exe -Command "Set-CASMailbox -Identity bob -ActiveSyncEnabled $true")", false},
    {"longer parameter name",
     R"(powershell.exe -Command "Set-CASMailbox -ActiveSyncAllowedDeviceIDsX 1")", false},
    {"empty", "", false},
};
// clang-format on

TEST(ActiveSyncExtractorTest, Table) {
  for (const auto& c : kCases) {
    SCOPED_TRACE(std::string(c.name) + ": " + c.command_line);
    const auto change = extract_activesync(c.command_line);
    ASSERT_EQ(change.has_value(), c.present);
    if (!change) continue;
    EXPECT_EQ(change->device_ids, c.device_ids);
    EXPECT_EQ(change->identity, c.identity);
    EXPECT_EQ(change->removed_device_ids, c.removed);
  }
}

// An Exchange Online audit record (CloudAppEvents) with `value` as the
// ActiveSyncAllowedDeviceIDs parameter, RawEventData as an object or as
// the JSON text some shippers send.
nlohmann::json audit_row(const nlohmann::json& value, bool raw_as_text) {
  const nlohmann::json raw = {
      {"Operation", "Set-CASMailbox"},
      {"Parameters",
       {{{"Name", "Identity"}, {"Value", "megan.bowen@contoso.com"}},
        {{"Name", "activesyncalloweddeviceids"}, {"Value", value}}}}};
  return {{"ActionType", "Set-CASMailbox"}, {"RawEventData", raw_as_text ? nlohmann::json(raw.dump()) : raw}};
}

TEST(ActiveSyncExtractorTest, ReadsTheAuditedParametersOfEitherShape) {
  const std::vector<std::pair<nlohmann::json, std::vector<std::string>>> cases = {
      {"ANDROID8F3A21", {"ANDROID8F3A21"}},
      {"ID1;ID2", {"ID1", "ID2"}},  // the audit log joins multi-valued parameters with ';'
      {"ID1, ID2", {"ID1", "ID2"}},
      {"@{Add='NEW'}", {"NEW"}},
      {"'Q1','Q2'", {"Q1", "Q2"}},
      {nlohmann::json::array({"J1", "J2"}), {"J1", "J2"}},
      {nullptr, {}},  // clears the allow list: still the parameter, still the alert
  };
  for (const bool raw_as_text : {false, true}) {
    for (const auto& [value, ids] : cases) {
      SCOPED_TRACE(value.dump() + (raw_as_text ? " (RawEventData as text)" : ""));
      const auto change = extract_activesync_parameters(audit_row(value, raw_as_text));
      ASSERT_TRUE(change);
      EXPECT_EQ(change->device_ids, ids);
      EXPECT_EQ(change->identity, "megan.bowen@contoso.com");
    }
  }
  const auto removal = extract_activesync_parameters(audit_row("@{Remove='OLD'}", false));
  ASSERT_TRUE(removal);
  EXPECT_EQ(removal->removed_device_ids, std::vector<std::string>{"OLD"});
}

TEST(ActiveSyncExtractorTest, OtherParametersAreNoActiveSyncChange) {
  nlohmann::json row = {{"ActionType", "Set-CASMailbox"},
                        {"RawEventData",
                         {{"Parameters",
                           {{{"Name", "Identity"}, {"Value", "bob"}}, {{"Name", "OWAEnabled"}, {"Value", "False"}}}}}}};
  EXPECT_FALSE(extract_activesync_parameters(row));
  EXPECT_FALSE(extract_activesync_parameters({{"RawEventData", "{not json"}}));
  EXPECT_FALSE(extract_activesync_parameters({{"ActionType", "Set-CASMailbox"}}));
}

}  // namespace
}  // namespace vigil::engine::content::activesync
