#include "engine/event/json_string_cut.hpp"

#include <algorithm>

namespace vigil::engine {
namespace {

struct Frame {
  bool object = false;
  bool expect_key = false;
  std::string_view key;  // the member being read, in an object
};

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

bool is_high_surrogate(std::string_view hex) {
  return hex.size() == 4 && (hex[0] == 'd' || hex[0] == 'D') && std::string_view("89abAB").find(hex[1]) != std::string_view::npos;
}

// The bytes of the character at text[i] of a string's JSON text: an escape
// (a surrogate pair's two as one), or a UTF-8 sequence.
std::size_t char_length(std::string_view text, std::size_t i) {
  if (text[i] == '\\') {
    if (i + 1 >= text.size() || text[i + 1] != 'u') return 2;
    if (i + 12 <= text.size() && is_high_surrogate(text.substr(i + 2, 4)) && text[i + 6] == '\\' && text[i + 7] == 'u')
      return 12;
    return 6;
  }
  std::size_t n = 1;
  while (i + n < text.size() && (static_cast<unsigned char>(text[i + n]) & 0xC0) == 0x80) ++n;
  return n;
}

// The longest prefix of a string's JSON text within `limit` bytes that ends
// at a character boundary.
std::string_view prefix_within(std::string_view text, std::size_t limit) {
  std::size_t end = 0;
  while (end < text.size()) {
    const auto next = end + char_length(text, end);
    if (next > limit) break;
    end = next;
  }
  return text.substr(0, end);
}

// Where the string whose text starts at `begin` (after its opening quote)
// ends: the index of its closing quote, or npos.
std::size_t string_end(std::string_view text, std::size_t begin) {
  for (auto i = begin; i < text.size(); ++i) {
    if (text[i] == '\\')
      ++i;
    else if (text[i] == '"')
      return i;
  }
  return std::string_view::npos;
}

void note_field(std::vector<std::string>& names, const std::vector<Frame>& stack) {
  if (names.size() == kMaxCutFieldNames) return;
  std::string name;
  for (const auto& frame : stack)
    if (frame.object) name.append(name.empty() ? "" : ".").append(frame.key);
  if (name.size() > kMaxCutFieldNameBytes)
    name = std::string(prefix_within(name, kMaxCutFieldNameBytes - 3)) + "\xe2\x80\xa6";
  if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(std::move(name));
}

}  // namespace

std::optional<JsonStringCut> cut_long_strings(std::string_view object, std::size_t max_string_bytes) {
  JsonStringCut out;
  std::vector<Frame> stack;
  std::size_t i = 0;
  while (i < object.size() && is_space(object[i])) ++i;
  if (i == object.size() || object[i] != '{') return std::nullopt;
  const auto end_member = [&] {
    if (!out.members.empty() && out.members.back().end == 0) out.members.back().end = out.text.size();
  };
  while (i < object.size()) {
    const char c = object[i];
    if (is_space(c)) {
      ++i;
      continue;
    }
    if (c != '{' && c != '[' && stack.empty()) return std::nullopt;
    switch (c) {
      case '{':
      case '[':
        stack.push_back({c == '{', c == '{', {}});
        out.text.push_back(c);
        ++i;
        break;
      case '}':
      case ']':
        if (stack.back().object != (c == '}')) return std::nullopt;
        if (stack.size() == 1) end_member();
        stack.pop_back();
        out.text.push_back(c);
        ++i;
        if (stack.empty()) {
          while (i < object.size() && is_space(object[i])) ++i;
          if (i != object.size()) return std::nullopt;
          return out;
        }
        break;
      case ':':
        stack.back().expect_key = false;
        out.text.push_back(c);
        ++i;
        if (stack.size() == 1 && !out.members.empty()) out.members.back().begin = out.text.size();
        break;
      case ',':
        if (stack.size() == 1) end_member();
        stack.back().expect_key = stack.back().object;
        out.text.push_back(c);
        ++i;
        break;
      case '"': {
        const auto end = string_end(object, i + 1);
        if (end == std::string_view::npos) return std::nullopt;
        const auto text = object.substr(i + 1, end - i - 1);
        auto& frame = stack.back();
        if (frame.expect_key) {
          frame.key = text;
          if (stack.size() == 1) out.members.push_back({std::string(text), 0, 0});
        }
        if (frame.expect_key || text.size() <= max_string_bytes) {
          out.text.append(object.substr(i, end + 1 - i));
        } else {
          const auto kept = prefix_within(text, max_string_bytes);
          out.text.append(1, '"').append(kept).append("\xe2\x80\xa6[truncated ");
          out.text.append(std::to_string(text.size() - kept.size())).append(" bytes]\"");
          note_field(out.cut_fields, stack);
        }
        i = end + 1;
        break;
      }
      default: {
        // A number, true, false or null: copied up to the next delimiter.
        const auto end = object.find_first_of(",:]} \t\r\n\"{[", i);
        if (end == std::string_view::npos) return std::nullopt;
        out.text.append(object.substr(i, end - i));
        i = end;
      }
    }
  }
  return std::nullopt;
}

}  // namespace vigil::engine
