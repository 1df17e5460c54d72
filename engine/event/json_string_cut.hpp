#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vigil::engine {

// Fields named in JsonStringCut::cut_fields: at most this many, each name at
// most this many bytes of its text. A document of a hundred thousand long
// strings under long keys must not make the list the next thing to bound.
inline constexpr std::size_t kMaxCutFieldNames = 100;
inline constexpr std::size_t kMaxCutFieldNameBytes = 256;

struct JsonStringCut {
  // The object with every string value whose JSON text (between its quotes,
  // escapes counted as written) exceeds the limit cut to at most the limit,
  // at a character boundary (never inside a UTF-8 sequence, an escape or a
  // surrogate pair), and ended with "…[truncated N bytes]", N being the
  // bytes of its text left out. Everything else is copied as it is.
  std::string text;
  // The dotted names (as escaped in the text, "event.message") of the
  // fields whose strings were cut, each once, in document order. An array's
  // elements count as its field. See kMaxCutFieldNames.
  std::vector<std::string> cut_fields;
  // Where each top-level member's value lies in `text`, in document order:
  // what a caller bounding the whole object drops first.
  struct Member {
    std::string key;  // as escaped in the text
    std::size_t begin = 0;
    std::size_t end = 0;
  };
  std::vector<Member> members;
};

// Cuts long strings out of a JSON object's text without parsing it into a
// document: a 5 MB string costs one pass over its bytes and no copy of
// them. Keys are never cut. nullopt for text that is no JSON object; the
// text is otherwise trusted to be valid JSON (vigild wrote it).
std::optional<JsonStringCut> cut_long_strings(std::string_view object, std::size_t max_string_bytes);

}  // namespace vigil::engine
