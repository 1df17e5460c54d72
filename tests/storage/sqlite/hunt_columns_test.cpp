#include "storage/sqlite/hunt_columns.hpp"

#include <gtest/gtest.h>

#include "storage/sqlite/sqlite_event_store.hpp"
#include "tests/support/temp_dir.hpp"

namespace vigil::storage {
namespace {

engine::EventRecord email(const std::string& id, std::optional<engine::TimeMs> t, nlohmann::json doc,
                          engine::WriteMode mode = engine::WriteMode::kCreate) {
  engine::EventRecord r;
  r.index = "logs-m365_defender.event-vigil";
  r.id = id;
  r.mode = mode;
  r.timestamp = t;
  r.ingested = t.value_or(0);
  r.dataset = "m365_defender.EmailEvents";
  r.document = doc.dump();
  return r;
}

struct Fixture {
  test::TempDir dir;
  Database db{Database::Options{dir / "vigil.db"}};
  SqliteEventStore events{db};

  std::string text(const std::string& sql) {
    return db.read([&](Connection& c) {
      auto& stmt = c.prepare(sql);
      std::string out;
      while (stmt.step()) out += (out.empty() ? "" : "|") + stmt.column_text(0);
      stmt.reset();
      return out;
    });
  }
};

TEST(HuntColumns, ReadsTheLayoutTheMigrationMadeWithEachColumnsHuntingType) {
  Fixture f;
  const auto columns = f.db.read([](Connection& c) { return HuntColumns(c); });
  const auto* emails = columns.find("m365_defender.EmailEvents");
  ASSERT_NE(emails, nullptr);
  EXPECT_EQ(emails->name, "hunt_EmailEvents");
  EXPECT_EQ(emails->columns.front(), "Timestamp");
  EXPECT_EQ(emails->types.front(), engine::hunt::Type::kDateTime);
  // Dynamic columns stay in the document only.
  EXPECT_EQ(std::find(emails->columns.begin(), emails->columns.end(), "AdditionalFields"), emails->columns.end());
  EXPECT_EQ(columns.find("windows.sysmon_operational"), nullptr);
}

TEST(HuntColumns, CopiesEachEventsValuesConvertedAsHuntingConvertsThem) {
  Fixture f;
  f.events.write_batch(std::vector{email("a", 10,
                                         {{"Timestamp", "2026-11-22T12:00:00Z"},
                                          {"NetworkMessageId", "a"},
                                          {"UrlCount", 2},
                                          {"EmailClusterId", "17"},
                                          {"Subject", 5}}),
                                   email("no time", std::nullopt, {{"NetworkMessageId", "n"}})});
  EXPECT_EQ(f.text("SELECT ts || ' ' || Timestamp || ' ' || NetworkMessageId || ' ' || UrlCount || ' ' || "
                   "EmailClusterId || ' ' || Subject || ' ' || typeof(EmailClusterId) || ' [' || "
                   "SenderObjectId || ']' FROM hunt_EmailEvents"),
            "10 1795348800000 a 2 17 5 integer []");
}

TEST(HuntColumns, ACopyGoesWithItsEventWhenReplacedOrDeleted) {
  Fixture f;
  f.events.write_batch(
      std::vector{email("a", 10, {{"NetworkMessageId", "first"}}), email("b", 20, {{"NetworkMessageId", "b"}})});
  f.events.write_batch(std::vector{email("a", 10, {{"NetworkMessageId", "second"}}, engine::WriteMode::kIndex)});
  EXPECT_EQ(f.text("SELECT NetworkMessageId FROM hunt_EmailEvents ORDER BY ts, seq"), "second|b");
  f.db.write([](Connection& c) { c.exec("DELETE FROM events WHERE id = 'b'"); });
  EXPECT_EQ(f.text("SELECT NetworkMessageId FROM hunt_EmailEvents"), "second");
}

TEST(HuntColumns, RecordsTheTopLevelFieldsOfTheDocumentsWithTheTypeFirstSeen) {
  Fixture f;
  f.events.write_batch(std::vector{email("a", 10, {{"NetworkMessageId", "a"}, {"ISP", 5}, {"Gone", nullptr}})});
  f.events.write_batch(std::vector{email("b", 20, {{"NetworkMessageId", "b"}, {"ISP", "text"}, {"Extra", {1}}})});
  EXPECT_EQ(f.text("SELECT name || ':' || json_type FROM hunt_fields ORDER BY name"),
            "Extra:array|ISP:number_integer|NetworkMessageId:string");
}

}  // namespace
}  // namespace vigil::storage
