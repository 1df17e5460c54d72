#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "engine/store/alert_store.hpp"
#include "storage/sqlite/connection.hpp"

namespace vigil::storage {

// A WHERE clause over the `alerts` table built from conditions that each
// carry their own bound values: user input never becomes SQL text. Anonymous
// `?` parameters are numbered in the order conditions are added.
class SqlWhere {
 public:
  using Value = std::variant<std::int64_t, std::string>;

  void add(std::string condition, std::vector<Value> values = {});
  // `column = ?` for one value (so an index on the column also orders the
  // rows), `column IN (...)` over a bound JSON array for several; `or_else`,
  // when given, is a further condition a row may meet instead.
  void add_any_of(std::string_view column, const std::vector<std::string>& values, std::string_view or_else = {});

  // Adds every condition of `other`, after this one's.
  void append(const SqlWhere& other);
  bool empty() const { return conditions_.empty(); }

  // "WHERE a AND b", or "" when nothing is added.
  std::string sql() const;
  // Binds the values from parameter `first` on; returns the next free index.
  int bind(Statement& stmt, int first = 1) const;

 private:
  std::vector<std::string> conditions_;
  std::vector<Value> values_;
};

// The conditions selecting the alerts `filter` describes: members combined
// with AND, values of one member with OR.
SqlWhere alert_filter_sql(const engine::AlertFilter& filter);

// The rows a filter selects, with the table expression they come from.
struct AlertSelection {
  std::string from = "alerts";
  SqlWhere where;
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

// The column a time filter or sort reads.
std::string_view time_column(engine::AlertTimeField field);

}  // namespace vigil::storage
