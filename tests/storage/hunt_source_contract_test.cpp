// The HuntSource contract (engine/store/hunt_source.hpp) over the events an
// EventStore stored, run against every storage backend: a real SQLite file
// and a real PostgreSQL database.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "engine/hunt/query.hpp"
#include "tests/storage/store_backend.hpp"

namespace vigil::storage::testing {
namespace {

constexpr engine::TimeMs kDay = 86'400'000;

engine::EventRecord email(const std::string& id, engine::TimeMs t, const std::string& subject,
                          engine::WriteMode mode = engine::WriteMode::kCreate) {
  return {.index = "logs-m365_defender.event-vigil",
          .id = id,
          .mode = mode,
          .timestamp = t,
          .ingested = t,
          .dataset = "m365_defender.EmailEvents",
          .document = nlohmann::json({{"NetworkMessageId", id}, {"Subject", subject}, {"UrlCount", 2}}).dump()};
}

engine::TableScan emails(engine::TimeMs start = 0, engine::TimeMs end = 1000) {
  return {{{"m365_defender.EmailEvents", {}}}, start, end, {}};
}

class HuntSourceContract : public ::testing::TestWithParam<BackendFactory> {
 protected:
  std::unique_ptr<StoreBackend> backend = GetParam().make();
  engine::EventStore& events = backend->events();
  engine::HuntSource& source = backend->hunt();

  void write(std::vector<engine::EventRecord> batch) { events.write_batch(batch); }

  // "id:Subject" of each event a scan visits.
  std::vector<std::string> ids(const engine::TableScan& scan) {
    std::vector<std::string> out;
    source.scan(scan, [&](const engine::StoredEvent& e) {
      out.push_back(e.id + ":" + nlohmann::json::parse(e.document).value("Subject", ""));
      return true;
    });
    return out;
  }

