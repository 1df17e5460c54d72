// Hunting's column copy as every backend makes it: which events get a row,
// each value converted as the hunting engine converts it, and the fields
// not recorded yet.
#include "storage/documents/hunt_copy.hpp"

#include <gtest/gtest.h>

#include "engine/store/store_error.hpp"

namespace vigil::storage {
namespace {

HuntCopy emails(HuntCopy::Recorded recorded = {}) {
  return HuntCopy({{"m365_defender.EmailEvents", "copy", 0, {"Timestamp", "UrlCount", "Subject"}, {}}},
                  std::move(recorded));
}

engine::EventRecord email(std::string document, std::optional<engine::TimeMs> timestamp = 10) {
  engine::EventRecord r{"i", "a", engine::WriteMode::kCreate, timestamp, 10};
  r.dataset = "m365_defender.EmailEvents";
  r.document = std::move(document);
  return r;
}

TEST(HuntCopy, ConvertsEachColumnAsHuntingDoesAndNamesTheFieldsNotRecordedYet) {
  auto copy = emails({{"m365_defender.EmailEvents", {"Subject"}}});
  ASSERT_EQ(copy.tables()[0].types,
            (std::vector<engine::hunt::Type>{engine::hunt::Type::kDateTime, engine::hunt::Type::kInt,
                                             engine::hunt::Type::kString}));
  const std::vector batch = {email(R"({"Timestamp":"2026-11-22T12:00:00Z","UrlCount":"3","Subject":5,"X":null})")};
  const auto rows = copy.extract(batch);
  ASSERT_TRUE(rows[0]);
  EXPECT_EQ(rows[0]->values[0].as_long(), 1795348800000);
  EXPECT_EQ(rows[0]->values[1].as_long(), 3);
  EXPECT_EQ(rows[0]->values[2].as_string(), "5");
  // Subject is recorded already; a null field is no field.
  EXPECT_EQ(rows[0]->new_fields,
            (std::vector<std::pair<std::string, std::string>>{{"Timestamp", "string"}, {"UrlCount", "string"}}));
  copy.recorded("m365_defender.EmailEvents", rows[0]->new_fields);
  EXPECT_TRUE(copy.extract(batch)[0]->new_fields.empty());
}

TEST(HuntCopy, GivesNoRowToAnEventWithoutTimestampOrCopyOrObject) {
  const auto copy = emails();
  auto other = email("{}");
  other.dataset = "windows.sysmon_operational";
  const std::vector batch = {email("{}", std::nullopt), other, email("[1]"), email("{}")};
  const auto rows = copy.extract(batch);
  EXPECT_FALSE(rows[0]);
  EXPECT_FALSE(rows[1]);
  EXPECT_FALSE(rows[2]);
  ASSERT_TRUE(rows[3]);
  EXPECT_TRUE(rows[3]->values[1].is_null());
}

TEST(HuntCopy, RefusesAColumnTheTableDoesNotDocument) {
  EXPECT_THROW(HuntCopy({{"m365_defender.EmailEvents", "copy", 0, {"Nonsense"}, {}}}, {}), engine::StoreError);
}

TEST(LearntFields, KeepsTheTypeFirstSeenAndTheLastSeqRead) {
  LearntFields learnt;
  learnt.learn(4, R"({"a":1,"b":0.5,"c":null})");
  learnt.learn(7, R"({"a":"text","d":[1]})");
  learnt.learn(9, "not json");
  EXPECT_EQ(learnt.last_seq, 9);
  EXPECT_EQ(learnt.fields,
            (std::map<std::string, std::string>{{"a", "number_integer"}, {"b", "number_float"}, {"d", "array"}}));
}

}  // namespace
}  // namespace vigil::storage
