// Hunting's column copy as migration 4 lays it out, read back with each
// column's hunting type, and refused when a column's SQL type is not the
// one its hunting type is kept as.
#include "storage/postgresql/hunt_layout.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "engine/store/store_error.hpp"
#include "tests/storage/postgresql/migrated_database.hpp"

namespace vigil::storage::postgresql {
namespace {

using PostgresHuntLayoutTest = testing::MigratedDatabase;

TEST_F(PostgresHuntLayoutTest, ReadsEachCopyWithItsColumnsHuntingTypes) {
  const auto tables = pool.with([](Connection& c) { return hunt_tables(c); });
  ASSERT_EQ(tables.size(), 6u);
  const auto emails = std::find_if(tables.begin(), tables.end(),
                                   [](const auto& t) { return t.dataset == "m365_defender.EmailEvents"; });
  ASSERT_NE(emails, tables.end());
  EXPECT_EQ(emails->name, "hunt_emailevents");
  EXPECT_EQ(emails->columns.front(), "Timestamp");
  EXPECT_EQ(emails->types.front(), engine::hunt::Type::kDateTime);
  // Dynamic columns stay in the document only.
  EXPECT_FALSE(emails->holds("AdditionalFields"));
  EXPECT_TRUE(emails->holds("UrlCount"));
}

TEST_F(PostgresHuntLayoutTest, RefusesAColumnNotKeptAsItsHuntingType) {
  pool.with([](Connection& c) {
    c.exec("ALTER TABLE hunt_emailurlinfo ALTER COLUMN \"Url\" TYPE text");
    try {
      hunt_tables(c);
      FAIL() << "a text column was taken for a string column";
    } catch (const engine::StoreError& e) {
      EXPECT_NE(std::string(e.what()).find("hunt_emailurlinfo has column Url of type text"), std::string::npos)
          << e.what();
    }
  });
}

}  // namespace
}  // namespace vigil::storage::postgresql
