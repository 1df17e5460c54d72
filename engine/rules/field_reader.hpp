#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/rules/load_result.hpp"
#include "engine/rules/rule_source.hpp"

namespace vigil::engine {

enum class Presence { kOptional, kRequired };

// Typed access to the keys of one object inside a RuleSource (the rule
// itself, or one exception item or entry). Each accessor returns nullopt when
// the key is absent or unusable and, for a required key or a wrong type,
// records an error at the key's position and marks the reader failed.
// Holds references: the source and result must outlive it.
class FieldReader {
 public:
  FieldReader(const RuleSource& source, JsonPointer object, LoadResult& result);

  std::optional<std::string> string(std::string_view key, Presence presence = Presence::kOptional);
  std::optional<std::int64_t> integer(std::string_view key, Presence presence = Presence::kOptional);
  std::optional<bool> boolean(std::string_view key);
  // An array of strings. A single string is accepted when `allow_single` (exception values).
  std::optional<std::vector<std::string>> strings(std::string_view key, Presence presence = Presence::kOptional,
                                                  bool allow_single = false);
  // An array of tables, returned as JSON (threat mappings, exception items).
  const nlohmann::json* array(std::string_view key, Presence presence = Presence::kOptional);
  bool has(std::string_view key) const;

  // Records an invalid value (right type, wrong content) at the key.
  void invalid(std::string_view key, const std::string& why);

  bool failed() const { return failed_; }
  JsonPointer pointer(std::string_view key) const;
  // "exceptions[0].entries[1].operator": how messages name a key.
  std::string display_name(std::string_view key) const;

 private:
  const nlohmann::json* lookup(std::string_view key, Presence presence);
  void wrong_type(std::string_view key, std::string_view expected, const nlohmann::json& found);

  const RuleSource& source_;
  JsonPointer object_;
  const nlohmann::json* fields_;
  LoadResult& result_;
  bool failed_ = false;
};

}  // namespace vigil::engine
