#include "engine/hunt/parser.hpp"

#include <gtest/gtest.h>

#include "engine/hunt/hunt_error.hpp"

namespace vigil::engine::hunt {
namespace {

HuntError syntax_error(const std::string& text) {
  try {
    parse_query(text);
  } catch (const HuntError& e) {
    return e;
  }
  ADD_FAILURE() << "parsed: " << text;
  return HuntError(HuntErrorCode::kSemantic, "");
}

TEST(ParserTest, SyntaxErrorsNameTheTokenAndItsLineAndColumnAsKustoDoes) {
  const auto e = syntax_error("EmailEvents\n| where Subject ==\n| take 1");
  EXPECT_EQ(e.code(), HuntErrorCode::kSyntax);
  EXPECT_EQ(std::string(e.what()), "Query could not be parsed at '|' on line [3,1]");
  EXPECT_EQ(e.line(), 3);
  EXPECT_EQ(e.column(), 1);
}

TEST(ParserTest, AnUnknownOperatorIsASyntaxError) {
  EXPECT_EQ(std::string(syntax_error("EmailEvents | wher x").what()), "Query could not be parsed at 'wher' on line [1,15]");
}

TEST(ParserTest, AnUnterminatedStringPointsAtItsStart) {
  const auto e = syntax_error("EmailEvents | where Subject == \"abc");
  EXPECT_EQ(e.line(), 1);
  EXPECT_EQ(e.column(), 32);
}

TEST(ParserTest, DeepNestingIsRefusedNotRecursedWithoutBound) {
  EXPECT_EQ(syntax_error("print " + std::string(10000, '(')).code(), HuntErrorCode::kSyntax);
}

TEST(ParserTest, LetStatementsCommentsAndLineBreaksAnywhere) {
  const auto q = parse_query("let a = 1; // one\nlet t = EmailEvents\n| where\nUrlCount > a;\nt | take 1;");
  ASSERT_EQ(q.lets.size(), 2u);
  EXPECT_EQ(q.lets[1].value->kind, Expr::Kind::kPipeline);
  EXPECT_EQ(q.body->ops.size(), 1u);
}

TEST(ParserTest, TimespanAndDatetimeLiterals) {
  const auto q = parse_query("T | where Timestamp > datetime(2024-03-11T10:00:00Z) - 10s");
  const auto& where = *q.body->ops[0]->predicate;
  const auto& minus = *where.args[1];
  EXPECT_EQ(minus.args[0]->value.as_long(), *parse_timestamp("2024-03-11T10:00:00Z"));
  EXPECT_EQ(minus.args[1]->value.as_long(), 10 * kSecondMs);
  EXPECT_EQ(minus.args[1]->value.type(), Type::kTimespan);
}

// Found by the kql_parser fuzz target: a timespan literal too large for a
// long of milliseconds was converted anyway (undefined behaviour).
TEST(ParserTest, NumericLiteralsThatDoNotFitAreSyntaxErrorsNamingThem) {
  const auto e = syntax_error("let w = now(-222222222222222222222222222227d);");
  EXPECT_EQ(std::string(e.what()), "Query could not be parsed at '222222222222222222222222222227d' on line [1,14]");
  EXPECT_EQ(syntax_error("print 1e999").code(), HuntErrorCode::kSyntax);
  EXPECT_EQ(syntax_error("print 99999999999999999999").code(), HuntErrorCode::kSyntax);
  EXPECT_EQ(syntax_error("T | mv-expand x limit 99999999999999999999").code(), HuntErrorCode::kSyntax);
}

TEST(ParserTest, LegacyMvexpandDefaultsToLimit128AndMvExpandToNone) {
  EXPECT_EQ(parse_query("T | mvexpand x").body->ops[0]->limit, 128);
  EXPECT_EQ(parse_query("T | mv-expand x").body->ops[0]->limit, std::nullopt);
  EXPECT_EQ(parse_query("T | mvexpand x limit 5").body->ops[0]->limit, 5);
}

}  // namespace
}  // namespace vigil::engine::hunt
