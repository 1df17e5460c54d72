#include "storage/sqlite/sqlite_hunt_source.hpp"

#include <gtest/gtest.h>

#include "storage/sqlite/sqlite_event_store.hpp"
#include "tests/support/temp_dir.hpp"

namespace vigil::storage {
namespace {

engine::EventRecord email(const std::string& id, engine::TimeMs t, const std::string& subject,
                          engine::WriteMode mode = engine::WriteMode::kCreate) {
  engine::EventRecord r;
  r.index = "logs-m365_defender.event-vigil";
  r.id = id;
  r.mode = mode;
  r.timestamp = t;
  r.ingested = t;
  r.dataset = "m365_defender.EmailEvents";
  r.document = nlohmann::json({{"NetworkMessageId", id}, {"Subject", subject}, {"UrlCount", 2}}).dump();
  return r;
}

struct Fixture {
  test::TempDir dir;
  Database db{Database::Options{dir / "vigil.db"}};
  SqliteEventStore events{db};
  SqliteHuntSource source{db};

  std::vector<std::string> ids(engine::TableScan scan) {
    std::vector<std::string> out;
    source.scan(scan, [&](const engine::StoredEvent& e) {
      out.push_back(e.id + ":" + nlohmann::json::parse(e.document).value("Subject", ""));
      return true;
    });
    return out;
  }
};

engine::TableScan emails(engine::TimeMs start = 0, engine::TimeMs end = 1000) {
  return {{{"m365_defender.EmailEvents", {}}}, start, end, {}};
}

TEST(SqliteHuntSource, ScansCurrentVersionsOfTheDatasetsInTimeOrderWithinTheRange) {
  Fixture f;
  auto other = email("x", 5, "other table");
  other.dataset = "m365_defender.CloudAppEvents";
  f.events.write_batch(std::vector{email("b", 20, "b"), email("a", 10, "a"), other, email("late", 2000, "late")});
  // A replacement: hunting reads the current version only.
  f.events.write_batch(std::vector{email("a", 10, "a, corrected", engine::WriteMode::kIndex)});
  EXPECT_EQ(f.ids(emails()), (std::vector<std::string>{"a:a, corrected", "b:b"}));
  EXPECT_EQ(f.ids(emails(15, 1000)), (std::vector<std::string>{"b:b"}));
}

TEST(SqliteHuntSource, AppliesFieldEqualitiesItCanCheckOnTheText) {
  Fixture f;
  f.events.write_batch(std::vector{email("a", 10, "a"), email("b", 20, "b"), email("c\"q", 30, "c")});
  auto scan = emails();
  scan.equals.push_back({"NetworkMessageId", {"b"}});
  EXPECT_EQ(f.ids(scan), (std::vector<std::string>{"b:b"}));
  // A value that JSON escapes is not applied: every row comes, for the engine to check.
  scan.equals = {{"NetworkMessageId", {"c\"q"}}};
  EXPECT_EQ(f.ids(scan).size(), 3u);
  // A field holding a number passes: the engine converts it and compares.
  auto number = email("n", 40, "n");
  number.document = R"({"NetworkMessageId":5,"Subject":"n"})";
  f.events.write_batch(std::vector{number});
  scan.equals = {{"NetworkMessageId", {"5"}}};
  EXPECT_EQ(f.ids(scan), (std::vector<std::string>{"n:n"}));
}

TEST(SqliteHuntSource, LearnsTheTopLevelFieldsOfEachDatasetIncrementally) {
  Fixture f;
  f.events.write_batch(std::vector{email("a", 10, "a")});
  const std::vector<engine::DatasetSelector> datasets = {{"m365_defender.EmailEvents", {}}};
  auto fields = f.source.fields(datasets);
  ASSERT_EQ(fields.size(), 3u);
  EXPECT_EQ(fields[2].name, "UrlCount");
  EXPECT_EQ(fields[2].json_type, "number_integer");
  auto later = email("b", 20, "b");
  later.document = R"({"NetworkMessageId":"b","ISP":"x"})";
  f.events.write_batch(std::vector{later});
  fields = f.source.fields(datasets);
  ASSERT_EQ(fields.size(), 4u);
  EXPECT_EQ(fields[0].name, "ISP");
}

}  // namespace
}  // namespace vigil::storage
