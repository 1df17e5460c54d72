#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/rules/rule.hpp"

namespace vigil::engine {

// What went wrong (or was skipped) while loading rules. Stable names, used
// in the JSON form the API returns.
enum class LoadCode {
  kFileUnreadable,        // a rule file or directory could not be read
  kTomlSyntax,            // the file is not valid TOML
  kJsonSyntax,            // a Kibana export line is not valid JSON
  kMissingKey,            // a required key is absent
  kWrongType,             // a key holds the wrong kind of value ("risk_score = \"high\"")
  kInvalidValue,          // right type, value out of range or malformed ("interval = \"5x\"")
  kQuerySyntax,           // the EQL query does not compile
  kDuplicateRuleId,       // two rules share a rule_id
  kUnsupportedRuleType,   // warning: a rule type Vigil cannot run; the rule is skipped
  kUnsupportedException,  // warning: a Kibana exception entry Vigil cannot evaluate; its item is skipped
  kMissingExceptionList,  // warning: a referenced exception list is not in the export
  kUnknownObject,         // warning: a Kibana export line that is neither a rule nor an exception
  kUnknownDisabledRule,   // warning: a disabled rule id matches no loaded rule
};

std::string_view to_string(LoadCode code);

enum class LoadSeverity { kError, kWarning };

// "file:line:column", leaving out a line or column of 0 (unknown).
std::string to_string(const SourceLocation& location);

// One diagnostic. The text form follows the compiler convention
// "file:line:column: error: message"; a message about no file in particular
// (an unknown disabled rule id) has an empty file and prints as "warning: ...".
struct LoadMessage {
  LoadCode code = LoadCode::kInvalidValue;
  LoadSeverity severity = LoadSeverity::kError;
  SourceLocation location;
  std::string message;

  std::string to_string() const;
  // {"code","severity","file","line","column","message"}
  nlohmann::json to_json() const;
};

// Everything reported while loading a set of rules, in the order found.
// Errors mean a rule (or a whole file) was not loaded; warnings mean something
// was skipped on purpose. Not thread-safe; build it on one thread.
class LoadResult {
 public:
  void add_error(LoadCode code, SourceLocation location, std::string message);
  void add_warning(LoadCode code, SourceLocation location, std::string message);

  bool ok() const { return errors_.empty(); }
  const std::vector<LoadMessage>& errors() const { return errors_; }
  const std::vector<LoadMessage>& warnings() const { return warnings_; }

  // One line per message, errors first.
  std::string to_string() const;
  // {"ok":bool,"errors":[...],"warnings":[...]}
  nlohmann::json to_json() const;

 private:
  std::vector<LoadMessage> errors_;
  std::vector<LoadMessage> warnings_;
};

}  // namespace vigil::engine
