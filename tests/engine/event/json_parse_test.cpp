#include "engine/event/json_parse.hpp"

#include <gtest/gtest.h>

#include "engine/event/json_text.hpp"
#include "tests/engine/event/real_documents.hpp"

namespace vigil::engine {
namespace {

// Equal values, and equal text: the text also shows number types
// (unsigned, signed, float) and -0.0 apart, which == does not.
void expect_as_nlohmann(std::string_view text) {
  const auto want = nlohmann::json::parse(text);
  const auto got = parse_json(text);
  EXPECT_EQ(got, want) << text;
  EXPECT_EQ(got.dump(), want.dump()) << text;
  // The one difference: simdjson does not tell "-0" from "0", which
  // nlohmann types signed and unsigned; both print 0 and compare equal.
  if (text != "-0") {
    EXPECT_EQ(got.type(), want.type()) << text;
  }
}

TEST(ParseJson, GivesWhatNlohmannGives) {
  for (const char* text : {
           "null", "true", "false", "0", "-0", "1", "-1", "9223372036854775807", "9223372036854775808",
           "18446744073709551615", "18446744073709551616", "-9223372036854775808", "-9223372036854775809", "0.0",
           "-0.0", "1.5e300", "1E-7", "123456789.125", "\"\"", R"("a\"b\\c\u00e9\ud83d\ude00\u0000z")",
           "\"caf\xc3\xa9\"", "[]", "{}", R"([1,[2,[3,{}]],{"a":[]}])", R"({"b":1,"a":{"c":null},"a":2})",
           "  {\"pad\" : [ 1 , 2 ]}  ", R"({"CommandLine":"C:\\Windows\\System32\\cmd.exe /c \"x\""})",
       })
    expect_as_nlohmann(text);
}

TEST(ParseJson, InvalidTextFailsAsNlohmannFails) {
  for (const char* text : {"", "{", "[1,]", "{\"a\":1}}", "\"\xff\"", "1e999999", "nul", "{\"a\" 1}"}) {
    std::string want;
    try {
      const auto parsed = nlohmann::json::parse(text);
      ADD_FAILURE() << "nlohmann accepted " << text << " as " << parsed.dump();
    } catch (const nlohmann::json::exception& e) {
      want = e.what();
    }
    ASSERT_FALSE(want.empty()) << text;
    try {
      const auto parsed = parse_json(text);
      ADD_FAILURE() << "no exception for " << text << ", parsed as " << parsed.dump();
    } catch (const nlohmann::json::exception& e) {
      EXPECT_EQ(std::string(e.what()), want);
    }
    EXPECT_TRUE(parse_json(text, false).is_discarded()) << text;
  }
}

TEST(ParseJson, DeeperThanSimdjsonGoesStillParses) {
  const std::string deep = std::string(2000, '[') + std::string(2000, ']');
  EXPECT_EQ(parse_json(deep), nlohmann::json::parse(deep));
}

// Every .json and .jsonl document under tests/data, as text written the way
// vigild writes it.
TEST(ParseJson, GivesWhatNlohmannGivesOnEveryRealDocument) {
  const auto documents = testing::real_documents();
  for (const auto& [path, doc] : documents) {
    const auto text = json_text(doc);
    ASSERT_EQ(json_text(parse_json(text)), text) << path;
  }
  EXPECT_GT(documents.size(), 10u);
}

// The members for_each_member_text reports, as (key, text or "<none>").
std::vector<std::pair<std::string, std::string>> member_texts(std::string_view text) {
  std::vector<std::pair<std::string, std::string>> members;
  const bool read = for_each_member_text(text, [&](std::string_view key, MemberText value) {
    members.emplace_back(key, value ? std::string(*value) : "<none>");
  });
  if (!read) members.emplace_back("<refused>", "");
  return members;
}

TEST(ForEachMemberText, GivesStringsAsTheyAreAndScalarsAsParseJsonPrintsThem) {
  using Members = std::vector<std::pair<std::string, std::string>>;
  EXPECT_EQ(member_texts(R"({"s":"a\"b","u":18446744073709551615,"i":-3,"f":1.50,"e":1E-7,"t":true,"n":null,)"
                         R"("o":{"x":1},"a":[1],"empty":""})"),
            (Members{{"s", "a\"b"},
                     {"u", "18446744073709551615"},
                     {"i", "-3"},
                     {"f", "1.5"},
                     {"e", "1e-07"},
                     {"t", "true"},
                     {"n", "<none>"},
                     {"o", "<none>"},
                     {"a", "<none>"},
                     {"empty", ""}}));
  for (const char* number : {"18446744073709551615", "-3", "1.50", "1E-7", "1.5e300", "0.1"}) {
    EXPECT_EQ(member_texts(std::string("{\"n\":") + number + "}").front().second, parse_json(number).dump()) << number;
  }
}

TEST(ForEachMemberText, MeetsDuplicateKeysInDocumentOrder) {
  using Members = std::vector<std::pair<std::string, std::string>>;
  EXPECT_EQ(member_texts(R"({"b":"1","a":"2","b":"3"})"), (Members{{"b", "1"}, {"a", "2"}, {"b", "3"}}));
}

TEST(ForEachMemberText, RefusesWhatIsNoObjectWithoutCalling) {
  using Members = std::vector<std::pair<std::string, std::string>>;
  for (const char* text : {"[1]", "\"text\"", "null", "{\"a\":", "", "{\"a\":1}x"}) {
    EXPECT_EQ(member_texts(text), (Members{{"<refused>", ""}})) << text;
  }
}

}  // namespace
}  // namespace vigil::engine
