#include <gtest/gtest.h>

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

TEST(StringFunctionsTest, ErrorsNameTheFunction) {
  OneRow v;
  EXPECT_EQ(v.error("extract(\"x\", \"1\", Subject)"),
            "'project' operator: 'extract': expects a capture group number as its second argument");
  EXPECT_EQ(v.error("substring(Subject, 1.5)"), "'project' operator: 'substring': expects a number, got real");
}

}  // namespace
}  // namespace vigil::engine::hunt::testing
