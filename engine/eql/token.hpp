#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace vigil::engine::eql {

enum class TokenKind {
  kIdentifier,  // a field or function name; dotted segments joined, backquotes removed
  kString,
  kInteger,
  kDecimal,
  // keywords (lowercase only, as Elasticsearch EQL)
  kAnd,
  kOr,
  kNot,
  kWhere,
  kAny,
  kTrue,
  kFalse,
  kNull,
  kIn,
  kInInsensitive,  // in~
  kLike,
  kLikeInsensitive,  // like~
  kRegex,
  kRegexInsensitive,  // regex~
  // punctuation and operators
  kLeftParen,
  kRightParen,
  kLeftBracket,
  kRightBracket,
  kComma,
  kQuestion,  // ?field: optional field marker
  kPipe,
  kColon,
  kEqual,     // ==
  kNotEqual,  // !=
  kLess,
  kLessEqual,
  kGreater,
  kGreaterEqual,
  kPlus,
  kMinus,
  kStar,
  kSlash,
  kPercent,
  kEnd,
};

// One lexed token. Plain value type.
struct Token {
  TokenKind kind = TokenKind::kEnd;
  std::string text;  // identifier path, unescaped string value, number text, or the operator as written
  int line = 1;      // 1-based position of the first character in the query text
  int column = 1;
  // Identifiers only: written as name~ (case-insensitive function variant).
  bool tilde = false;
  // Strings only: byte offsets in `text` of '*' and '?' that were escaped (\* \?) in the query and
  // therefore match themselves in wildcard patterns.
  std::vector<std::size_t> literal_wildcards;
};

// How a token is named in error messages: 'where', 'process.name', string "abc", end of query.
std::string describe(const Token& token);

}  // namespace vigil::engine::eql
