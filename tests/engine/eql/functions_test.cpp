#include "engine/eql/functions.hpp"

#include <gtest/gtest.h>

namespace vigil::engine::eql {
namespace {

TEST(EqlFunctions, LookupIsCaseSensitiveAndKnowsTilde) {
  ASSERT_TRUE(lookup_function("startsWith", false));
  EXPECT_FALSE(lookup_function("startsWith", false)->case_insensitive);
  EXPECT_TRUE(lookup_function("startsWith", true)->case_insensitive);
  EXPECT_EQ(lookup_function("stringContains", false)->function, Function::kStringContains);
  EXPECT_EQ(lookup_function("length", false)->max_args, 1u);
  EXPECT_FALSE(lookup_function("length", true));
  EXPECT_FALSE(lookup_function("startswith", false));
  EXPECT_FALSE(lookup_function("between", false));
}

TEST(EqlFunctions, Substrings) {
  EXPECT_TRUE(test_substring(Function::kStartsWith, false, "explorer.exe", "explorer."));
  EXPECT_FALSE(test_substring(Function::kStartsWith, false, "explorer.exe", "Explorer."));
  EXPECT_TRUE(test_substring(Function::kStartsWith, true, "explorer.exe", "EXPLORER."));
  EXPECT_TRUE(test_substring(Function::kEndsWith, true, "explorer.exe", ".EXE"));
  EXPECT_FALSE(test_substring(Function::kEndsWith, false, "exe", "a.exe"));
  EXPECT_TRUE(test_substring(Function::kStringContains, false, "abc", ""));
  EXPECT_TRUE(test_substring(Function::kStringContains, true, "xxABCxx", "abc"));
  EXPECT_FALSE(test_substring(Function::kStringContains, false, "xxABCxx", "abc"));
}

TEST(EqlFunctions, CodePointLength) {
  EXPECT_EQ(code_point_length(""), 0u);
  EXPECT_EQ(code_point_length("abc"), 3u);
  EXPECT_EQ(code_point_length("h\xCF\x85m\xD0\xB0n"), 5u);
}

}  // namespace
}  // namespace vigil::engine::eql
