// Long strings cut out of JSON text without parsing it: at character
// boundaries, with a marker, naming the fields cut and the top-level spans.
#include "engine/event/json_string_cut.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace vigil::engine {
namespace {

using nlohmann::json;

JsonStringCut cut(const std::string& text, std::size_t max) {
  auto out = cut_long_strings(text, max);
  EXPECT_TRUE(out) << text;
  return out ? std::move(*out) : JsonStringCut{};
}

TEST(JsonStringCut, CopiesATextWithNoLongStringAsItIs) {
  for (const char* text : {R"({})", R"({"a":"four","b":[1,-2.5e+3,true,false,null],"c":{"d":{}}})",
                           R"({"k":"\"\\\n\u0001é😀"})"}) {
    const auto out = cut(text, 64);
    EXPECT_EQ(out.text, text);
    EXPECT_TRUE(out.cut_fields.empty());
  }
}

TEST(JsonStringCut, CutsLongValuesWithAMarkerAndNamesTheirFields) {
  const json doc = {{"event", {{"message", std::string(100, 'm')}, {"short", "ok"}}},
                    {"process", {{"args", {std::string(50, 'a'), "b", std::string(60, 'c')}}}},
                    {std::string(100, 'k'), 1}};
  const auto out = cut(doc.dump(), 10);
  auto expected = doc;
  expected["event"]["message"] = std::string(10, 'm') + "\xe2\x80\xa6[truncated 90 bytes]";
  expected["process"]["args"] = {std::string(10, 'a') + "\xe2\x80\xa6[truncated 40 bytes]", "b",
                                 std::string(10, 'c') + "\xe2\x80\xa6[truncated 50 bytes]"};
  EXPECT_EQ(out.text, expected.dump());
  EXPECT_EQ(out.cut_fields, (std::vector<std::string>{"event.message", "process.args"}));
}

TEST(JsonStringCut, NeverCutsInsideACharacterOrAnEscape) {
  // "é" is 2 bytes, "😀" 4, "\n" 2 and "\u0001" 6 of text: a cut at 5 bytes
  // keeps what ends by byte 5 and no more.
  const std::pair<std::string, std::string> cases[] = {
      {"abcd\xc3\xa9x", "abcd"},
      {"abc\xf0\x9f\x98\x80x", "abc"},
      {"abcd\\nx", "abcd"},
      {"a\\u0001x", "a"},
      {"a\\ud83d\\ude00x", "a"},
      {"ab\\nc\\u0001", "ab\\nc"},
  };
  for (const auto& [text, kept] : cases) {
    const auto out = cut(R"({"s":")" + text + R"("})", 5);
    const auto left = text.size() - kept.size();
    EXPECT_EQ(out.text, R"({"s":")" + kept + "\xe2\x80\xa6[truncated " + std::to_string(left) + R"( bytes]"})")
        << text;
    EXPECT_FALSE(json::parse(out.text, nullptr, false).is_discarded()) << out.text;
  }
}

TEST(JsonStringCut, GivesTheSpanOfEachTopLevelValue) {
  const auto out = cut(R"({"a":1,"b":{"c":[2,3]},"d":")" + std::string(20, 'x') + R"("})", 4);
  ASSERT_EQ(out.members.size(), 3u);
  const auto value = [&](std::size_t i) {
    return out.text.substr(out.members[i].begin, out.members[i].end - out.members[i].begin);
  };
  EXPECT_EQ(out.members[0].key, "a");
  EXPECT_EQ(value(0), "1");
  EXPECT_EQ(out.members[1].key, "b");
  EXPECT_EQ(value(1), R"({"c":[2,3]})");
  EXPECT_EQ(out.members[2].key, "d");
  EXPECT_EQ(value(2), "\"xxxx\xe2\x80\xa6[truncated 16 bytes]\"");
}

TEST(JsonStringCut, BoundsTheListOfFieldsCut) {
  json doc;
  const std::string long_key(1000, 'k');
  for (int i = 0; i < 150; ++i) doc[std::to_string(1000 + i) + long_key] = std::string(20, 'v');
  const auto out = cut(doc.dump(), 4);
  ASSERT_EQ(out.cut_fields.size(), kMaxCutFieldNames);
  for (const auto& name : out.cut_fields) EXPECT_LE(name.size(), kMaxCutFieldNameBytes);
  EXPECT_EQ(json::parse(out.text).size(), 150u);
}

TEST(JsonStringCut, RefusesWhatIsNoObject) {
  for (const char* text : {"", "[]", "\"s\"", "{", R"({"a":"unterminated)", R"({"a":1}x)"})
    EXPECT_FALSE(cut_long_strings(text, 4)) << text;
}

}  // namespace
}  // namespace vigil::engine
