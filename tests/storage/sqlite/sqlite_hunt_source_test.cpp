#include "storage/sqlite/sqlite_hunt_source.hpp"

#include <gtest/gtest.h>

#include "storage/sqlite/migrations.hpp"
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

TEST(SqliteHuntSource, LearnsFromTheDocumentsTheFieldsOfADatasetWithoutAColumnCopy) {
  Fixture f;
  auto process = email("p", 10, "");
  process.dataset = "m365_defender.DeviceProcessEvents";
  process.document = R"({"FileName":"cmd.exe","ProcessId":4})";
  f.events.write_batch(std::vector{process});
  const std::vector<engine::DatasetSelector> datasets = {{"m365_defender.DeviceProcessEvents", {}}};
  const auto fields = f.source.fields(datasets);
  ASSERT_EQ(fields.size(), 2u);
  EXPECT_EQ(fields[0].name, "FileName");
  EXPECT_EQ(fields[1].json_type, "number_integer");
}

// "field=value" for each field of each row a field scan visits.
std::vector<std::string> field_rows(SqliteHuntSource& source, const engine::TableScan& scan,
                                    const std::vector<std::string>& fields, bool* copied = nullptr) {
  std::vector<std::string> out;
  const bool read = source.scan_fields(scan, fields, [&](const engine::FieldRow& row) {
    std::string text = std::to_string(row.timestamp);
    for (std::size_t i = 0; i < fields.size(); ++i) {
      const auto& v = row.values[i];
      text += " " + fields[i] + "=";
      if (v.kind == engine::FieldValue::Kind::kText) text += std::string(v.text);
      if (v.kind == engine::FieldValue::Kind::kInteger) text += std::to_string(v.integer);
    }
    out.push_back(text);
    return true;
  });
  if (copied != nullptr) *copied = read;
  return out;
}

TEST(SqliteHuntSource, ReadsTheFieldsItsColumnCopyHoldsInTimeOrderWithEqualitiesApplied) {
  Fixture f;
  f.events.write_batch(std::vector{email("b", 20, "b"), email("a", 10, "a"), email("late", 2000, "late")});
  f.events.write_batch(std::vector{email("a", 10, "a, corrected", engine::WriteMode::kIndex)});
  const std::vector<std::string> fields = {"Subject", "UrlCount"};
  EXPECT_EQ(field_rows(f.source, emails(), fields),
            (std::vector<std::string>{"10 Subject=a, corrected UrlCount=2", "20 Subject=b UrlCount=2"}));
  auto scan = emails();
  scan.equals.push_back({"NetworkMessageId", {"b", "late"}});
  EXPECT_EQ(field_rows(f.source, scan, fields), (std::vector<std::string>{"20 Subject=b UrlCount=2"}));
}

TEST(SqliteHuntSource, LeavesToDocumentScansWhatItsColumnCopyDoesNotHold) {
  Fixture f;
  f.events.write_batch(std::vector{email("a", 10, "a")});
  bool copied = true;
  // A dynamic column, a field outside Microsoft's schema, a table without a copy.
  EXPECT_TRUE(field_rows(f.source, emails(), {"AdditionalFields"}, &copied).empty());
  EXPECT_FALSE(copied);
  EXPECT_TRUE(field_rows(f.source, emails(), {"ISP"}, &copied).empty());
  EXPECT_FALSE(copied);
  engine::TableScan processes{{{"windows.sysmon_operational", {"1"}}}, 0, 1000, {}};
  EXPECT_TRUE(field_rows(f.source, processes, {"Subject"}, &copied).empty());
  EXPECT_FALSE(copied);
}

TEST(SqliteHuntSource, LeavesToDocumentScansADatasetWithEventsStoredBeforeTheCopyBegan) {
  test::TempDir dir;
  {
    Connection c(dir / "old.db", {});
    migrate(c, current_schema_version() - 1);
    c.exec(
        "INSERT INTO events (idx, id, ts, ingested, category, dataset, doc) VALUES ('i', 'old', 5, 5, ' ', "
        "'m365_defender.EmailEvents', '{\"Subject\":\"old\"}')");
  }
  Database db{Database::Options{dir / "old.db"}};
  SqliteEventStore events{db};
  SqliteHuntSource source{db};
  events.write_batch(std::vector{email("a", 10, "a")});
  bool copied = true;
  EXPECT_TRUE(field_rows(source, emails(), {"Subject"}, &copied).empty());
  EXPECT_FALSE(copied);
  // Once retention has removed the older events, the copy serves them all.
  db.write([](Connection& c) { c.exec("DELETE FROM events WHERE id = 'old'"); });
  EXPECT_EQ(field_rows(source, emails(), {"Subject"}, &copied), (std::vector<std::string>{"10 Subject=a"}));
  EXPECT_TRUE(copied);
}

}  // namespace
}  // namespace vigil::storage
