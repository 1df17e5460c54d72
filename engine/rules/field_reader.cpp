#include "engine/rules/field_reader.hpp"

namespace vigil::engine {
namespace {

std::string describe(const nlohmann::json& value) {
  switch (value.type()) {
    case nlohmann::json::value_t::string: return "string " + value.dump();
    case nlohmann::json::value_t::boolean: return "boolean " + value.dump();
    case nlohmann::json::value_t::number_integer:
    case nlohmann::json::value_t::number_unsigned: return "integer " + value.dump();
    case nlohmann::json::value_t::number_float: return "float " + value.dump();
    case nlohmann::json::value_t::array: return "an array";
    case nlohmann::json::value_t::object: return "a table";
    default: return "null";
  }
}

}  // namespace

FieldReader::FieldReader(const RuleSource& source, JsonPointer object, LoadResult& result)
    : source_(source), object_(std::move(object)), fields_(&source.fields.at(object_)), result_(result) {}

JsonPointer FieldReader::pointer(std::string_view key) const { return object_ / std::string(key); }

std::string FieldReader::display_name(std::string_view key) const {
  std::string name(key);
  // Walk up from the key: array indexes print as [i], table keys as prefixes.
  for (auto at = object_; !at.empty(); at.pop_back()) {
    const auto& token = at.back();
    const bool index = token.find_first_not_of("0123456789") == std::string::npos;
    const std::string separator = name.starts_with('[') ? "" : ".";
    name = (index ? '[' + token + ']' : token) + separator + name;
  }
  return name;
}

bool FieldReader::has(std::string_view key) const { return fields_->contains(key); }

const nlohmann::json* FieldReader::lookup(std::string_view key, Presence presence) {
  auto it = fields_->find(key);
  if (it != fields_->end()) return &*it;
  if (presence == Presence::kRequired) {
    result_.add_error(LoadCode::kMissingKey, source_.locate(object_),
                      "missing required key '" + display_name(key) + "'");
    failed_ = true;
  }
  return nullptr;
}

void FieldReader::wrong_type(std::string_view key, std::string_view expected, const nlohmann::json& found) {
  result_.add_error(LoadCode::kWrongType, source_.locate(pointer(key)),
                    "'" + display_name(key) + "' must be " + std::string(expected) + ", found " + describe(found));
  failed_ = true;
}

void FieldReader::invalid(std::string_view key, const std::string& why) {
  result_.add_error(LoadCode::kInvalidValue, source_.locate(pointer(key)), "'" + display_name(key) + "' " + why);
  failed_ = true;
}

std::optional<std::string> FieldReader::string(std::string_view key, Presence presence) {
  const auto* value = lookup(key, presence);
  if (value == nullptr) return std::nullopt;
  if (!value->is_string()) {
    wrong_type(key, "a string", *value);
    return std::nullopt;
  }
  return value->get<std::string>();
}

std::optional<std::int64_t> FieldReader::integer(std::string_view key, Presence presence) {
  const auto* value = lookup(key, presence);
  if (value == nullptr) return std::nullopt;
  if (!value->is_number_integer()) {
    wrong_type(key, "an integer", *value);
    return std::nullopt;
  }
  return value->get<std::int64_t>();
}

std::optional<bool> FieldReader::boolean(std::string_view key) {
  const auto* value = lookup(key, Presence::kOptional);
  if (value == nullptr) return std::nullopt;
  if (!value->is_boolean()) {
    wrong_type(key, "a boolean", *value);
    return std::nullopt;
  }
  return value->get<bool>();
}

std::optional<std::vector<std::string>> FieldReader::strings(std::string_view key, Presence presence,
                                                             bool allow_single) {
  const auto* value = lookup(key, presence);
  if (value == nullptr) return std::nullopt;
  if (allow_single && value->is_string()) return std::vector<std::string>{value->get<std::string>()};
  const auto expected = allow_single ? "a string or an array of strings" : "an array of strings";
  if (!value->is_array()) {
    wrong_type(key, expected, *value);
    return std::nullopt;
  }
  std::vector<std::string> items;
  for (std::size_t i = 0; i < value->size(); ++i) {
    const auto& item = (*value)[i];
    if (!item.is_string()) {
      const auto at = pointer(key) / i;
      result_.add_error(LoadCode::kWrongType, source_.locate(at),
                        "'" + display_name(key) + "' must be " + expected + ", element " + std::to_string(i) +
                            " is " + describe(item));
      failed_ = true;
      return std::nullopt;
    }
    items.push_back(item.get<std::string>());
  }
  return items;
}

const nlohmann::json* FieldReader::array(std::string_view key, Presence presence) {
  const auto* value = lookup(key, presence);
  if (value == nullptr) return nullptr;
  if (!value->is_array()) {
    wrong_type(key, "an array of tables", *value);
    return nullptr;
  }
  for (const auto& item : *value) {
    if (!item.is_object()) {
      wrong_type(key, "an array of tables", *value);
      return nullptr;
    }
  }
  return value;
}

}  // namespace vigil::engine
