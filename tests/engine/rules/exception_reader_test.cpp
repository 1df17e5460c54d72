// Exceptions as the TOML reader reads them from [[rule.exceptions]]
// (engine/rules/exception_reader.cpp), and where their errors point.
#include "engine/rules/exception_reader.hpp"

#include <gtest/gtest.h>

#include "tests/engine/rules/toml_rule_reader_test_support.hpp"

namespace vigil::engine {
namespace {

TEST(ExceptionReader, ReadsExceptions) {
  const auto r = read(R"([rule]
rule_id = "r-16"
name = "With exceptions"
description = "Every operator."
type = "eql"
query = 'process where true'
risk_score = 21
severity = "low"

[[rule.exceptions]]
name = "Exchange admins"

[[rule.exceptions.entries]]
field = "user.name"
operator = "is_one_of"
value = ["svc-exchange", "exadmin"]

[[rule.exceptions.entries]]
field = "host.name"
operator = "matches"
value = "EXCH-*"

[[rule.exceptions]]

[[rule.exceptions.entries]]
field = "process.parent.name"
operator = "is"
value = "ansible.exe"

[[rule.exceptions.entries]]
field = "process.pe.original_file_name"
operator = "does_not_exist"
)");
  ASSERT_TRUE(r.rule) << r.result.to_string();
  const auto& items = r.rule->exceptions;
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0].name, "Exchange admins");
  ASSERT_EQ(items[0].entries.size(), 2u);
  EXPECT_EQ(items[0].entries[0].field, "user.name");
  EXPECT_EQ(items[0].entries[0].op, ExceptionOperator::kIsOneOf);
  EXPECT_EQ(items[0].entries[0].values, (std::vector<std::string>{"svc-exchange", "exadmin"}));
  EXPECT_EQ(items[0].entries[1].op, ExceptionOperator::kMatches);
  EXPECT_EQ(items[0].entries[1].values, std::vector<std::string>{"EXCH-*"});
  EXPECT_EQ(items[1].name, "");
  ASSERT_EQ(items[1].entries.size(), 2u);
  EXPECT_EQ(items[1].entries[0].op, ExceptionOperator::kIs);
  EXPECT_EQ(items[1].entries[1].op, ExceptionOperator::kDoesNotExist);
  EXPECT_TRUE(items[1].entries[1].values.empty());
}

TEST(ExceptionReader, ExceptionErrorsPointIntoTheEntry) {
  const auto r = read(R"([rule]
rule_id = "r-17"
name = "Bad exceptions"
description = "Three broken entries and an empty item."
type = "eql"
query = 'process where true'
risk_score = 21
severity = "low"

[[rule.exceptions]]
name = "broken"

[[rule.exceptions.entries]]
field = "user.name"
operator = "equals"
value = "x"

[[rule.exceptions.entries]]
field = "user.name"
operator = "is"
value = ["a", "b"]

[[rule.exceptions.entries]]
field = "user.name"
operator = "exists"
value = "x"

[[rule.exceptions]]
name = "empty"
entries = []
)");
  EXPECT_FALSE(r.rule);
  ASSERT_EQ(r.result.errors().size(), 4u) << r.result.to_string();
  EXPECT_EQ(r.result.errors()[0].to_string(),
            "rules/test.toml:15:1: error: 'exceptions[0].entries[0].operator' must be one of is, is_not, "
            "is_one_of, is_not_one_of, matches, does_not_match, exists, does_not_exist; found \"equals\"");
  EXPECT_EQ(r.result.errors()[1].to_string(),
            "rules/test.toml:21:1: error: 'exceptions[0].entries[1].value' must be a string, found an array");
  EXPECT_EQ(r.result.errors()[2].to_string(),
            "rules/test.toml:26:1: error: 'exceptions[0].entries[2].value' is not allowed with operator \"exists\"");
  EXPECT_EQ(r.result.errors()[3].to_string(),
            "rules/test.toml:30:1: error: 'exceptions[1].entries' must hold at least one entry");
}

TEST(ExceptionReader, ExceptionEntryWithoutFieldIsReportedAtItsHeader) {
  const auto r = read(R"([rule]
rule_id = "r-18"
name = "Entry without field"
description = "Missing key in an entry."
type = "eql"
query = 'process where true'
risk_score = 21
severity = "low"

[[rule.exceptions]]
[[rule.exceptions.entries]]
operator = "exists"
)");
  EXPECT_EQ(only_error(r), "rules/test.toml:11:1: error: missing required key 'exceptions[0].entries[0].field'");
}

}  // namespace
}  // namespace vigil::engine