  // "time field=value ..." for each row a field scan visits.
  std::vector<std::string> field_rows(const engine::TableScan& scan, const std::vector<std::string>& fields,
                                      bool* copied = nullptr) {
    std::vector<std::string> out;
    const bool read = source.scan_fields(scan, fields, [&](const engine::FieldRow& row) {
      std::string text = std::to_string(row.timestamp);
      for (std::size_t i = 0; i < fields.size(); ++i) {
        const auto& v = row.values[i];
        text += " " + fields[i] + "=";
        if (v.kind == engine::FieldValue::Kind::kText) text += std::string(v.text);
        if (v.kind == engine::FieldValue::Kind::kInteger) text += std::to_string(v.integer);
        if (v.kind == engine::FieldValue::Kind::kReal) text += std::to_string(v.real);
        if (v.kind == engine::FieldValue::Kind::kNull) text += "null";
      }
      out.push_back(text);
      return true;
    });
    if (copied != nullptr) *copied = read;
    return out;
  }
};

TEST_P(HuntSourceContract, ScansCurrentVersionsOfTheDatasetsInTimeOrderWithinTheRange) {
  auto other = email("x", 5, "other table");
  other.dataset = "m365_defender.CloudAppEvents";
  write({email("b", 20, "b"), email("a", 10, "a"), other, email("late", 2000, "late")});
  // A replacement: hunting reads the current version only.
  write({email("a", 10, "a, corrected", engine::WriteMode::kIndex)});
  EXPECT_EQ(ids(emails()), (std::vector<std::string>{"a:a, corrected", "b:b"}));
  EXPECT_EQ(ids(emails(15, 1000)), (std::vector<std::string>{"b:b"}));
  EXPECT_TRUE(ids(emails(30, 20)).empty());
}

TEST_P(HuntSourceContract, AppliesFieldEqualitiesItCanCheckOnTheText) {
  write({email("a", 10, "a"), email("b", 20, "b"), email("c\"q", 30, "c")});
  auto scan = emails();
  scan.equals.push_back({"NetworkMessageId", {"b"}});
  EXPECT_EQ(ids(scan), (std::vector<std::string>{"b:b"}));
  // A value that JSON escapes is not applied: every row comes, for the engine to check.
  scan.equals = {{"NetworkMessageId", {"c\"q"}}};
  EXPECT_EQ(ids(scan).size(), 3u);
  // A field holding a number passes: the engine converts it and compares.
  auto number = email("n", 40, "n");
  number.document = R"({"NetworkMessageId":5,"Subject":"n"})";
  write({number});
  scan.equals = {{"NetworkMessageId", {"5"}}};
  EXPECT_EQ(ids(scan), (std::vector<std::string>{"n:n"}));
  // A field outside the copy is checked on the text alone.
  scan.equals = {{"Subject", {"a", "c"}}, {"NetworkMessageId", {"a", "b", "c\"q"}}};
  EXPECT_EQ(ids(scan), (std::vector<std::string>{"a:a", "c\"q:c"}));
}

TEST_P(HuntSourceContract, LearnsTheTopLevelFieldsOfEachDatasetIncrementally) {
  write({email("a", 10, "a")});
  const std::vector<engine::DatasetSelector> datasets = {{"m365_defender.EmailEvents", {}}};
  auto fields = source.fields(datasets);
  ASSERT_EQ(fields.size(), 3u);
  EXPECT_EQ(fields[2].name, "UrlCount");
  EXPECT_EQ(fields[2].json_type, "number_integer");
  auto later = email("b", 20, "b");
  later.document = R"({"NetworkMessageId":"b","ISP":"x","Gone":null})";
  write({later});
  fields = source.fields(datasets);
  ASSERT_EQ(fields.size(), 4u);
  // In byte order: upper case first.
  EXPECT_EQ(fields[0].name, "ISP");
}

TEST_P(HuntSourceContract, LearnsFromTheDocumentsTheFieldsOfADatasetWithoutAColumnCopy) {
  auto process = email("p", 10, "");
  process.dataset = "m365_defender.DeviceProcessEvents";
  process.document = R"({"FileName":"cmd.exe","ProcessId":4})";
  write({process});
  const std::vector<engine::DatasetSelector> datasets = {{"m365_defender.DeviceProcessEvents", {}}};
  auto fields = source.fields(datasets);
  ASSERT_EQ(fields.size(), 2u);
  EXPECT_EQ(fields[0].name, "FileName");
  EXPECT_EQ(fields[1].json_type, "number_integer");
  process.id = "q";
  process.document = R"({"FileName":"cmd.exe","Ratio":0.5})";
  write({process});
  fields = source.fields(datasets);
  ASSERT_EQ(fields.size(), 3u);
  EXPECT_EQ(fields[2].name, "Ratio");
  EXPECT_EQ(fields[2].json_type, "number_float");
}

TEST_P(HuntSourceContract, ReadsTheFieldsItsColumnCopyHoldsInTimeOrderWithEqualitiesApplied) {
  write({email("b", 20, "b"), email("a", 10, "a"), email("late", 2000, "late")});
  write({email("a", 10, "a, corrected", engine::WriteMode::kIndex)});
  const std::vector<std::string> fields = {"Subject", "UrlCount"};
  EXPECT_EQ(field_rows(emails(), fields),
            (std::vector<std::string>{"10 Subject=a, corrected UrlCount=2", "20 Subject=b UrlCount=2"}));
  auto scan = emails();
  scan.equals.push_back({"NetworkMessageId", {"b", "late"}});
  EXPECT_EQ(field_rows(scan, fields), (std::vector<std::string>{"20 Subject=b UrlCount=2"}));
}

TEST_P(HuntSourceContract, CopiesEachColumnConvertedAsHuntingConvertsIt) {
  auto e = email("a", 10, "");
  e.document = nlohmann::json({{"Timestamp", "2026-11-22T12:00:00Z"},
                               {"NetworkMessageId", "a"},
                               {"UrlCount", 2.0},
                               {"EmailClusterId", "17"},
                               {"Subject", 5},
                               {"SenderDisplayName", std::string("nul\0byte", 8)}})
                   .dump();
  auto no_time = email("n", 10, "n");
  no_time.timestamp.reset();
  write({e, no_time});
  EXPECT_EQ(
      field_rows(emails(), {"Timestamp", "UrlCount", "EmailClusterId", "Subject", "SenderObjectId"}),
      (std::vector<std::string>{"10 Timestamp=1795348800000 UrlCount=2 EmailClusterId=17 Subject=5 SenderObjectId="}));
  const auto rows = field_rows(emails(), {"SenderDisplayName"});
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0], std::string("10 SenderDisplayName=nul\0byte", 29));
}

