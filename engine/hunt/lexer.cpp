#include "engine/hunt/lexer.hpp"

#include <array>
#include <cctype>

#include "engine/hunt/hunt_error.hpp"

namespace vigil::engine::hunt {
namespace {

bool name_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_' || c == '$'; }
bool name_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }
bool digit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }

// Timespan units Kusto accepts after a number.
constexpr std::array<std::string_view, 26> kTimespanUnits = {
    "d",      "day",     "days",         "h",           "hr",          "hrs",          "hour",
    "hours",  "m",       "min",          "minute",      "minutes",     "s",            "sec",
    "second", "seconds", "ms",           "milli",       "millis",      "millisecond",  "milliseconds",
    "tick",   "ticks",   "microsecond",  "microseconds", "microsec"};

// Operator words whose name continues after a '-' ("project-away").
constexpr std::array<std::string_view, 3> kDashedPrefixes = {"project", "mv", "parse"};

class Lexer {
 public:
  explicit Lexer(std::string_view text) : text_(text) {}

  std::vector<Token> run() {
    std::vector<Token> tokens;
    while (true) {
      skip_space();
      Token t;
      t.line = line_;
      t.column = column_;
      if (pos_ >= text_.size()) {
        tokens.push_back(t);
        return tokens;
      }
      lex_one(t, tokens);
      tokens.push_back(std::move(t));
    }
  }

 private:
  [[noreturn]] void fail(int line, int column, const std::string& what) const {
    throw HuntError(HuntErrorCode::kSyntax,
                    "Query could not be parsed at '" + what + "' on line [" + std::to_string(line) + "," +
                        std::to_string(column) + "]",
                    line, column);
  }

  char peek(std::size_t ahead = 0) const { return pos_ + ahead < text_.size() ? text_[pos_ + ahead] : '\0'; }

  void advance(std::size_t n = 1) {
    for (std::size_t i = 0; i < n && pos_ < text_.size(); ++i) {
      if (text_[pos_] == '\n') {
        ++line_;
        column_ = 1;
      } else {
        ++column_;
      }
      ++pos_;
    }
  }

