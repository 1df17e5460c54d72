#include "engine/eql/parser.hpp"

#include <gtest/gtest.h>

#include "tests/engine/eql/eql_test_support.hpp"

namespace vigil::engine::eql {
namespace {

using testing::compile_error;
using testing::compile_ok;
using testing::condition_error;

void expect_error(const ParseError& error, int line, int column, std::string_view message) {
  EXPECT_EQ(error.line, line) << error.message;
  EXPECT_EQ(error.column, column) << error.message;
  EXPECT_EQ(error.message, message);
}

TEST(EqlParser, CategoryForms) {
  EXPECT_EQ(compile_ok("process where true").category(), "process");
  EXPECT_EQ(compile_ok("\"network\" where true").category(), "network");
  EXPECT_FALSE(compile_ok("any where true").category().has_value());
}

TEST(EqlParser, RootNodeShapes) {
  const auto root = Parser("a == 1 or b == 2 and not c == 3 or d : \"x\"", {}).parse_condition();
  const auto* logical = std::get_if<Logical>(&root->data());
  ASSERT_NE(logical, nullptr);
  EXPECT_EQ(logical->op, Logical::Op::kOr);
  ASSERT_EQ(logical->operands.size(), 3u);  // or-chain flattened; `b and not c` grouped
  const auto* middle = std::get_if<Logical>(&logical->operands[1]->data());
  ASSERT_NE(middle, nullptr);
  EXPECT_EQ(middle->op, Logical::Op::kAnd);
  EXPECT_TRUE(std::holds_alternative<Not>(middle->operands[1]->data()));
  EXPECT_TRUE(std::holds_alternative<PatternMatch>(logical->operands[2]->data()));
}

TEST(EqlParser, NullComparisonsBecomeExistenceTests) {
  for (const char* text : {"a == null", "null == a", "a != null", "a : null"}) {
    const auto root = Parser(text, {}).parse_condition();
    EXPECT_TRUE(std::holds_alternative<NullCheck>(root->data())) << text;
  }
  const auto lt = Parser("a < null", {}).parse_condition();
  EXPECT_TRUE(std::holds_alternative<Comparison>(lt->data()));
}

TEST(EqlParser, NotInIsNegatedIn) {
  const auto root = Parser("a not in~ (\"x\", b)", {}).parse_condition();
  const auto* negation = std::get_if<Not>(&root->data());
  ASSERT_NE(negation, nullptr);
  const auto* in = std::get_if<InList>(&negation->operand->data());
  ASSERT_NE(in, nullptr);
  EXPECT_TRUE(in->case_insensitive);
  EXPECT_EQ(in->items.size(), 2u);
}

TEST(EqlParser, OptionalFieldAndFlags) {
  const auto root = Parser("?process.Name == \"x\"", {.case_insensitive_fields = true}).parse_condition();
  const auto& comparison = std::get<Comparison>(root->data());
  const auto& field = std::get<FieldRef>(comparison.left->data());
  EXPECT_EQ(field.path, "process.Name");
  EXPECT_TRUE(field.optional);
  EXPECT_TRUE(field.case_insensitive);
}

TEST(EqlParser, NegativeNumbers) {
  const auto root = Parser("a > -1.5", {}).parse_condition();
  const auto& literal = std::get<Literal>(std::get<Comparison>(root->data()).right->data());
  EXPECT_EQ(std::get<double>(literal.value), -1.5);
  const auto big = Parser("a == 99999999999999999999", {}).parse_condition();
  EXPECT_TRUE(std::holds_alternative<double>(std::get<Literal>(std::get<Comparison>(big->data()).right->data()).value));
}

TEST(EqlParser, WildcardFunctionCompilesToPatternMatch) {
  const auto root = Parser("wildcard~(process.name, \"a*\", \"b?\")", {}).parse_condition();
  const auto* match = std::get_if<PatternMatch>(&root->data());
  ASSERT_NE(match, nullptr);
  EXPECT_EQ(match->matchers.size(), 2u);
}

TEST(EqlParser, ErrorExpectedClosingParen) {
  expect_error(compile_error("process where (a == 1\nwhere"), 2, 1, "expected ')' but found 'where'");
  expect_error(compile_error("process where a in (\"x\" \"y\")"), 1, 25, "expected ',' or ')' but found string \"y\"");
}

TEST(EqlParser, ErrorMissingWhereOrCategory) {
  expect_error(compile_error("process wher a"), 1, 9, "expected 'where' but found 'wher'");
  expect_error(compile_error("where a"), 1, 1, "expected an event category or 'any' but found 'where'");
  expect_error(compile_error("process where"), 1, 14, "expected a field, a value or '(' but found end of query");
  expect_error(compile_error(""), 1, 1, "expected an event category or 'any' but found end of query");
}

TEST(EqlParser, ErrorTrailingTokens) {
  expect_error(compile_error("process where a == 1 b == 2"), 1, 22,
               "expected 'and', 'or' or end of query but found 'b'");
  expect_error(compile_error("process where a == 1 == 2"), 1, 22,
               "expected 'and', 'or' or end of query but found '=='");
  expect_error(condition_error("process where a"), 1, 9, "expected 'and', 'or' or end of query but found 'where'");
}

TEST(EqlParser, ErrorUnsupportedSyntax) {
  expect_error(compile_error("sequence [process where true] [file where true]"), 1, 1,
               "sequence queries are not supported: only event queries ('<category> where <condition>')");
  expect_error(compile_error("sample by host.id [a where true]"), 1, 1,
               "sample queries are not supported: only event queries ('<category> where <condition>')");
  expect_error(compile_error("process where true | head 5"), 1, 20,
               "pipes ('|') are not supported: only event queries");
  expect_error(compile_error("file where serial_event_id + 1 == 83"), 1, 28, "arithmetic ('+') is not supported");
  expect_error(compile_error("file where a - b == 1"), 1, 14, "arithmetic ('-') is not supported");
  expect_error(compile_error("registry where list[0] == \"x\""), 1, 20, "array indexing ('[') is not supported");
  expect_error(compile_error("process where child of [process where true]"), 1, 21,
               "expected 'and', 'or' or end of query but found 'of'");
}

TEST(EqlParser, ErrorAssignmentEquals) {
  expect_error(compile_error("process where a = 1"), 1, 17,
               "'=' is not an operator: use '==' (case-sensitive) or ':' (case-insensitive)");
}

TEST(EqlParser, ErrorUnterminatedStringPointsAtOpeningQuote) {
  expect_error(compile_error("process where\n  a : \"abc"), 2, 7,
               "unterminated string: expected '\"' before end of line");
}

TEST(EqlParser, ErrorFunctions) {
  expect_error(compile_error("process where cidrMatch(a, \"10.0.0.0/8\")"), 1, 15,
               "unknown function 'cidrMatch': supported functions are startsWith, endsWith, stringContains, "
               "wildcard (each also with ~), length");
  expect_error(compile_error("process where startswith(a, \"x\")"), 1, 15,
               "unknown function 'startswith': supported functions are startsWith, endsWith, stringContains, "
               "wildcard (each also with ~), length");
  expect_error(compile_error("process where length~(a) > 1"), 1, 15,
               "unknown function 'length~': supported functions are startsWith, endsWith, stringContains, "
               "wildcard (each also with ~), length");
  expect_error(compile_error("process where length(a, b) > 1"), 1, 15,
               "function 'length' takes 1 argument(s) but got 2");
  expect_error(compile_error("process where startsWith(a)"), 1, 15,
               "function 'startsWith' takes at least 2 arguments but got 1");
  expect_error(compile_error("process where wildcard(a, b)"), 1, 27, "expected a string pattern but found 'b'");
  expect_error(compile_error("process where endsWith~ == 1"), 1, 25,
               "expected '(' after function name 'endsWith~' but found '=='");
}

TEST(EqlParser, ErrorPatterns) {
  expect_error(compile_error("process where a : 5"), 1, 19, "expected a string pattern but found number 5");
  expect_error(compile_error("process where a like null"), 1, 22, "expected a string pattern but found 'null'");
  expect_error(compile_error("process where a : (\"x\", null)"), 1, 25, "expected a string pattern but found 'null'");
  const auto regex = compile_error("process where a regex \"a(b\"");
  EXPECT_EQ(regex.column, 23);
  EXPECT_EQ(regex.message.rfind("invalid regular expression \"a(b\": ", 0), 0u) << regex.message;
}

TEST(EqlParser, ErrorOptionalMarkerNeedsField) {
  expect_error(compile_error("process where ?\"x\" == 1"), 1, 16,
               "expected a field name after '?' but found string \"x\"");
}

TEST(EqlParser, AcceptsRealisticQueries) {
  compile_ok(R"(process where host.os.type == "windows" and event.type == "start" and
      process.name: ("powershell.exe", "pwsh.exe", "powershell_ise.exe") and
      process.args : "Set-CASMailbox*ActiveSyncAllowedDeviceIDs*")");
  compile_ok(R"(any where `weird field` != null and ?maybe.missing == null and @timestamp >= 0)");
  compile_ok(R"(process where startsWith~(process.name, "pow", "cmd") and length(process.args) >= 2 and
      process.command_line regex~ """.*-enc(odedcommand)? [a-z0-9+/=]{20,}.*""" and
      process.name like~ ("a*", "b?") and not process.pid in (4, 8))");
}

}  // namespace
}  // namespace vigil::engine::eql
