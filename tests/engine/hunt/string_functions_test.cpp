#include <gtest/gtest.h>

#include <string>
#include <tuple>
#include <vector>

#include "tests/engine/hunt/hunt_test_support.hpp"

namespace vigil::engine::hunt::testing {
namespace {

TEST(StringFunctionsTest, KustosStringFunctions) {
  OneRow v;
  EXPECT_EQ(v("tolower(SenderFromAddress)"), "bob@contoso.com");
  EXPECT_EQ(v("toupper(Subject)"), "HELLO WORLD");
  EXPECT_EQ(v("strlen(\"héllo\")"), 5);
  EXPECT_EQ(v("substring(Subject, 6)"), "World");
  EXPECT_EQ(v("substring(Subject, 0, 5)"), "Hello");
  EXPECT_EQ(v("split(SenderFromAddress, \"@\")"), nlohmann::json::array({"Bob", "Contoso.com"}));
  EXPECT_EQ(v("split(SenderFromAddress, \"@\")[1]"), "Contoso.com");
  EXPECT_EQ(v("split(SenderFromAddress, \"@\")[5]"), nullptr);
  EXPECT_EQ(v("split(SenderFromAddress, \"@\", 0)"), nlohmann::json::array({"Bob"}));
  EXPECT_EQ(v("strcat(Subject, \"!\", UrlCount)"), "Hello World!3");
  EXPECT_EQ(v("replace_string(Subject, \"o\", \"0\")"), "Hell0 W0rld");
  EXPECT_EQ(v("trim(\"[ -]+\", \" - x - \")"), "x");
  EXPECT_EQ(v("extract(\"@(.*)$\", 1, SenderFromAddress)"), "Contoso.com");
  EXPECT_EQ(v("extract(\"(z+)\", 1, Subject)"), "");
  EXPECT_EQ(v("indexof(Subject, \"World\")"), 6);
  EXPECT_EQ(v("indexof(Subject, \"zzz\")"), -1);
  EXPECT_EQ(v("strcat_array(pack_array(\"a\", \"b\"), \"-\")"), "a-b");
}

// split(x, d)[i] with a whole index is evaluated without building the array
// (string_functions.cpp, split_element); indexing the array todynamic()
// passes on still builds it. Both must give the same value.
TEST(StringFunctionsTest, SplitIndexedByAConstantGivesTheElementTheArrayHolds) {
  OneRow v;
  const nlohmann::json null;
  const std::vector<std::tuple<std::string, std::string, int, nlohmann::json>> cases = {
      {"SenderFromAddress", "\"@\"", 0, "Bob"},
      {"SenderFromAddress", "\"@\"", 1, "Contoso.com"},
      {"SenderFromAddress", "\"@\"", 2, null},            // past the end
      {"SenderFromAddress", "\"@\"", -1, "Contoso.com"},  // from the end
      {"SenderFromAddress", "\"@\"", -2, "Bob"},
      {"SenderFromAddress", "\"@\"", -3, null},  // before the start
      {"SenderFromAddress", "\"#\"", 0, "Bob@Contoso.com"},
      {"SenderFromAddress", "\"#\"", 1, null},
      {"\"a@@b@\"", "\"@\"", 1, ""},  // empty parts between and after delimiters
      {"\"a@@b@\"", "\"@\"", 2, "b"},
      {"\"a@@b@\"", "\"@\"", 3, ""},
      {"\"a@@b@\"", "\"@\"", -4, "a"},
      {"\"a::b::c\"", "\"::\"", 2, "c"},
      {"\"\"", "\"@\"", 0, ""},  // the empty string is one empty part
      {"\"\"", "\"@\"", 1, null},
      {"\"x\"", "\"\"", 0, "x"},  // an empty delimiter leaves the text whole
      {"\"x\"", "\"\"", -1, "x"},
      {"\"x\"", "\"\"", 1, null},
      {"tolong(\"\")", "\"@\"", 0, ""},  // null splits as ""
      {"UrlCount", "\"@\"", 0, "3"},     // a number splits as its text
  };
  EXPECT_EQ(v("split(SenderFromAddress, \"@\")[tolong(\"\")]"), null);           // a null index
  EXPECT_EQ(v("split(SenderFromAddress, \"@\")[UrlCount - 2]"), "Contoso.com");  // an index read per row
  for (const auto& [text, delimiter, i, expected] : cases) {
    const auto split = "split(" + text + ", " + delimiter + ")";
    const auto index = std::to_string(i);
    SCOPED_TRACE(split + "[" + index + "]");
    EXPECT_EQ(v(split + "[" + index + "]"), expected);
    EXPECT_EQ(v("todynamic(" + split + ")[" + index + "]"), expected);
    EXPECT_EQ(v.type(split + "[" + index + "]"), Type::kDynamic);
  }
}

TEST(StringFunctionsTest, ErrorsNameTheFunction) {
  OneRow v;
  EXPECT_EQ(v.error("extract(\"x\", \"1\", Subject)"),
            "'project' operator: 'extract': expects a capture group number as its second argument");
  EXPECT_EQ(v.error("substring(Subject, 1.5)"), "'project' operator: 'substring': expects a number, got real");
}

}  // namespace
}  // namespace vigil::engine::hunt::testing
