#include "engine/hunt/catalog.hpp"

#include <algorithm>
#include <array>
#include <set>

namespace vigil::engine::hunt {
namespace {

// "Name:type Name:type ...", as Microsoft's schema pages list them.
std::vector<Column> columns(std::string_view spec) {
  std::vector<Column> out;
  std::size_t pos = 0;
  while (pos < spec.size()) {
    const auto end = std::min(spec.find(' ', pos), spec.size());
    const auto item = spec.substr(pos, end - pos);
    pos = end + 1;
    if (item.empty()) continue;
    const auto colon = item.find(':');
    out.push_back({std::string(item.substr(0, colon)), *type_from_name(item.substr(colon + 1))});
  }
  return out;
}

TableSource defender(std::string_view table) {
  return {{"m365_defender." + std::string(table), {}}, RowShape::kDefender};
}

// Fields Vigil adds to every stored Defender document: not columns.
constexpr std::array<std::string_view, 12> kVigilFields = {"@timestamp", "event",   "defender", "process", "host",
                                                           "user",       "agent",   "ecs",      "winlog",  "log",
                                                           "related",    "message"};

std::vector<TableDefinition> build() {
  std::vector<TableDefinition> t;
  t.push_back({"EmailEvents",
               columns("Timestamp:datetime NetworkMessageId:string InternetMessageId:string "
                       "SenderMailFromAddress:string SenderFromAddress:string SenderDisplayName:string "
                       "SenderObjectId:string SenderMailFromDomain:string SenderFromDomain:string "
                       "SenderIPv4:string SenderIPv6:string RecipientEmailAddress:string RecipientObjectId:string "
                       "Subject:string EmailClusterId:long EmailDirection:string DeliveryAction:string "
                       "DeliveryLocation:string ThreatTypes:string ThreatNames:string DetectionMethods:string "
                       "ConfidenceLevel:string BulkComplaintLevel:int EmailAction:string EmailActionPolicy:string "
                       "EmailActionPolicyGuid:string AuthenticationDetails:string AttachmentCount:int UrlCount:int "
                       "EmailLanguage:string Connectors:string OrgLevelAction:string OrgLevelPolicy:string "
                       "UserLevelAction:string UserLevelPolicy:string ReportId:string AdditionalFields:dynamic"),
               {defender("EmailEvents")}});
  t.push_back({"CloudAppEvents",
               columns("Timestamp:datetime ActionType:string Application:string ApplicationId:int "
                       "AppInstanceId:int AccountObjectId:string AccountId:string AccountDisplayName:string "
                       "IsAdminOperation:bool DeviceType:string OSPlatform:string IPAddress:string "
                       "IsAnonymousProxy:bool CountryCode:string City:string Isp:string UserAgent:string "
                       "ActivityType:string ActivityObjects:dynamic ObjectName:string ObjectType:string "
                       "ObjectId:string ReportId:string AccountType:string IsExternalUser:bool IsImpersonated:bool "
                       "IPTags:dynamic IPCategory:string UserAgentTags:dynamic RawEventData:dynamic "
                       "AdditionalFields:dynamic LastSeenForUser:dynamic UncommonForUser:dynamic "
                       "AuditSource:string SessionData:dynamic OAuthAppId:string"),
               {defender("CloudAppEvents")}});
  t.push_back({"IdentityLogonEvents",
               columns("Timestamp:datetime ActionType:string Application:string LogonType:string Protocol:string "
                       "FailureReason:string AccountName:string AccountDomain:string AccountUpn:string "
                       "AccountSid:string AccountObjectId:string AccountDisplayName:string DeviceName:string "
                       "DeviceType:string OSPlatform:string IPAddress:string Port:int DestinationDeviceName:string "
                       "DestinationIPAddress:string DestinationPort:int TargetDeviceName:string "
                       "TargetAccountDisplayName:string Location:string Isp:string ReportId:string "
                       "AdditionalFields:dynamic"),
               {defender("IdentityLogonEvents")}});
  t.push_back({"EmailUrlInfo",
               columns("Timestamp:datetime NetworkMessageId:string Url:string UrlDomain:string UrlLocation:string "
                       "ReportId:string"),
               {defender("EmailUrlInfo")}});
  t.push_back({"EmailAttachmentInfo",
               columns("Timestamp:datetime NetworkMessageId:string SenderFromAddress:string "
                       "SenderDisplayName:string SenderObjectId:string RecipientEmailAddress:string "
                       "RecipientObjectId:string FileName:string FileType:string SHA256:string FileSize:long "
                       "ThreatTypes:string ThreatNames:string DetectionMethods:string ReportId:string"),
               {defender("EmailAttachmentInfo")}});
  t.push_back({"EmailPostDeliveryEvents",
               columns("Timestamp:datetime Action:string ActionResult:string ActionTrigger:string "
                       "ActionType:string DeliveryLocation:string InternetMessageId:string NetworkMessageId:string "
                       "RecipientEmailAddress:string ReportId:string ThreatTypes:string DetectionMethods:string"),
               {defender("EmailPostDeliveryEvents")}});
  t.push_back({"DeviceProcessEvents",
               columns("Timestamp:datetime DeviceId:string DeviceName:string ActionType:string FileName:string "
                       "FolderPath:string SHA1:string SHA256:string MD5:string FileSize:long "
                       "ProcessVersionInfoCompanyName:string ProcessVersionInfoProductName:string "
                       "ProcessVersionInfoProductVersion:string ProcessVersionInfoInternalFileName:string "
                       "ProcessVersionInfoOriginalFileName:string ProcessVersionInfoFileDescription:string "
                       "ProcessId:long ProcessCommandLine:string ProcessIntegrityLevel:string "
                       "ProcessTokenElevation:string ProcessCreationTime:datetime AccountDomain:string "
                       "AccountName:string AccountSid:string AccountUpn:string AccountObjectId:string LogonId:long "
                       "InitiatingProcessAccountDomain:string InitiatingProcessAccountName:string "
                       "InitiatingProcessAccountSid:string InitiatingProcessAccountUpn:string "
                       "InitiatingProcessAccountObjectId:string InitiatingProcessLogonId:long "
                       "InitiatingProcessIntegrityLevel:string InitiatingProcessTokenElevation:string "
                       "InitiatingProcessSHA1:string InitiatingProcessSHA256:string InitiatingProcessMD5:string "
                       "InitiatingProcessFileName:string InitiatingProcessFileSize:long "
                       "InitiatingProcessId:long InitiatingProcessCommandLine:string "
                       "InitiatingProcessCreationTime:datetime InitiatingProcessFolderPath:string "
                       "InitiatingProcessParentId:long InitiatingProcessParentFileName:string "
                       "InitiatingProcessParentCreationTime:datetime InitiatingProcessSignerType:string "
                       "InitiatingProcessSignatureStatus:string ReportId:long AppGuardContainerId:string "
                       "AdditionalFields:dynamic"),
               {defender("DeviceProcessEvents"),
                {{"windows.sysmon_operational", {"1"}}, RowShape::kWindowsProcess},
                {{"system.security", {"4688"}}, RowShape::kWindowsProcess}}});
  return t;
}

Type json_column_type(std::string_view json_type) {
  if (json_type == "number_integer" || json_type == "number_unsigned") return Type::kLong;
  if (json_type == "number_float") return Type::kReal;
  if (json_type == "boolean") return Type::kBool;
  if (json_type == "object" || json_type == "array") return Type::kDynamic;
  return Type::kString;
}

}  // namespace

const std::vector<TableDefinition>& defender_tables() {
  static const std::vector<TableDefinition> tables = build();
  return tables;
}

const TableDefinition* find_table(std::string_view name) {
  for (const auto& t : defender_tables())
    if (t.name == name) return &t;
  return nullptr;
}

Schema table_schema(const TableDefinition& table, const std::vector<HuntSource::Field>& stored_fields) {
  Schema schema{table.columns};
  std::set<std::string> extra;
  std::vector<Column> added;
  for (const auto& f : stored_fields) {
    if (schema.find(f.name) || extra.contains(f.name)) continue;
    if (std::find(kVigilFields.begin(), kVigilFields.end(), f.name) != kVigilFields.end()) continue;
    extra.insert(f.name);
    added.push_back({f.name, json_column_type(f.json_type)});
  }
  std::sort(added.begin(), added.end(), [](const Column& a, const Column& b) { return a.name < b.name; });
  schema.columns.insert(schema.columns.end(), added.begin(), added.end());
  return schema;
}

}  // namespace vigil::engine::hunt
