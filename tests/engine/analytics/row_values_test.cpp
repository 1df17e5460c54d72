#include "engine/analytics/row_values.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>

namespace vigil::engine::analytics {
namespace {

// A check and an evidence kind of the kind content registers, reading columns of their own.
class TallyKind final : public GroupEvidenceKind {
 public:
  std::vector<std::string_view> columns_read() const override { return {"EmailDirection", "RecipientDomain"}; }
  std::unique_ptr<GroupEvidence> start(StringPool&, const AggregationSpec&) const override { return nullptr; }
};

const AggregationExtensions& extensions() {
  static const auto made = [] {
    AggregationExtensions e;
    e.row_checks.add("senders_set", RowCheck{[](const ColumnRow& row) { return row.text("SenderFromAddress").has_value(); },
                                             {"SenderMailFromAddress", "SenderFromAddress"}});
    e.group_evidence.add("tally", std::make_shared<TallyKind>());
    return e;
  }();
  return made;
}

AggregationSpec read_spec(nlohmann::json extra) {
  auto read = read_aggregation_spec(extra, extensions());
  if (auto* error = std::get_if<std::string>(&read)) throw std::runtime_error(*error);
  return std::get<AggregationSpec>(std::move(read));
}

nlohmann::json mail_volume_settings() {
  return {{"dataset", "m365_defender.EmailEvents"},
          {"non_empty", {"SenderObjectId", "Connectors"}},
          {"group_by", {"Connectors", "SenderObjectId"}},
          {"multi_valued", {"Connectors"}},
          {"bin", "1h"},
          {"metric", "distinct_count(NetworkMessageId)"},
          {"threshold", 100},
          {"checks", {"senders_set"}},
          {"value_sets", {"ISP", "Location"}},
          {"evidence", "tally"}};
}

bool has(const std::vector<std::string>& columns, std::string_view name) {
  return std::find(columns.begin(), columns.end(), name) != columns.end();
}

TEST(RowValues, RecordsEveryColumnTheSpecReadsOnceInOrder) {
  const auto columns = recorded_columns(read_spec(mail_volume_settings()));
  ASSERT_TRUE(columns);
  for (const auto* name : {"SenderObjectId", "Connectors", "NetworkMessageId", "ISP", "Location", "EmailDirection",
                           "SenderMailFromAddress", "SenderFromAddress", "RecipientDomain"}) {
    EXPECT_TRUE(has(*columns, name)) << name;
  }
  EXPECT_TRUE(std::is_sorted(columns->begin(), columns->end()));
  EXPECT_EQ(std::adjacent_find(columns->begin(), columns->end()), columns->end());
  EXPECT_FALSE(has(*columns, "Subject"));
}

TEST(RowValues, ASpecWithAFilterOrAFollowUpReadsDocuments) {
  auto settings = mail_volume_settings();
  settings["filter"] = R"(EmailDirection == "Inbound")";
  EXPECT_FALSE(recorded_columns(read_spec(settings)));
}

TEST(RowValues, EncodedValuesReadBackAsTheRowAnswered) {
  const nlohmann::json document = {{"connectors", "Relay-1, Relay-2"},  // found case-insensitively
                                   {"SenderObjectId", ""},              // empty: no value
                                   {"Count", 7},
                                   {"Flag", true},
                                   {"Nested", {{"a", 1}}},
                                   {"Long", std::string(300, 'x')}};
  const std::vector<std::string> columns{"Connectors", "Count", "Flag", "Long", "Missing", "Nested", "SenderObjectId"};
  const ColumnRow source(document);
  ColumnRow row;
  ASSERT_TRUE(row.assign_values(columns, encode_row_values(source, columns)));
  for (const auto& column : columns) EXPECT_EQ(row.text(column), source.text(column)) << column;
  EXPECT_EQ(row.text("connectors"), "Relay-1, Relay-2");  // a recorded column answers to any case
  EXPECT_EQ(row.text("Long")->size(), 300u);              // a two-byte size
  EXPECT_EQ(row.text("Subject"), std::nullopt);
}

TEST(RowValues, ARecordThatDoesNotFitTheColumnsIsRefusedAndLeavesTheRowEmpty) {
  const std::vector<std::string> two{"A", "B"};
  const auto encoded = encode_row_values(ColumnRow(nlohmann::json{{"A", "x"}, {"B", "yz"}}), two);
  ColumnRow row;
  ASSERT_TRUE(row.assign_values(two, encoded));
  EXPECT_FALSE(row.assign_values({"A"}, encoded));                        // values left over
  EXPECT_EQ(row.text("A"), std::nullopt);
  EXPECT_FALSE(row.assign_values({"A", "B", "C"}, encoded));              // too few values
  EXPECT_FALSE(row.assign_values(two, encoded.substr(0, encoded.size() - 1)));  // cut short
  EXPECT_FALSE(row.assign_values(two, std::string(12, '\xff')));          // an endless size
  EXPECT_TRUE(row.assign_values({}, ""));
}

}  // namespace
}  // namespace vigil::engine::analytics
