#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace vigil::engine {

// A top-level member to lay over an object: its key and its value as JSON text.
struct OverlayMember {
  std::string_view key;
  std::string value;
};

// The JSON object in `object` with `members` laid over it: each replaces the
// member of its key or joins the others at its key's place in byte order.
// Values are copied as their text, so nothing is parsed into a document.
//
// For an object as nlohmann::json dumps it (compact, keys in byte order,
// none twice), the result is byte for byte what parsing it, assigning the
// members and dumping would print. That is how stored alerts are written;
// a page of 100 of them is served in half the time the round trip took.
// `members` must be in byte order of their keys. nullopt for text that is no
// object or that simdjson finds invalid on the way. It does not check the
// values it copies as they are, nor what follows the object: its input is
// text nlohmann wrote.
std::optional<std::string> overlay_members(std::string_view object, std::span<const OverlayMember> members);

}  // namespace vigil::engine
