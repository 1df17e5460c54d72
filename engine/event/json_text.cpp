#include "engine/event/json_text.hpp"

#include <charconv>
#include <cstdint>
#include <cstring>

namespace vigil::engine {
namespace {

constexpr auto kReplace = nlohmann::json::error_handler_t::replace;

// Whether any of the 8 bytes of `word` needs more than a copy: a control
// byte, '"', '\\' or a byte from 0x80 on (the classic SWAR tests: a byte
// less than n sets its high bit in (x - n) & ~x; an equal byte is a zero
// byte of x ^ c).
constexpr bool needs_attention(std::uint64_t word) {
  constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
  constexpr std::uint64_t kHigh = 0x8080808080808080ULL;
  const auto zero_byte = [](std::uint64_t x) { return (x - kOnes) & ~x & kHigh; };
  const std::uint64_t control = (word - kOnes * 0x20) & ~word & kHigh;
  return ((word & kHigh) | control | zero_byte(word ^ (kOnes * '"')) | zero_byte(word ^ (kOnes * '\\'))) != 0;
}

// nlohmann's escapes for the bytes below 0x80; bytes from 0x80 on are UTF-8
// to validate, left to nlohmann (false, with `out` as it was). Strings are
// most of a stored document, so runs of plain bytes are found eight at a time.
bool append_ascii_string(std::string& out, std::string_view text) {
  const auto start_size = out.size();
  out.push_back('"');
  const char* const data = text.data();
  const std::size_t size = text.size();
  std::size_t run = 0;  // start of the bytes not yet copied
  std::size_t i = 0;
  while (i < size) {
    if (i + 8 <= size) {
      std::uint64_t word;
      std::memcpy(&word, data + i, 8);
      if (!needs_attention(word)) {
        i += 8;
        continue;
      }
    }
    const auto c = static_cast<unsigned char>(data[i]);
    if (c >= 0x80) {
      out.resize(start_size);
      return false;
    }
    if (c >= 0x20 && c != '"' && c != '\\') {
      ++i;
      continue;
    }
    out.append(data + run, i - run);
    run = ++i;
    // One escape a line reads as the table it is.
    // clang-format off
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
    // clang-format on
  }
  out.append(data + run, size - run);
  out.push_back('"');
  return true;
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
        append_json_string(out, key);
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
      append_json_string(out, value.get_ref<const std::string&>());
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

void append_json_string(std::string& out, std::string_view text) {
  if (!append_ascii_string(out, text)) out += nlohmann::json(std::string(text)).dump(-1, ' ', false, kReplace);
}

std::string json_text(const nlohmann::json& value) {
  std::string out;
  out.reserve(1024);
  append_json_text(out, value);
  return out;
}

}  // namespace vigil::engine
