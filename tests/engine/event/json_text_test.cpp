#include "engine/event/json_text.hpp"

#include <gtest/gtest.h>

#include "tests/engine/event/real_documents.hpp"

namespace vigil::engine {
namespace {

std::string reference(const nlohmann::json& value) {
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

TEST(JsonText, EqualsNlohmannsDumpForEveryKindOfValue) {
  std::string every_ascii_byte;
  for (int c = 1; c < 0x80; ++c) every_ascii_byte.push_back(static_cast<char>(c));
  const std::vector<nlohmann::json> values = {
      nullptr,
      true,
      false,
      0,
      -1,
      std::numeric_limits<std::int64_t>::min(),
      std::numeric_limits<std::uint64_t>::max(),
      0.1,
      -2.5e-300,
      1e300,
      "",
      every_ascii_byte,
      std::string("nul \0 inside", 12),
      "C:\\Windows\\System32\\cmd.exe /c \"echo\"",
      "caf\xc3\xa9 \xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x98\x80",  // UTF-8 of 2, 3 and 4 bytes
      "bad \xff\xfe utf-8 \xc3",                                // replaced by U+FFFD
      nlohmann::json::object(),
      nlohmann::json::array(),
      {{"b", {1, 2.5, "x", nullptr, {{"z", nlohmann::json::array()}}}}, {"a", {{"\t", "\x7f"}}}, {"\xc3\xa9", 1}},
      nlohmann::json::parse(R"([[[]],{"":{"":[{}]}},-0.0,1e-7,123456789.125])"),
  };
  for (const auto& value : values) EXPECT_EQ(json_text(value), reference(value)) << reference(value);
}

// Plain bytes are skipped eight at a time: every byte that needs attention
// must be seen at every offset in and across those words.
TEST(JsonText, EscapesAndNonAsciiBytesAtEveryOffsetOfLongStrings) {
  for (const std::string& special : std::vector<std::string>{"\"", "\\", "\n", std::string(1, '\x01'), "\x1f", "\x7f",
                                                             " ", "~", "\xc3\xa9", "\xff", std::string(1, '\0')}) {
    for (std::size_t length = 0; length <= 40; ++length) {
      for (std::size_t at = 0; at <= length; ++at) {
        const nlohmann::json value = std::string(at, 'a') + special + std::string(length - at, 'b');
        ASSERT_EQ(json_text(value), reference(value)) << reference(value);
      }
    }
  }
}

TEST(JsonText, AppendsAfterWhatIsThere) {
  std::string out = "prefix:";
  append_json_text(out, {{"k", "v"}});
  EXPECT_EQ(out, R"(prefix:{"k":"v"})");
}

// Every .json and .jsonl document under tests/data (real_documents.hpp):
// Windows events and the project's test data (paths, quotes, non-ASCII
// names, numbers).
TEST(JsonText, EqualsNlohmannsDumpOnEveryRealDocument) {
  const auto documents = testing::real_documents();
  for (const auto& [path, doc] : documents) ASSERT_EQ(json_text(doc), reference(doc)) << path;
  EXPECT_GT(documents.size(), 10u);
}

}  // namespace
}  // namespace vigil::engine
