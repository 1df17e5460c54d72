#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "engine/store/alert_store.hpp"

namespace vigil::storage {

// What the alert filters need of a backend's SQL beyond what SQLite and
// PostgreSQL spell alike. Each fragment holds one `?` for its parameter.
struct AlertSqlDialect {
  // After a column: the column holds one of a list of texts bound as one
  // parameter (SqlWhere::Value's vector).
  std::string_view in_list;
  // Joins `alert_tags AS t` to `alerts` keeping that order: the tag's
  // index drives the query (SQLite's planner takes CROSS JOIN as an order).
  std::string_view tag_join;
  // The `search` column contains the bound, case-folded needle.
  std::string_view search_contains;
  // Whether parameters are numbered ($1, $2 ...) rather than `?`.
  bool numbered = false;
  // Whether ORDER BY must say where NULLs go for them to come first
  // ascending and last descending (SQLite's default, PostgreSQL's reverse).
  bool spell_null_order = false;
};

// A WHERE clause over the `alerts` table built from conditions that each
// carry their own bound values: user input never becomes SQL text.
// Conditions are written with `?`; sql() numbers them when the dialect does.
// The backend binds values() in order.
class SqlWhere {
 public:
  using Value = std::variant<std::int64_t, std::string, std::vector<std::string>>;

  explicit SqlWhere(const AlertSqlDialect& dialect) : dialect_(&dialect) {}

  void add(std::string condition, std::vector<Value> values = {});
  // `column = ?` for one value (so an index on the column also orders the
  // rows), the dialect's list membership for several; `or_else`, when
  // given, is a further condition a row may meet instead.
  void add_any_of(std::string_view column, const std::vector<std::string>& values, std::string_view or_else = {});

  // Adds every condition of `other`, after this one's.
  void append(const SqlWhere& other);
  bool empty() const { return conditions_.empty(); }

  // "WHERE a AND b", or "" when nothing is added; a numbering dialect's
  // parameters start at $first.
  std::string sql(int first = 1) const;
  const std::vector<Value>& values() const { return values_; }
  const AlertSqlDialect& dialect() const { return *dialect_; }

 private:
  const AlertSqlDialect* dialect_;
  std::vector<std::string> conditions_;
  std::vector<Value> values_;
};

// The conditions selecting the alerts `filter` describes: members combined
// with AND, values of one member with OR.
SqlWhere alert_filter_sql(const AlertSqlDialect& dialect, const engine::AlertFilter& filter);

// alert_filter_sql(), further limited to `ids` when given.
SqlWhere ids_and_filter(const AlertSqlDialect& dialect, const std::optional<std::vector<std::string>>& ids,
                        const engine::AlertFilter& filter);

// The rows a filter selects, with the table expression they come from.
struct AlertSelection {
  std::string from;
  SqlWhere where;
  // Whether `where` reads `alerts` columns; when not, the rows can be
  // counted from the tag index alone, without the join.
  bool reads_alerts = true;
};

// What AlertStore::list() reads: the rows to count (the cursor aside), and
// the page's rows as "SELECT <columns>, key, seq ..." in the page's order
// from the cursor on, up to a limit bound as the parameter after those of
// `page_where`: one row beyond the page (query.limit + 1) tells whether
// more follow.
struct AlertListPlan {
  AlertSelection counted;
  std::string count_sql;  // counting stops at the query's count_limit
  SqlWhere page_where;
  std::string page_sql;
};
AlertListPlan plan_alert_list(const AlertSqlDialect& dialect, const engine::AlertQuery& query,
                              std::string_view columns);

// The page's total as `counted` rows make it (AlertPage::total_exact).
void set_total(engine::AlertPage& page, const engine::AlertQuery& query, std::uint64_t counted);

}  // namespace vigil::storage
