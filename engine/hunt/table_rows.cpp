#include "engine/hunt/table_rows.hpp"

#include <array>
#include <string_view>

#include "engine/event/field_lookup.hpp"

namespace vigil::engine::hunt {
namespace {

struct Mapping {
  std::string_view column;
  std::string_view ecs_path;
};

// Defender's DeviceProcessEvents columns from the ECS fields the Sysmon and
// Security normalizers set (engine/normalize), the reverse of Elastic's
// pipeline_device.yml for process creation.
constexpr std::array<Mapping, 20> kWindowsProcess = {{
    {"Timestamp", "@timestamp"},
    {"DeviceName", "host.name"},
    {"DeviceId", "host.id"},
    {"FileName", "process.name"},
    {"FolderPath", "process.executable"},
    {"ProcessCommandLine", "process.command_line"},
    {"ProcessId", "process.pid"},
    {"ProcessVersionInfoOriginalFileName", "process.pe.original_file_name"},
    {"ProcessVersionInfoCompanyName", "process.pe.company"},
    {"ProcessVersionInfoProductName", "process.pe.product"},
    {"ProcessVersionInfoFileDescription", "process.pe.description"},
    {"SHA1", "process.hash.sha1"},
    {"SHA256", "process.hash.sha256"},
    {"MD5", "process.hash.md5"},
    {"AccountName", "user.name"},
    {"AccountDomain", "user.domain"},
    {"AccountSid", "user.id"},
    {"InitiatingProcessFileName", "process.parent.name"},
    {"InitiatingProcessFolderPath", "process.parent.executable"},
    {"InitiatingProcessCommandLine", "process.parent.command_line"},
}};

const nlohmann::json* windows_field(const nlohmann::json& doc, std::string_view column) {
  for (const auto& m : kWindowsProcess)
    if (m.column == column) return find_field(doc, m.ecs_path);
  if (column == "InitiatingProcessId") return find_field(doc, "process.parent.pid");
  return nullptr;
}

// A value read from the fields, other than a text for a string column.
Value field_value(const FieldValue& value, Type type) {
  switch (value.kind) {
    case FieldValue::Kind::kNull:
      return Value::null(type);
    case FieldValue::Kind::kText:
      return from_json(nlohmann::json(std::string(value.text)), type);
    case FieldValue::Kind::kReal:
      return type == Type::kReal ? Value::real(value.real) : from_json(nlohmann::json(value.real), type);
    case FieldValue::Kind::kInteger:
      break;
  }
  switch (type) {
    case Type::kBool:
      return Value::boolean(value.integer != 0);
    case Type::kInt:
      return Value::integer(static_cast<std::int32_t>(value.integer));
    case Type::kLong:
      return Value::long_(value.integer);
    case Type::kDateTime:
      return Value::datetime(value.integer);
    case Type::kTimespan:
      return Value::timespan(value.integer);
    default:
      return from_json(nlohmann::json(value.integer), type);
  }
}

}  // namespace

Row document_row(const nlohmann::json& document, RowShape shape, const Schema& schema, const std::vector<bool>* read) {
  Row row;
  row.reserve(schema.size());
  static const nlohmann::json kProcessCreated = "ProcessCreated";
  for (std::size_t i = 0; i < schema.size(); ++i) {
    const auto& c = schema.columns[i];
    if (read != nullptr && !(*read)[i]) {
      row.push_back(Value::null(c.type));
      continue;
    }
    const nlohmann::json* value = nullptr;
    if (shape == RowShape::kDefender) {
      const auto it = document.find(c.name);
      if (it != document.end()) value = &*it;
    } else if (c.name == "ActionType") {
      value = &kProcessCreated;
    } else {
      value = windows_field(document, c.name);
      // Winlogbeat events name the host in winlog.computer_name when host.name is absent.
      if (value == nullptr && c.name == "DeviceName") value = find_field(document, "winlog.computer_name");
    }
    row.push_back(value == nullptr ? Value::null(c.type) : from_json(*value, c.type));
  }
  return row;
}

void assign_field_value(Value& target, const FieldValue& value, Type type) {
  if (value.kind == FieldValue::Kind::kText && type == Type::kString) {
    target.assign_string(value.text);
    return;
  }
  target = field_value(value, type);
}

}  // namespace vigil::engine::hunt
