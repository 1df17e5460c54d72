#include "engine/analytics/column_row.hpp"

#include <gtest/gtest.h>

#include "engine/analytics/column.hpp"
#include "engine/event/json_parse.hpp"
#include "engine/event/json_text.hpp"
#include "tests/support/test_data.hpp"

namespace vigil::engine::analytics {
namespace {

std::optional<std::string> owned(std::optional<std::string_view> text) {
  return text ? std::optional<std::string>(*text) : std::nullopt;
}

// A row read from its text must answer every lookup as column_text answers
// on the parsed row: the key as spelled, lowercased, uppercased, and absent.
void expect_as_column_text(const std::string& text) {
  const auto parsed = parse_json(text);
  ColumnRow from_text;
  ASSERT_TRUE(from_text.assign_document(text)) << text;
  const ColumnRow from_value(parsed);
  std::vector<std::string> names{"NoSuchColumn"};
  for (const auto& [key, value] : parsed.items()) {
    names.push_back(key);
    names.push_back(lowercase(key));
    std::string upper = key;
    for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    names.push_back(upper);
  }
  for (const auto& name : names) {
    EXPECT_EQ(owned(from_text.text(name)), column_text(parsed, name)) << name << " in " << text;
    EXPECT_EQ(owned(from_value.text(name)), column_text(parsed, name)) << name << " in " << text;
  }
}

TEST(ColumnRow, AnswersAsColumnText) {
  for (const char* text : {
           R"({"ISP":"none specified"})",
           R"({"Isp":"Contoso Telecom"})",
           R"({"isp":"lower","ISP":"upper","Isp":"mixed"})",
           R"({"A":null,"B":"","C":[1],"D":5,"E":true,"F":{"x":1},"G":-2.5,"H":18446744073709551615})",
           R"({"ISP":null,"isp":"x"})",
           R"({"same":"first","same":"last"})",
           R"({})",
       }) {
    expect_as_column_text(text);
  }
}

// The rows of the project's Defender streaming records (tests/data/defender):
// every table, ISP and Isp spellings, nulls, empty text, nested JSON and JSON
// text, numbers as text.
TEST(ColumnRow, AnswersAsColumnTextOnEveryDefenderStreamRow) {
  std::size_t rows = 0;
  for (const auto& record : test::read_json_lines(test::data_dir() / "defender/streaming_api_records.ndjson")) {
    ASSERT_TRUE(record.contains("properties") && record["properties"].is_object()) << record.dump();
    expect_as_column_text(json_text(record["properties"]));
    ++rows;
  }
  EXPECT_EQ(rows, 33u);
}

TEST(ColumnRow, RefusesTextThatIsNoObjectAndIsLeftEmpty) {
  ColumnRow row(nlohmann::json{{"A", "x"}});
  EXPECT_FALSE(row.assign_document("[1,2]"));
  EXPECT_EQ(row.text("A"), std::nullopt);
  EXPECT_FALSE(row.assign_document("{\"A\":"));
  EXPECT_TRUE(row.assign_document(R"({"A":"y"})"));
  EXPECT_EQ(row.text("a"), "y");
}

}  // namespace
}  // namespace vigil::engine::analytics
