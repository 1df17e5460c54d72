#pragma once

#include <string>

#include "engine/store/alert_store.hpp"
#include "storage/documents/alert_filter_sql.hpp"
#include "storage/sqlite/connection.hpp"

namespace vigil::storage {

// SQLite's spelling of the alert filters: lists travel as one JSON array,
// and text search folds the `search` column (lowered for ASCII only, some
// rows by SQLite's lower() in migration 2) at query time as the needle is
// folded, so old rows match too.
inline constexpr AlertSqlDialect kSqliteAlertSql{
    .in_list = "IN (SELECT value FROM json_each(?))",
    .tag_join = "CROSS JOIN",
    .search_contains = "contains_folded(search, ?)",
};

// Binds the values of `where` from parameter `first` on; returns the next free index.
int bind(const SqlWhere& where, Statement& stmt, int first = 1);

// Replaces the `alert_tags` rows of the alert stored at `seq` with
// alert_tags(alert), inside the caller's transaction.
void write_alert_tags(Connection& c, std::int64_t seq, const engine::Alert& alert);

}  // namespace vigil::storage
