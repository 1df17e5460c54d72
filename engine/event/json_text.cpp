#include "engine/event/json_text.hpp"

#include <charconv>

namespace vigil::engine {
namespace {

constexpr auto kReplace = nlohmann::json::error_handler_t::replace;

// nlohmann's escapes for the bytes below 0x80; bytes from 0x80 on are UTF-8
// to validate, left to nlohmann.
bool append_ascii_string(std::string& out, const std::string& text) {
  for (const char c : text)
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  out.push_back('"');
  std::size_t run = 0;  // start of the bytes not yet copied
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(text, run, i - run);
    run = i + 1;
    switch (c) {
      case '"': out.append("\\\""); break;
      case '\\': out.append("\\\\"); break;
      case '\b': out.append("\\b"); break;
      case '\t': out.append("\\t"); break;
      case '\n': out.append("\\n"); break;
      case '\f': out.append("\\f"); break;
      case '\r': out.append("\\r"); break;
      default: {
        static constexpr char kHex[] = "0123456789abcdef";
        out.append("\\u00");
        out.push_back(kHex[c >> 4]);
        out.push_back(kHex[c & 15]);
      }
    }
  }
  out.append(text, run, std::string::npos);
  out.push_back('"');
  return true;
}

void append_string(std::string& out, const std::string& text) {
  if (!append_ascii_string(out, text)) out += nlohmann::json(text).dump(-1, ' ', false, kReplace);
}

template <class Integer>
void append_integer(std::string& out, Integer value) {
  char digits[24];
  const auto end = std::to_chars(digits, digits + sizeof digits, value).ptr;
  out.append(digits, end);
}

}  // namespace

void append_json_text(std::string& out, const nlohmann::json& value) {
  switch (value.type()) {
    case nlohmann::json::value_t::object: {
      out.push_back('{');
      bool first = true;
      for (const auto& [key, member] : value.get_ref<const nlohmann::json::object_t&>()) {
        if (!first) out.push_back(',');
        first = false;
        append_string(out, key);
        out.push_back(':');
        append_json_text(out, member);
      }
      out.push_back('}');
      return;
    }
    case nlohmann::json::value_t::array: {
      out.push_back('[');
      bool first = true;
      for (const auto& element : value) {
        if (!first) out.push_back(',');
        first = false;
        append_json_text(out, element);
      }
      out.push_back(']');
      return;
    }
    case nlohmann::json::value_t::string:
      append_string(out, value.get_ref<const std::string&>());
      return;
    case nlohmann::json::value_t::boolean:
      out.append(value.get<bool>() ? "true" : "false");
      return;
    case nlohmann::json::value_t::number_integer:
      append_integer(out, value.get<std::int64_t>());
      return;
    case nlohmann::json::value_t::number_unsigned:
      append_integer(out, value.get<std::uint64_t>());
      return;
    case nlohmann::json::value_t::null:
      out.append("null");
      return;
    case nlohmann::json::value_t::number_float:
    case nlohmann::json::value_t::binary:
    case nlohmann::json::value_t::discarded:
      break;
  }
  out += value.dump(-1, ' ', false, kReplace);
}

std::string json_text(const nlohmann::json& value) {
  std::string out;
  out.reserve(1024);
  append_json_text(out, value);
  return out;
}

}  // namespace vigil::engine
