#pragma once

// Reading one rule file from inline text, for the TOML reader's tests.
#include <optional>
#include <string>
#include <string_view>

#include <gtest/gtest.h>

#include "engine/rules/toml_rule_reader.hpp"

namespace vigil::engine {

inline constexpr const char* kName = "rules/test.toml";

struct Read {
  std::optional<RuleDefinition> rule;
  LoadResult result;
};

inline Read read(std::string_view text) {
  Read out;
  out.rule = read_toml_rule(text, kName, out.result);
  return out;
}

// The one error a fixture should produce, as text ("file:line:col: error: ...").
inline std::string only_error(const Read& read) {
  EXPECT_FALSE(read.rule.has_value());
  EXPECT_EQ(read.result.errors().size(), 1u) << read.result.to_string();
  return read.result.errors().empty() ? "" : read.result.errors().front().to_string();
}

}  // namespace vigil::engine
