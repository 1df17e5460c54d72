#pragma once

#include <string>
#include <vector>

namespace vigil::engine::hunt {

enum class TokenKind {
  kName,      // identifiers and keywords alike ("where", "project-away", "in~", "!has", "$left")
  kString,    // text holds the unescaped value
  kLong,      // text holds the digits
  kReal,      // text holds the literal
  kTimespan,  // text holds the literal ("10s", "1.5h")
  kDateTime,  // datetime(...): text holds what is between the parentheses
  kDynamic,   // dynamic(...): text holds the JSON between the parentheses
  kSymbol,    // punctuation and operators: text holds it ("|", "==", "..", "=~", "!~")
  kEnd,
};

// A token and where it starts (1-based line and column, columns counted in bytes).
struct Token {
  TokenKind kind = TokenKind::kEnd;
  std::string text;
  int line = 1;
  int column = 1;

  bool is(TokenKind k, std::string_view t) const { return kind == k && text == t; }
  bool is_symbol(std::string_view t) const { return is(TokenKind::kSymbol, t); }
  bool is_name(std::string_view t) const { return is(TokenKind::kName, t); }
};

}  // namespace vigil::engine::hunt
