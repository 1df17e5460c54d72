#pragma once

#include <nlohmann/json.hpp>
#include <string_view>

namespace vigil::engine {

// Finds an ECS field by its dotted name in a JSON document.
//
// Documents reach Vigil in both shapes Elasticsearch accepts: nested objects
// ({"process":{"name":"x"}}) and flat dotted keys ({"process.name":"x"}), or
// a mix of the two. The lookup tries the longest dotted key first at each
// level, so both shapes resolve to the same value.
//
// Returns nullptr when the field is absent. A JSON null is returned as a
// pointer to the null value: callers decide whether null counts as missing.
const nlohmann::json* find_field(const nlohmann::json& doc, std::string_view path);

// The field at a dotted name, nested: created as null where absent, with the
// objects on its way (anything on the way that is no object becomes one).
// The reference stays valid while other fields are set: objects are maps.
nlohmann::json& field_at(nlohmann::json& doc, std::string_view path);

// Sets a field by dotted name, creating nested objects as needed.
void set_field(nlohmann::json& doc, std::string_view path, nlohmann::json value);

}  // namespace vigil::engine
