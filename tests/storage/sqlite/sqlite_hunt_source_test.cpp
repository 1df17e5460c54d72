// What SqliteHuntSource does beyond the HuntSource contract
// (tests/storage/hunt_source_contract_test.cpp): a database migrated from
// before the column copy.
#include "storage/sqlite/sqlite_hunt_source.hpp"

#include <gtest/gtest.h>

#include "storage/sqlite/migrations.hpp"
#include "storage/sqlite/sqlite_event_store.hpp"
#include "tests/support/temp_dir.hpp"

namespace vigil::storage {
namespace {

// The Subject of each row a field scan visits; nullopt when the source
// leaves the scan to the documents.
std::optional<std::vector<std::string>> copied_subjects(SqliteHuntSource& source) {
  const engine::TableScan scan{{{"m365_defender.EmailEvents", {}}}, 0, 1000, {}};
  const std::vector<std::string> fields = {"Subject"};
  std::vector<std::string> out;
  if (!source.scan_fields(scan, fields, [&](const engine::FieldRow& row) {
        out.emplace_back(row.values[0].text);
        return true;
      }))
    return std::nullopt;
  return out;
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
  engine::EventRecord r;
  r.index = "logs-m365_defender.event-vigil";
  r.id = "a";
  r.timestamp = 10;
  r.ingested = 10;
  r.dataset = "m365_defender.EmailEvents";
  r.document = R"({"NetworkMessageId":"a","Subject":"a"})";
  events.write_batch(std::vector{r});
  EXPECT_EQ(copied_subjects(source), std::nullopt);
  // Once retention has removed the older events, the copy serves them all.
  db.write([](Connection& c) { c.exec("DELETE FROM events WHERE id = 'old'"); });
  EXPECT_EQ(copied_subjects(source), (std::vector<std::string>{"a"}));
}

}  // namespace
}  // namespace vigil::storage
