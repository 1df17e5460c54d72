#include "engine/eql/lexer.hpp"

#include <gtest/gtest.h>

#include "engine/eql/syntax_error.hpp"

namespace vigil::engine::eql {
namespace {

std::vector<TokenKind> kinds(std::string_view text) {
  std::vector<TokenKind> out;
  for (const auto& token : tokenize(text)) out.push_back(token.kind);
  return out;
}

Token single(std::string_view text) {
  auto tokens = tokenize(text);
  EXPECT_EQ(tokens.size(), 2u) << text;
  return tokens.front();
}

ParseError lex_error(std::string_view text) {
  try {
    tokenize(text);
  } catch (const SyntaxError& error) {
    return error.error();
  }
  ADD_FAILURE() << "no error for: " << text;
  return {};
}

TEST(EqlLexer, KeywordsOperatorsAndPunctuation) {
  using K = TokenKind;
  EXPECT_EQ(
      kinds("process where a == 1 and b != 2 or not c < 3"),
      (std::vector<K>{K::kIdentifier, K::kWhere, K::kIdentifier, K::kEqual, K::kInteger, K::kAnd, K::kIdentifier,
                      K::kNotEqual, K::kInteger, K::kOr, K::kNot, K::kIdentifier, K::kLess, K::kInteger, K::kEnd}));
  EXPECT_EQ(kinds("<= >= > : ( ) , ? | [ ] + - * / %"),
            (std::vector<K>{K::kLessEqual, K::kGreaterEqual, K::kGreater, K::kColon, K::kLeftParen, K::kRightParen,
                            K::kComma, K::kQuestion, K::kPipe, K::kLeftBracket, K::kRightBracket, K::kPlus, K::kMinus,
                            K::kStar, K::kSlash, K::kPercent, K::kEnd}));
  EXPECT_EQ(kinds("in in~ like like~ regex regex~ any true false null"),
            (std::vector<K>{K::kIn, K::kInInsensitive, K::kLike, K::kLikeInsensitive, K::kRegex, K::kRegexInsensitive,
                            K::kAny, K::kTrue, K::kFalse, K::kNull, K::kEnd}));
}

TEST(EqlLexer, KeywordsAreLowercaseOnly) {
  const Token token = single("AND");
  EXPECT_EQ(token.kind, TokenKind::kIdentifier);
  EXPECT_EQ(token.text, "AND");
}

TEST(EqlLexer, DottedAndQuotedFieldNames) {
  EXPECT_EQ(single("process.parent.name").text, "process.parent.name");
  EXPECT_EQ(single("@timestamp").text, "@timestamp");
  EXPECT_EQ(single("winlog.event_data.Param1").text, "winlog.event_data.Param1");
  EXPECT_EQ(single("`my field`").text, "my field");
  EXPECT_EQ(single("a.`b c`.d").text, "a.b c.d");
  EXPECT_EQ(single("`back``quote`").text, "back`quote");
  // A dotted path is never a keyword.
  EXPECT_EQ(single("event.not").kind, TokenKind::kIdentifier);
}

TEST(EqlLexer, TildeMarksFunctionVariant) {
  const Token token = tokenize("startsWith~(x)").front();
  EXPECT_EQ(token.kind, TokenKind::kIdentifier);
  EXPECT_EQ(token.text, "startsWith");
  EXPECT_TRUE(token.tilde);
}

TEST(EqlLexer, Numbers) {
  EXPECT_EQ(single("42").kind, TokenKind::kInteger);
  EXPECT_EQ(single("4.5").kind, TokenKind::kDecimal);
  EXPECT_EQ(single(".5").kind, TokenKind::kDecimal);
  EXPECT_EQ(single("1e3").kind, TokenKind::kDecimal);
  EXPECT_EQ(single("1.5E-2").text, "1.5E-2");
}

TEST(EqlLexer, StringEscapes) {
  EXPECT_EQ(single(R"("a\"b")").text, "a\"b");
  EXPECT_EQ(single(R"("C:\\Windows\\*")").text, "C:\\Windows\\*");
  EXPECT_EQ(single(R"("\t\n\r\b\f\'")").text, "\t\n\r\b\f'");
  EXPECT_EQ(single(R"("\u{41}\u{20AC}")").text, "A\xE2\x82\xAC");
  EXPECT_TRUE(single(R"("C:\\Windows\\*")").literal_wildcards.empty());
}

TEST(EqlLexer, EscapedWildcardsAreRecorded) {
  const Token token = single(R"("a\*b\?c*")");
  EXPECT_EQ(token.text, "a*b?c*");
  EXPECT_EQ(token.literal_wildcards, (std::vector<std::size_t>{1, 3}));
}

TEST(EqlLexer, TripleQuotedStringsAreRaw) {
  EXPECT_EQ(single(R"("""C:\Windows\*""")").text, R"(C:\Windows\*)");
  EXPECT_EQ(single("\"\"\"say \"hi\"\nthere\"\"\"").text, "say \"hi\"\nthere");
}

TEST(EqlLexer, CommentsAreSkipped) {
  EXPECT_EQ(kinds("a /* block\n comment */ : // line\n \"x\""),
            (std::vector<TokenKind>{TokenKind::kIdentifier, TokenKind::kColon, TokenKind::kString, TokenKind::kEnd}));
}

TEST(EqlLexer, PositionsAreOneBasedLineAndColumn) {
  const auto tokens = tokenize("process where\n  process.name : \"x\"");
  EXPECT_EQ(tokens[0].line, 1);
  EXPECT_EQ(tokens[0].column, 1);
  EXPECT_EQ(tokens[1].column, 9);
  EXPECT_EQ(tokens[2].line, 2);
  EXPECT_EQ(tokens[2].column, 3);
  EXPECT_EQ(tokens[3].column, 16);
  EXPECT_EQ(tokens[4].column, 18);
}

TEST(EqlLexer, ColumnsCountCodePoints) {
  const auto tokens = tokenize("\"\xC3\xA9\xC3\xA9\" x");
  EXPECT_EQ(tokens[1].column, 6);
}

TEST(EqlLexer, Errors) {
  auto e = lex_error("a : \"abc");
  EXPECT_EQ(e.line, 1);
  EXPECT_EQ(e.column, 5);
  EXPECT_NE(e.message.find("unterminated string"), std::string::npos);

  e = lex_error("a : \"ab\ncd\"");
  EXPECT_NE(e.message.find("unterminated string"), std::string::npos);

  e = lex_error("a : \"\"\"abc");
  EXPECT_NE(e.message.find("unterminated string"), std::string::npos);

  e = lex_error("a : 'abc'");
  EXPECT_EQ(e.column, 5);
  EXPECT_NE(e.message.find("single-quoted"), std::string::npos);

  e = lex_error("a = 1");
  EXPECT_EQ(e.column, 3);
  EXPECT_NE(e.message.find("'=' is not an operator"), std::string::npos);

  e = lex_error("a ! b");
  EXPECT_EQ(e.message, "expected '!=' but found '!'");

  e = lex_error("a : \"C:\\Windows\"");
  EXPECT_EQ(e.column, 8);
  EXPECT_NE(e.message.find("invalid escape sequence '\\W'"), std::string::npos);

  e = lex_error("a : \"\\u{110000}\"");
  EXPECT_NE(e.message.find("not a code point"), std::string::npos);

  e = lex_error("a /* open");
  EXPECT_EQ(e.column, 3);
  EXPECT_NE(e.message.find("unterminated comment"), std::string::npos);

  e = lex_error("a\n  # b");
  EXPECT_EQ(e.line, 2);
  EXPECT_EQ(e.column, 3);
  EXPECT_EQ(e.message, "unexpected character '#'");

  e = lex_error("`open");
  EXPECT_NE(e.message.find("unterminated quoted field name"), std::string::npos);
}

}  // namespace
}  // namespace vigil::engine::eql
