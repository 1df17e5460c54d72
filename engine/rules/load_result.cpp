#include "engine/rules/load_result.hpp"

namespace vigil::engine {

std::string_view to_string(LoadCode code) {
  switch (code) {
    case LoadCode::kFileUnreadable: return "file_unreadable";
    case LoadCode::kTomlSyntax: return "toml_syntax";
    case LoadCode::kJsonSyntax: return "json_syntax";
    case LoadCode::kMissingKey: return "missing_key";
    case LoadCode::kWrongType: return "wrong_type";
    case LoadCode::kInvalidValue: return "invalid_value";
    case LoadCode::kQuerySyntax: return "query_syntax";
    case LoadCode::kDuplicateRuleId: return "duplicate_rule_id";
    case LoadCode::kUnsupportedRuleType: return "unsupported_rule_type";
    case LoadCode::kUnsupportedException: return "unsupported_exception";
    case LoadCode::kMissingExceptionList: return "missing_exception_list";
    case LoadCode::kUnknownObject: return "unknown_object";
    case LoadCode::kUnknownDisabledRule: return "unknown_disabled_rule";
  }
  return "unknown";
}

std::string to_string(const SourceLocation& location) {
  std::string text = location.file;
  if (location.line > 0) {
    text += ':' + std::to_string(location.line);
    if (location.column > 0) text += ':' + std::to_string(location.column);
  }
  return text;
}

std::string LoadMessage::to_string() const {
  std::string text = engine::to_string(location);
  if (!text.empty()) text += ": ";
  text += severity == LoadSeverity::kError ? "error: " : "warning: ";
  return text + message;
}

nlohmann::json LoadMessage::to_json() const {
  return {
      {"code", std::string(engine::to_string(code))},
      {"severity", severity == LoadSeverity::kError ? "error" : "warning"},
      {"file", location.file},
      {"line", location.line},
      {"column", location.column},
      {"message", message},
  };
}

void LoadResult::add_error(LoadCode code, SourceLocation location, std::string message) {
  errors_.push_back({code, LoadSeverity::kError, std::move(location), std::move(message)});
}

void LoadResult::add_warning(LoadCode code, SourceLocation location, std::string message) {
  warnings_.push_back({code, LoadSeverity::kWarning, std::move(location), std::move(message)});
}

std::string LoadResult::to_string() const {
  std::string text;
  for (const auto* list : {&errors_, &warnings_}) {
    for (const auto& message : *list) text += message.to_string() + '\n';
  }
  return text;
}

nlohmann::json LoadResult::to_json() const {
  auto errors = nlohmann::json::array();
  for (const auto& message : errors_) errors.push_back(message.to_json());
  auto warnings = nlohmann::json::array();
  for (const auto& message : warnings_) warnings.push_back(message.to_json());
  return {{"ok", ok()}, {"errors", std::move(errors)}, {"warnings", std::move(warnings)}};
}

}  // namespace vigil::engine
