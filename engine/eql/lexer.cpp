#include "engine/eql/lexer.hpp"

#include <array>
#include <utility>

#include "engine/eql/syntax_error.hpp"
#include "engine/text/utf8.hpp"

namespace vigil::engine::eql {
namespace {

bool is_word_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '@'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_word_char(char c) { return is_word_start(c) || is_digit(c); }
bool is_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

constexpr std::array<std::pair<std::string_view, TokenKind>, 14> kKeywords{{
    {"and", TokenKind::kAnd},
    {"or", TokenKind::kOr},
    {"not", TokenKind::kNot},
    {"where", TokenKind::kWhere},
    {"any", TokenKind::kAny},
    {"true", TokenKind::kTrue},
    {"false", TokenKind::kFalse},
    {"null", TokenKind::kNull},
    {"in", TokenKind::kIn},
    {"in~", TokenKind::kInInsensitive},
    {"like", TokenKind::kLike},
    {"like~", TokenKind::kLikeInsensitive},
    {"regex", TokenKind::kRegex},
    {"regex~", TokenKind::kRegexInsensitive},
}};

class Lexer {
 public:
  explicit Lexer(std::string_view text) : text_(text) {}

  std::vector<Token> run() {
    std::vector<Token> tokens;
    while (true) {
      skip_space_and_comments();
      Token token;
      token.line = line_;
      token.column = column_;
      if (at_end()) {
        tokens.push_back(std::move(token));
        return tokens;
      }
      lex_token(token);
      tokens.push_back(std::move(token));
    }
  }

 private:
  bool at_end() const { return pos_ >= text_.size(); }
  char peek(std::size_t ahead = 0) const { return pos_ + ahead < text_.size() ? text_[pos_ + ahead] : '\0'; }

  // Columns count code points, not bytes, so they match what an editor shows.
  void advance() {
    const char c = text_[pos_++];
    if (c == '\n') {
      ++line_;
      column_ = 1;
    } else if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) {
      ++column_;
    }
  }

  [[noreturn]] void fail_here(std::string message) const { throw SyntaxError(line_, column_, std::move(message)); }

  void skip_space_and_comments() {
    while (!at_end()) {
      const char c = peek();
      if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
        advance();
      } else if (c == '/' && peek(1) == '/') {
        while (!at_end() && peek() != '\n') advance();
      } else if (c == '/' && peek(1) == '*') {
        const int line = line_, column = column_;
        advance();
        advance();
        while (!at_end() && !(peek() == '*' && peek(1) == '/')) advance();
        if (at_end()) throw SyntaxError(line, column, "unterminated comment: expected '*/' before end of query");
        advance();
        advance();
      } else {
        return;
      }
    }
  }

  void lex_token(Token& token) {
    const char c = peek();
    if (is_word_start(c) || c == '`') return lex_identifier(token);
    if (is_digit(c) || (c == '.' && is_digit(peek(1)))) return lex_number(token);
    if (c == '"') return peek(1) == '"' && peek(2) == '"' ? lex_raw_string(token) : lex_string(token);
    if (c == '\'') fail_here("single-quoted strings are not supported: use double quotes (\")");
    lex_operator(token);
  }

  // A field path: segments (plain or `quoted`) joined by dots with no space between.
  void lex_identifier(Token& token) {
    token.kind = TokenKind::kIdentifier;
    bool plain_single_segment = true;
    while (true) {
      if (peek() == '`') {
        plain_single_segment = false;
        lex_quoted_segment(token.text);
      } else {
        while (!at_end() && is_word_char(peek())) {
          token.text += peek();
          advance();
        }
      }
      if (peek() == '.' && (is_word_char(peek(1)) || peek(1) == '`')) {
        plain_single_segment = false;
        token.text += '.';
        advance();
        continue;
      }
      break;
    }
    if (peek() == '~') {
      token.tilde = true;
      advance();
    }
    if (!plain_single_segment) return;
    const std::string word = token.tilde ? token.text + "~" : token.text;
    for (const auto& [keyword, kind] : kKeywords) {
      if (word == keyword) {
        token.kind = kind;
        token.text = word;
        token.tilde = false;
        return;
      }
    }
  }

  void lex_quoted_segment(std::string& out) {
    const int line = line_, column = column_;
    advance();
    while (true) {
      if (at_end()) throw SyntaxError(line, column, "unterminated quoted field name: expected '`' before end of query");
      if (peek() == '`') {
        if (peek(1) != '`') break;
        advance();  // `` is an escaped backquote
      }
      out += peek();
      advance();
    }
    advance();
  }

  void lex_number(Token& token) {
    token.kind = TokenKind::kInteger;
    auto take_digits = [&] {
      while (is_digit(peek())) {
        token.text += peek();
        advance();
      }
    };
    take_digits();
    if (peek() == '.' && !is_word_start(peek(1))) {
      token.kind = TokenKind::kDecimal;
      token.text += '.';
      advance();
      take_digits();
    }
    if ((peek() == 'e' || peek() == 'E') &&
        (is_digit(peek(1)) || ((peek(1) == '+' || peek(1) == '-') && is_digit(peek(2))))) {
      token.kind = TokenKind::kDecimal;
      token.text += peek();
      advance();
      token.text += peek();
      advance();
      take_digits();
    }
  }

