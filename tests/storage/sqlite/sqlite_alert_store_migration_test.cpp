// An alert store opened on a database of an earlier schema version.
#include <gtest/gtest.h>

#include <functional>

#include "storage/sqlite/migrations.hpp"
#include "storage/sqlite/sqlite_alert_store.hpp"
#include "tests/support/temp_dir.hpp"

namespace vigil::storage {
namespace {

using engine::AlertFilter;
using engine::AlertQuery;

// Migration 2 derives the new columns and tags from version-1 documents.
TEST(SqliteAlertStoreMigration, BackfillsTagsTacticsAndSearchFromVersionOneRows) {
  test::TempDir dir;
  {
    Connection c(dir / "old.db", {});
    migrate(c, 1);
    c.exec(R"sql(INSERT INTO alerts (id, rule_id, created_at, original_time, severity, risk_score, status, host, user,
      mitre, doc) VALUES ('v1', 'r', 1, NULL, 'low', 21, 'open', 'WS9', 'eve', ' T1098 T1098.002 ',
      '{"id":"v1","reason":"Old REASON","host":{"name":"WS9"},"user":{"name":"eve"},
        "process":{"command_line":"Cmd /C X"},"mitre":["T1098.002"],
        "threat":[{"tactic":{"id":"TA0003"},"technique":[{"id":"T1098"}]},"odd",{"tactic":{"id":"TA0005"}}]}'))sql");
    // Migration 2 filled `search` with SQLite's lower(), which leaves Cyrillic as it is.
    c.exec(R"sql(INSERT INTO alerts (id, rule_id, created_at, original_time, severity, risk_score, status, host, user,
      mitre, doc) VALUES ('v2', 'r', 2, NULL, 'low', 21, 'closed', 'WS8', 'eve', '',
      '{"id":"v2","reason":"СТАРЫЙ КЛЮЧ","host":{"name":"WS8"},"user":{"name":"eve"}}'))sql");
  }
  Database db{Database::Options{dir / "old.db"}};
  EXPECT_EQ(db.schema_version(), current_schema_version());
  SqliteAlertStore alerts{db};
  const auto count = [&](std::function<void(AlertFilter&)> set) {
    AlertQuery query;
    set(query.filter);
    return alerts.list(query).total;
  };
  EXPECT_EQ(count([](auto& f) { f.technique = "T1098"; }), 1u);
  EXPECT_EQ(count([](auto& f) { f.technique = "T1098.002"; }), 1u);
  EXPECT_EQ(count([](auto& f) { f.tactic = "TA0005"; }), 1u);
  EXPECT_EQ(count([](auto& f) { f.tactic = "TA0004"; }), 0u);
  EXPECT_EQ(count([](auto& f) { f.text = "old reason"; }), 1u);
  EXPECT_EQ(count([](auto& f) { f.text = "cmd /c x"; }), 1u);
  EXPECT_EQ(count([](auto& f) { f.text = "WS9"; }), 1u);
  EXPECT_EQ(count([](auto& f) { f.text = "старый ключ"; }), 1u);
  EXPECT_EQ(count([](auto& f) { f.classifications = {"none"}; }), 2u);
  EXPECT_EQ((*alerts.get("v1"))["status"], "open");
}

}  // namespace
}  // namespace vigil::storage