TEST_P(HuntSourceContract, ACopyGoesWithItsEventWhenReplacedInTheSameBatchOrOnAnotherDay) {
  write({email("a", 10, "first"), email("a", 10, "second", engine::WriteMode::kIndex), email("b", 20, "b")});
  write({email("b", kDay + 20, "b, a day later", engine::WriteMode::kIndex)});
  auto scan = emails(0, 2 * kDay);
  EXPECT_EQ(field_rows(scan, {"Subject"}),
            (std::vector<std::string>{"10 Subject=second", std::to_string(kDay + 20) + " Subject=b, a day later"}));
  scan.equals.push_back({"NetworkMessageId", {"b"}});
  EXPECT_EQ(ids(scan), (std::vector<std::string>{"b:b, a day later"}));
}

TEST_P(HuntSourceContract, LeavesToDocumentScansWhatItsColumnCopyDoesNotHold) {
  write({email("a", 10, "a")});
  bool copied = true;
  // A dynamic column, a field outside Microsoft's schema, a table without a copy.
  EXPECT_TRUE(field_rows(emails(), {"AdditionalFields"}, &copied).empty());
  EXPECT_FALSE(copied);
  EXPECT_TRUE(field_rows(emails(), {"ISP"}, &copied).empty());
  EXPECT_FALSE(copied);
  engine::TableScan processes{{{"windows.sysmon_operational", {"1"}}}, 0, 1000, {}};
  EXPECT_TRUE(field_rows(processes, {"Subject"}, &copied).empty());
  EXPECT_FALSE(copied);
}

TEST_P(HuntSourceContract, AScanStopsWhenItsVisitorSaysSo) {
  write({email("a", 10, "a"), email("b", 20, "b"), email("c", 30, "c")});
  int visited = 0;
  source.scan(emails(), [&](const engine::StoredEvent&) { return ++visited < 2; });
  EXPECT_EQ(visited, 2);
  visited = 0;
  const std::vector<std::string> fields = {"Subject"};
  source.scan_fields(emails(), fields, [&](const engine::FieldRow&) { return ++visited < 2; });
  EXPECT_EQ(visited, 2);
  // And the store goes on.
  EXPECT_EQ(ids(emails()).size(), 3u);
}

// The hunting engine end to end on the source: a point query through the
// copy's NetworkMessageId index, and a summarize read from the copy alone.
TEST_P(HuntSourceContract, RunsKqlQueriesEndToEnd) {
  auto bulk = email("c", 30, "c");
  bulk.document = R"({"NetworkMessageId":"c","Subject":"c","UrlCount":7})";
  write({email("a", 10, "a"), email("b", 20, "b"), bulk});
  const auto run = [&](const std::string& query) {
    const auto outcome =
        engine::hunt::run_hunt({query, std::nullopt, {}}, source, 1000, [] { return engine::TimeMs{1000}; });
    if (const auto* failure = std::get_if<engine::hunt::HuntFailure>(&outcome)) return failure->message;
    nlohmann::json rows = nlohmann::json::array();
    const auto& result = std::get<engine::hunt::HuntResult>(outcome);
    for (const auto& row : result.rows) {
      nlohmann::json o = nlohmann::json::object();
      for (std::size_t i = 0; i < row.size(); ++i) o[result.schema.columns[i].name] = engine::hunt::to_json(row[i]);
      rows.push_back(std::move(o));
    }
    return rows.dump();
  };
  EXPECT_EQ(run(R"(EmailEvents | where NetworkMessageId == "b" | project Subject, UrlCount)"),
            R"([{"Subject":"b","UrlCount":2}])");
  EXPECT_EQ(run("EmailEvents | summarize n = count() by UrlCount | sort by UrlCount asc"),
            R"([{"UrlCount":2,"n":2},{"UrlCount":7,"n":1}])");
}

INSTANTIATE_TEST_SUITE_P(SQLite, HuntSourceContract, ::testing::Values(sqlite_backend()), backend_name);
INSTANTIATE_TEST_SUITE_P(PostgreSQL, HuntSourceContract, ::testing::Values(postgresql_backend()), backend_name);

}  // namespace
}  // namespace vigil::storage::testing