  void lex_raw_string(Token& token) {
    token.kind = TokenKind::kString;
    const int line = line_, column = column_;
    for (int i = 0; i < 3; ++i) advance();
    while (!(peek() == '"' && peek(1) == '"' && peek(2) == '"')) {
      if (at_end()) throw SyntaxError(line, column, "unterminated string: expected '\"\"\"' before end of query");
      token.text += peek();
      advance();
    }
    for (int i = 0; i < 3; ++i) advance();
  }

  void lex_string(Token& token) {
    token.kind = TokenKind::kString;
    const int line = line_, column = column_;
    advance();
    while (peek() != '"') {
      if (at_end() || peek() == '\n' || peek() == '\r') {
        throw SyntaxError(line, column, "unterminated string: expected '\"' before end of line");
      }
      if (peek() == '\\') {
        lex_escape(token);
      } else {
        token.text += peek();
        advance();
      }
    }
    advance();
  }

  void lex_escape(Token& token) {
    const int line = line_, column = column_;
    advance();
    const char c = peek();
    switch (c) {
      case 't':
        token.text += '\t';
        break;
      case 'b':
        token.text += '\b';
        break;
      case 'n':
        token.text += '\n';
        break;
      case 'f':
        token.text += '\f';
        break;
      case 'r':
        token.text += '\r';
        break;
      case '"':
        token.text += '"';
        break;
      case '\'':
        token.text += '\'';
        break;
      case '\\':
        token.text += '\\';
        break;
      case '*':
      case '?':
        token.literal_wildcards.push_back(token.text.size());
        token.text += c;
        break;
      case 'u':
        return lex_unicode_escape(token, line, column);
      default:
        throw SyntaxError(line, column,
                          std::string("invalid escape sequence '\\") + (at_end() ? std::string() : std::string(1, c)) +
                              "': expected one of \\t \\b \\n \\f \\r \\\" \\' \\\\ \\u{hex} \\* \\?");
    }
    advance();
  }

  void lex_unicode_escape(Token& token, int line, int column) {
    advance();  // u
    if (peek() != '{') throw SyntaxError(line, column, "invalid unicode escape: expected '\\u{hex}'");
    advance();
    std::string hex;
    while (is_hex(peek()) && hex.size() < 8) {
      hex += peek();
      advance();
    }
    if (hex.empty() || peek() != '}') throw SyntaxError(line, column, "invalid unicode escape: expected '\\u{hex}'");
    advance();
    const unsigned long cp = std::stoul(hex, nullptr, 16);
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      throw SyntaxError(line, column, "invalid unicode escape: \\u{" + hex + "} is not a code point");
    }
    text::append_utf8(token.text, static_cast<char32_t>(cp));
  }

  void lex_operator(Token& token) {
    struct Op {
      std::string_view text;
      TokenKind kind;
    };
    // Two-character operators first so "<=" is not read as "<".
    static constexpr std::array<Op, 19> kOperators{{
        {"==", TokenKind::kEqual},        {"!=", TokenKind::kNotEqual},  {"<=", TokenKind::kLessEqual},
        {">=", TokenKind::kGreaterEqual}, {"<", TokenKind::kLess},       {">", TokenKind::kGreater},
        {"(", TokenKind::kLeftParen},     {")", TokenKind::kRightParen}, {"[", TokenKind::kLeftBracket},
        {"]", TokenKind::kRightBracket},  {",", TokenKind::kComma},      {"?", TokenKind::kQuestion},
        {"|", TokenKind::kPipe},          {":", TokenKind::kColon},      {"+", TokenKind::kPlus},
        {"-", TokenKind::kMinus},         {"*", TokenKind::kStar},       {"/", TokenKind::kSlash},
        {"%", TokenKind::kPercent},
    }};
    const std::string_view rest = text_.substr(pos_);
    for (const auto& op : kOperators) {
      if (rest.starts_with(op.text)) {
        token.kind = op.kind;
        token.text = op.text;
        for (std::size_t i = 0; i < op.text.size(); ++i) advance();
        return;
      }
    }
    if (rest.starts_with("=")) fail_here("'=' is not an operator: use '==' (case-sensitive) or ':' (case-insensitive)");
    if (rest.starts_with("!")) fail_here("expected '!=' but found '!'");
    fail_here("unexpected character '" + std::string(rest.substr(0, utf8_length(rest))) + "'");
  }

  static std::size_t utf8_length(std::string_view s) {
    std::size_t n = 1;
    while (n < s.size() && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) ++n;
    return n;
  }

  std::string_view text_;
  std::size_t pos_ = 0;
  int line_ = 1;
  int column_ = 1;
};

}  // namespace

std::vector<Token> tokenize(std::string_view text) { return Lexer(text).run(); }

std::string describe(const Token& token) {
  switch (token.kind) {
    case TokenKind::kEnd:
      return "end of query";
    case TokenKind::kString:
      return "string \"" + token.text + "\"";
    case TokenKind::kInteger:
    case TokenKind::kDecimal:
      return "number " + token.text;
    case TokenKind::kIdentifier:
      return "'" + token.text + (token.tilde ? "~'" : "'");
    default:
      return "'" + token.text + "'";
  }
}

}  // namespace vigil::engine::eql
