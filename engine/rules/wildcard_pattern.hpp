#pragma once

#include <string_view>
#include <vector>

namespace vigil::engine {

// A case-sensitive wildcard pattern as Kibana exceptions and index patterns
// write them: `*` matches any run of characters, `?` exactly one character
// (one UTF-8 code point), and `\` makes the next character literal.
// Compiled once; immutable and thread-safe.
class WildcardPattern {
 public:
  explicit WildcardPattern(std::string_view pattern);

  // True when the whole of `text` matches.
  bool matches(std::string_view text) const;

 private:
  enum class Kind : unsigned char { kLiteral, kAnyOne, kAnyRun };
  struct Token {
    Kind kind;
    char literal;
  };
  std::vector<Token> tokens_;
};

}  // namespace vigil::engine
