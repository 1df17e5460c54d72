#pragma once

#include <string>

#include "engine/store/alert_store.hpp"
#include "storage/documents/alert_filter_sql.hpp"
#include "storage/sqlite/connection.hpp"

namespace vigil::storage {

// SQLite's spelling of the alert filters: lists travel as one JSON array,
// tags are probed per row in `alert_tags` (not `seq IN (...)`, so a page
// walks its sort index and stops at the limit instead of sorting every
// tagged alert), and text search folds the `search` column (lowered for
// ASCII only, some rows by SQLite's lower() in migration 2) at query time
// as the needle is folded, so old rows match too.
inline constexpr AlertSqlDialect kSqliteAlertSql{
    .in_list = "IN (SELECT value FROM json_each(?))",
    .tagged = "EXISTS (SELECT 1 FROM alert_tags WHERE tag = ? AND alert_seq = alerts.seq)",
    .search_contains = "contains_folded(search, ?)",
};

// Binds the values of `where` from parameter `first` on; returns the next free index.
int bind(const SqlWhere& where, Statement& stmt, int first = 1);

// The rows a filter selects, with the table expression they come from.
struct AlertSelection {
  std::string from = "alerts";
  SqlWhere where{kSqliteAlertSql};
  // Whether `where` reads `alerts` columns; when not, the rows can be
  // counted from the tag index alone, without the join.
  bool reads_alerts = true;
};

// Drives the selection from the (tag, at) index of the filter's technique
// (else its tactic): "alert_tags AS t CROSS JOIN alerts", the tag and any
// created_at bounds on `t`, so the filter's alerts come in creation order
// (t.at, t.alert_seq) however few or old they are. Requires a technique or
// a tactic in `filter`.
AlertSelection tagged_alert_selection(engine::AlertFilter filter);

// Replaces the `alert_tags` rows of the alert stored at `seq` with
// alert_tags(alert), inside the caller's transaction.
void write_alert_tags(Connection& c, std::int64_t seq, const engine::Alert& alert);

}  // namespace vigil::storage
