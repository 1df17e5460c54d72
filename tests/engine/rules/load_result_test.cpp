#include "engine/rules/load_result.hpp"

#include <gtest/gtest.h>

namespace vigil::engine {
namespace {

TEST(LoadResult, EmptyResultIsOk) {
  const LoadResult result;
  EXPECT_TRUE(result.ok());
  EXPECT_EQ(result.to_string(), "");
  EXPECT_EQ(result.to_json(), nlohmann::json::parse(R"({"ok":true,"errors":[],"warnings":[]})"));
}

TEST(LoadResult, PrintsLikeACompilerErrorsFirst) {
  LoadResult result;
  result.add_warning(LoadCode::kUnsupportedRuleType, {"rules/q.toml", 5, 1}, "skipped");
  result.add_error(LoadCode::kInvalidValue, {"rules/a.toml", 12, 5}, "'interval' is wrong");
  result.add_error(LoadCode::kJsonSyntax, {"rules/x.ndjson", 3, 0}, "bad line");
  result.add_error(LoadCode::kFileUnreadable, {"rules/gone", 0, 0}, "cannot read");
  result.add_warning(LoadCode::kUnknownDisabledRule, {}, "disabled rule_id \"x\" matches no loaded rule");
  EXPECT_FALSE(result.ok());
  EXPECT_EQ(result.to_string(),
            "rules/a.toml:12:5: error: 'interval' is wrong\n"
            "rules/x.ndjson:3: error: bad line\n"
            "rules/gone: error: cannot read\n"
            "rules/q.toml:5:1: warning: skipped\n"
            "warning: disabled rule_id \"x\" matches no loaded rule\n");
}

TEST(LoadResult, JsonCarriesCodeAndPosition) {
  LoadResult result;
  result.add_error(LoadCode::kWrongType, {"rules/a.toml", 8, 3}, "'risk_score' must be an integer");
  result.add_warning(LoadCode::kUnsupportedRuleType, {"rules/q.toml", 5, 1}, "skipped");
  EXPECT_EQ(result.to_json(), nlohmann::json::parse(R"({
    "ok": false,
    "errors": [{"code": "wrong_type", "severity": "error", "file": "rules/a.toml", "line": 8, "column": 3,
                "message": "'risk_score' must be an integer"}],
    "warnings": [{"code": "unsupported_rule_type", "severity": "warning", "file": "rules/q.toml", "line": 5,
                  "column": 1, "message": "skipped"}]
  })"));
}

}  // namespace
}  // namespace vigil::engine
