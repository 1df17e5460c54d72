#include "engine/rules/exception_matcher.hpp"

#include <gtest/gtest.h>

namespace vigil::engine {
namespace {

ExceptionEntry entry(std::string field, ExceptionOperator op, std::vector<std::string> values = {}) {
  return {std::move(field), op, std::move(values)};
}

ExceptionMatcher matcher(std::vector<ExceptionEntry> entries) {
  return ExceptionMatcher({ExceptionItem{"item", std::move(entries)}});
}

const nlohmann::json kEvent = nlohmann::json::parse(R"({
  "user": {"name": "svc-exchange"},
  "host.name": "EXCH-01",
  "process": {"name": "powershell.exe", "args": ["powershell.exe", "-c", "Set-CASMailbox"], "pid": 4688},
  "winlog": {"event_data": {"Elevated": true, "Empty": [], "Nothing": null}}
})");

TEST(ExceptionMatcher, NoItemsExceptsNothing) {
  const ExceptionMatcher none;
  EXPECT_TRUE(none.empty());
  EXPECT_FALSE(none.excepts(kEvent));
}

TEST(ExceptionMatcher, IsIsExactAndCaseSensitive) {
  EXPECT_TRUE(matcher({entry("user.name", ExceptionOperator::kIs, {"svc-exchange"})}).excepts(kEvent));
  EXPECT_FALSE(matcher({entry("user.name", ExceptionOperator::kIs, {"SVC-Exchange"})}).excepts(kEvent));
  EXPECT_FALSE(matcher({entry("user.name", ExceptionOperator::kIs, {"svc"})}).excepts(kEvent));
}

TEST(ExceptionMatcher, IsMatchesAnyArrayElementAndFlatKeys) {
  EXPECT_TRUE(matcher({entry("process.args", ExceptionOperator::kIs, {"-c"})}).excepts(kEvent));
  EXPECT_TRUE(matcher({entry("host.name", ExceptionOperator::kIs, {"EXCH-01"})}).excepts(kEvent));
}

TEST(ExceptionMatcher, NumbersAndBooleansCompareByTheirSpelling) {
  EXPECT_TRUE(matcher({entry("process.pid", ExceptionOperator::kIs, {"4688"})}).excepts(kEvent));
  EXPECT_TRUE(matcher({entry("winlog.event_data.Elevated", ExceptionOperator::kIs, {"true"})}).excepts(kEvent));
}

TEST(ExceptionMatcher, IsOneOf) {
  EXPECT_TRUE(matcher({entry("user.name", ExceptionOperator::kIsOneOf, {"exadmin", "svc-exchange"})}).excepts(kEvent));
  EXPECT_FALSE(matcher({entry("user.name", ExceptionOperator::kIsOneOf, {"exadmin", "root"})}).excepts(kEvent));
}

TEST(ExceptionMatcher, MatchesUsesWildcards) {
  EXPECT_TRUE(matcher({entry("host.name", ExceptionOperator::kMatches, {"EXCH-*"})}).excepts(kEvent));
  EXPECT_TRUE(matcher({entry("host.name", ExceptionOperator::kMatches, {"EXCH-0?"})}).excepts(kEvent));
  EXPECT_FALSE(matcher({entry("host.name", ExceptionOperator::kMatches, {"exch-*"})}).excepts(kEvent));
  EXPECT_TRUE(matcher({entry("process.args", ExceptionOperator::kMatches, {"Set-*"})}).excepts(kEvent));
}

TEST(ExceptionMatcher, BackslashMakesWildcardsLiteral) {
  const nlohmann::json event = {{"file", {{"name", "a*b?.txt"}}}, {"path", "C:\\Windows"}};
  EXPECT_TRUE(matcher({entry("file.name", ExceptionOperator::kMatches, {"a\\*b\\?.txt"})}).excepts(event));
  EXPECT_FALSE(matcher({entry("file.name", ExceptionOperator::kMatches, {"a\\*c*"})}).excepts(event));
  EXPECT_FALSE(matcher({entry("file.name", ExceptionOperator::kMatches, {"a\\?b*"})}).excepts(event));
  EXPECT_TRUE(matcher({entry("path", ExceptionOperator::kMatches, {"C:\\\\Win*"})}).excepts(event));
}

TEST(ExceptionMatcher, ExistsTreatsNullAndEmptyArraysAsAbsent) {
  EXPECT_TRUE(matcher({entry("user.name", ExceptionOperator::kExists)}).excepts(kEvent));
  EXPECT_FALSE(matcher({entry("user.id", ExceptionOperator::kExists)}).excepts(kEvent));
  EXPECT_FALSE(matcher({entry("winlog.event_data.Empty", ExceptionOperator::kExists)}).excepts(kEvent));
  EXPECT_FALSE(matcher({entry("winlog.event_data.Nothing", ExceptionOperator::kExists)}).excepts(kEvent));
  EXPECT_TRUE(matcher({entry("winlog.event_data.Nothing", ExceptionOperator::kDoesNotExist)}).excepts(kEvent));
  EXPECT_FALSE(matcher({entry("user.name", ExceptionOperator::kDoesNotExist)}).excepts(kEvent));
}

TEST(ExceptionMatcher, NegationsHoldWhenTheFieldIsAbsent) {
  EXPECT_TRUE(matcher({entry("user.id", ExceptionOperator::kIsNot, {"x"})}).excepts(kEvent));
  EXPECT_TRUE(matcher({entry("user.id", ExceptionOperator::kIsNotOneOf, {"x", "y"})}).excepts(kEvent));
  EXPECT_TRUE(matcher({entry("user.id", ExceptionOperator::kDoesNotMatch, {"*"})}).excepts(kEvent));
}

TEST(ExceptionMatcher, NegationsFailWhenAnyElementMatches) {
  EXPECT_FALSE(matcher({entry("user.name", ExceptionOperator::kIsNot, {"svc-exchange"})}).excepts(kEvent));
  EXPECT_TRUE(matcher({entry("user.name", ExceptionOperator::kIsNot, {"root"})}).excepts(kEvent));
  EXPECT_FALSE(matcher({entry("process.args", ExceptionOperator::kIsNotOneOf, {"-c", "x"})}).excepts(kEvent));
  EXPECT_FALSE(matcher({entry("host.name", ExceptionOperator::kDoesNotMatch, {"EXCH*"})}).excepts(kEvent));
  EXPECT_TRUE(matcher({entry("host.name", ExceptionOperator::kDoesNotMatch, {"DC*"})}).excepts(kEvent));
}

TEST(ExceptionMatcher, EntriesAreAndedItemsAreOred) {
  const auto both = entry("user.name", ExceptionOperator::kIs, {"svc-exchange"});
  const auto wrong_host = entry("host.name", ExceptionOperator::kIs, {"DC-01"});
  EXPECT_FALSE(matcher({both, wrong_host}).excepts(kEvent));
  EXPECT_TRUE(matcher({both, entry("host.name", ExceptionOperator::kIs, {"EXCH-01"})}).excepts(kEvent));

  const ExceptionMatcher either({ExceptionItem{"dc", {wrong_host}}, ExceptionItem{"svc", {both}}});
  EXPECT_FALSE(either.empty());
  EXPECT_TRUE(either.excepts(kEvent));
  EXPECT_FALSE(either.excepts(nlohmann::json{{"user", {{"name", "alice"}}}}));
}

}  // namespace
}  // namespace vigil::engine
