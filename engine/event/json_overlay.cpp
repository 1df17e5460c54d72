#include "engine/event/json_overlay.hpp"

#include <simdjson.h>

#include <algorithm>

#include <nlohmann/json.hpp>

namespace vigil::engine {
namespace {

void append_key(std::string& out, std::string_view key) {
  // Keys as vigild writes them need no escape; nlohmann spells any other.
  const bool plain = std::none_of(key.begin(), key.end(), [](char c) {
    return static_cast<unsigned char>(c) < 0x20 || c == '"' || c == '\\';
  });
  if (plain)
    out.append(1, '"').append(key).append(1, '"');
  else
    out.append(nlohmann::json(std::string(key)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  out.push_back(':');
}

// The text of a value, which ondemand gives for containers whole and for
// scalars as a token that may run on into the whitespace after it.
simdjson::error_code raw_text(simdjson::ondemand::value& value, std::string_view& text) {
  simdjson::ondemand::json_type type;
  if (const auto error = value.type().get(type)) return error;
  if (type == simdjson::ondemand::json_type::object) {
    simdjson::ondemand::object object;
    if (const auto error = value.get_object().get(object)) return error;
    return object.raw_json().get(text);
  }
  if (type == simdjson::ondemand::json_type::array) {
    simdjson::ondemand::array array;
    if (const auto error = value.get_array().get(array)) return error;
    return array.raw_json().get(text);
  }
  text = value.raw_json_token();
  while (!text.empty() && std::string_view(" \t\r\n").find(text.back()) != std::string_view::npos)
    text.remove_suffix(1);
  return simdjson::SUCCESS;
}

}  // namespace

std::optional<std::string> overlay_members(std::string_view object, std::span<const OverlayMember> members) {
  // A parser per call: its buffers grow with the document, and a thread
  // keeping them would hold a rare large alert's worth for good.
  simdjson::ondemand::parser parser;
  const simdjson::padded_string padded(object);
  simdjson::ondemand::document document;
  simdjson::ondemand::object fields;
  if (parser.iterate(padded).get(document) || document.get_object().get(fields)) return std::nullopt;

  std::string out;
  out.reserve(object.size() + 32 * members.size());
  out.push_back('{');
  auto next = members.begin();
  const auto add = [&](std::string_view key, std::string_view value) {
    if (out.size() > 1) out.push_back(',');
    append_key(out, key);
    out.append(value);
  };
  for (auto field : fields) {
    std::string_view key, value;
    if (field.unescaped_key().get(key)) return std::nullopt;
    // The key's view lives in the parser's string buffer, which the value's
    // text does not touch; the members before it in byte order go first.
    for (; next != members.end() && next->key < key; ++next) add(next->key, next->value);
    const bool replaced = next != members.end() && next->key == key;
    simdjson::ondemand::value field_value;
    if (field.value().get(field_value)) return std::nullopt;
    if (replaced) {
      add(next->key, next->value);
      ++next;
      continue;
    }
    if (raw_text(field_value, value)) return std::nullopt;
    add(key, value);
  }
  for (; next != members.end(); ++next) add(next->key, next->value);
  out.push_back('}');
  return out;
}

}  // namespace vigil::engine