  void skip_space() {
    while (pos_ < text_.size()) {
      const char c = text_[pos_];
      if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
        advance();
      } else if (c == '/' && peek(1) == '/') {
        while (pos_ < text_.size() && text_[pos_] != '\n') advance();
      } else {
        return;
      }
    }
  }

  void lex_one(Token& t, const std::vector<Token>& before) {
    const char c = peek();
    if ((c == '@' || c == 'h' || c == 'H') && (peek(1) == '"' || peek(1) == '\'')) {
      // @"..." is verbatim; h"..." is an obfuscated string literal, kept as is.
      const bool verbatim = c == '@';
      advance();
      return lex_string(t, verbatim);
    }
    if (c == '"' || c == '\'') return lex_string(t, false);
    if (digit(c) || (c == '.' && digit(peek(1)))) return lex_number(t);
    if (c == '!' && name_start(peek(1))) {
      advance();
      lex_name(t);
      t.text.insert(0, "!");
      return;
    }
    if (name_start(c)) {
      lex_name(t);
      if ((t.text == "datetime" || t.text == "dynamic") && next_is_open_paren() &&
          !(before.size() > 0 && before.back().is_symbol("."))) {
        lex_raw_argument(t);
      }
      return;
    }
    if (c == '[' && peek(1) == '\'') {
      // ['name with spaces']: a quoted name.
      advance();
      lex_string(t, false);
      if (peek() != ']') fail(line_, column_, std::string(1, peek()));
      advance();
      t.kind = TokenKind::kName;
      return;
    }
    lex_symbol(t);
  }

  void lex_string(Token& t, bool verbatim) {
    const char quote = peek();
    advance();
    t.kind = TokenKind::kString;
    while (true) {
      if (pos_ >= text_.size() || peek() == '\n') fail(t.line, t.column, "unterminated string");
      const char c = peek();
      if (c == quote) {
        if (verbatim && peek(1) == quote) {
          t.text += quote;
          advance(2);
          continue;
        }
        advance();
        return;
      }
      if (c == '\\' && !verbatim) {
        const char e = peek(1);
        switch (e) {
          case 'n': t.text += '\n'; break;
          case 't': t.text += '\t'; break;
          case 'r': t.text += '\r'; break;
          case '\\': t.text += '\\'; break;
          case '"': t.text += '"'; break;
          case '\'': t.text += '\''; break;
          default: fail(line_, column_, std::string("\\") + e);
        }
        advance(2);
        continue;
      }
      t.text += c;
      advance();
    }
  }

  void lex_number(Token& t) {
    const std::size_t start = pos_;
    bool real = false;
    while (digit(peek())) advance();
    if (peek() == '.' && digit(peek(1))) {
      real = true;
      advance();
      while (digit(peek())) advance();
    }
    if ((peek() == 'e' || peek() == 'E') && (digit(peek(1)) || ((peek(1) == '-' || peek(1) == '+') && digit(peek(2))))) {
      real = true;
      advance(2);
      while (digit(peek())) advance();
    }
    t.text = std::string(text_.substr(start, pos_ - start));
    t.kind = real ? TokenKind::kReal : TokenKind::kLong;
    if (name_start(peek())) {
      std::size_t end = pos_;
      while (end < text_.size() && name_char(text_[end])) ++end;
      const auto unit = text_.substr(pos_, end - pos_);
      for (const auto u : kTimespanUnits) {
        if (u == unit) {
          t.text += std::string(unit);
          t.kind = TokenKind::kTimespan;
          advance(end - pos_);
          return;
        }
      }
      fail(t.line, t.column, std::string(text_.substr(start, end - start)));
    }
  }

  void lex_name(Token& t) {
    t.kind = TokenKind::kName;
    while (name_char(peek()) || (peek() == '$' && t.text.empty())) {
      t.text += peek();
      advance();
    }
    for (const auto prefix : kDashedPrefixes) {
      if (t.text == prefix && peek() == '-' && name_start(peek(1))) {
        t.text += '-';
        advance();
        while (name_char(peek())) {
          t.text += peek();
          advance();
        }
      }
    }
    if ((t.text == "in" || t.text == "!in") && peek() == '~') {
      t.text += '~';
      advance();
    }
  }

  bool next_is_open_paren() const {
    std::size_t p = pos_;
    while (p < text_.size() && (text_[p] == ' ' || text_[p] == '\t' || text_[p] == '\r' || text_[p] == '\n')) ++p;
    return p < text_.size() && text_[p] == '(';
  }

  // datetime(2024-03-11 10:00) and dynamic([...]) hold text that is not
  // KQL tokens; it is kept whole, up to the matching parenthesis.
  void lex_raw_argument(Token& t) {
    t.kind = t.text == "datetime" ? TokenKind::kDateTime : TokenKind::kDynamic;
    while (peek() != '(') advance();
    advance();
    std::string raw;
    int depth = 1;
    char quote = 0;
    while (true) {
      if (pos_ >= text_.size()) fail(t.line, t.column, t.text + "(");
      const char c = peek();
      if (quote != 0) {
        if (c == '\\') {
          raw += c;
          advance();
        } else if (c == quote) {
          quote = 0;
        }
      } else if (c == '"' || c == '\'') {
        quote = c;
      } else if (c == '(' || c == '[' || c == '{') {
        ++depth;
      } else if (c == ')' || c == ']' || c == '}') {
        if (--depth == 0) break;
      }
      raw += peek();
      advance();
    }
    advance();
    const auto first = raw.find_first_not_of(" \t\r\n");
    const auto last = raw.find_last_not_of(" \t\r\n");
    t.text = first == std::string::npos ? "" : raw.substr(first, last - first + 1);
  }

  void lex_symbol(Token& t) {
    static constexpr std::array<std::string_view, 12> kTwo = {"==", "!=", "<=", ">=", "=~", "!~", "..", "<>",
                                                              "=>", "&&", "||", "->"};
    t.kind = TokenKind::kSymbol;
    const auto two = text_.substr(pos_, 2);
    for (const auto s : kTwo) {
      if (two == s) {
        t.text = std::string(s);
        advance(2);
        return;
      }
    }
    const char c = peek();
    if (std::string_view("|()[]{},;=<>+-*/%.:~").find(c) == std::string_view::npos)
      fail(t.line, t.column, std::string(1, c));
    t.text = std::string(1, c);
    advance();
  }

  std::string_view text_;
  std::size_t pos_ = 0;
  int line_ = 1;
  int column_ = 1;
};

}  // namespace

std::vector<Token> tokenize(std::string_view text) { return Lexer(text).run(); }

}  // namespace vigil::engine::hunt
