#include "engine/eql/query.hpp"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "tests/engine/eql/eql_test_support.hpp"

namespace vigil::engine::eql {
namespace {

using nlohmann::json;
using testing::compile_ok;

json process_event(json category) {
  return {{"event", {{"category", std::move(category)}, {"type", {"start"}}}}, {"process", {{"name", "cmd.exe"}}}};
}

TEST(EqlQuery, CategorySelectsEventsCaseSensitively) {
  const auto query = compile_ok(R"(process where process.name : "CMD.EXE")");
  EXPECT_TRUE(query.matches(process_event({"process"})));
  EXPECT_TRUE(query.matches(process_event("process")));
  EXPECT_TRUE(query.matches(process_event({"network", "process"})));
  EXPECT_FALSE(query.matches(process_event({"Process"})));
  EXPECT_FALSE(query.matches(process_event({"file"})));
  EXPECT_FALSE(query.matches(json{{"process", {{"name", "cmd.exe"}}}}));
}

TEST(EqlQuery, AnyAndBareConditionsIgnoreCategory) {
  const auto any = compile_ok(R"(any where process.name == "cmd.exe")");
  EXPECT_TRUE(any.matches(process_event({"file"})));
  EXPECT_TRUE(any.matches(json{{"process", {{"name", "cmd.exe"}}}}));

  auto bare = CompiledQuery::compile_condition(R"(process.name == "cmd.exe")");
  ASSERT_TRUE(std::holds_alternative<CompiledQuery>(bare));
  const auto& condition = std::get<CompiledQuery>(bare);
  EXPECT_FALSE(condition.category().has_value());
  EXPECT_TRUE(condition.matches(json{{"process", {{"name", "cmd.exe"}}}}));
}

TEST(EqlQuery, NullResultDoesNotMatch) {
  const auto query = compile_ok("any where not length(missing.field) == 1");
  EXPECT_FALSE(query.matches(json::object()));
}

TEST(EqlQuery, CaseInsensitiveFieldsApplyToCategoryToo) {
  const auto query = compile_ok(R"(process where ProcessName : "cmd.exe")", {.case_insensitive_fields = true});
  EXPECT_TRUE(query.matches(json{{"Event", {{"Category", "process"}}}, {"processname", "CMD.exe"}}));
}

TEST(EqlQuery, ErrorsAreValuesNotExceptions) {
  auto result = CompiledQuery::compile("process where (");
  ASSERT_TRUE(std::holds_alternative<ParseError>(result));
  const auto& error = std::get<ParseError>(result);
  EXPECT_EQ(error.line, 1);
  EXPECT_EQ(error.column, 16);
  EXPECT_EQ(error.message, "expected a field, a value or '(' but found end of query");
}

TEST(EqlQuery, CopiesShareTheCompiledTreeAndMatchConcurrently) {
  const auto query = compile_ok(R"(process where process.args : "*secret*" and process.name regex~ "c.d\\.exe")");
  const CompiledQuery copy = query;
  json positive = process_event({"process"});
  positive["process"]["args"] = {"a", "my-SECRET-x"};
  const json negative = process_event({"process"});

  std::vector<std::thread> threads;
  std::vector<int> hits(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      const CompiledQuery& q = t % 2 == 0 ? query : copy;
      for (int i = 0; i < 2000; ++i) hits[t] += (q.matches(positive) ? 1 : 0) + (q.matches(negative) ? 1 : 0);
    });
  }
  for (auto& thread : threads) thread.join();
  for (int count : hits) EXPECT_EQ(count, 2000);
}

}  // namespace
}  // namespace vigil::engine::eql
