#include "storage/documents/alert_filter_sql.hpp"

#include <algorithm>

#include "engine/text/case_fold.hpp"

namespace vigil::storage {

void SqlWhere::add(std::string condition, std::vector<Value> values) {
  conditions_.push_back(std::move(condition));
  for (auto& v : values) values_.push_back(std::move(v));
}

void SqlWhere::add_any_of(std::string_view column, const std::vector<std::string>& values, std::string_view or_else) {
  std::string condition(column);
  Value value;
  if (values.size() == 1) {
    condition += " = ?";
    value = values.front();
  } else {
    condition.append(" ").append(dialect_->in_list);
    value = values;
  }
  if (!or_else.empty()) condition.append(" OR ").append(or_else);
  add(std::move(condition), {std::move(value)});
}

void SqlWhere::append(const SqlWhere& other) {
  conditions_.insert(conditions_.end(), other.conditions_.begin(), other.conditions_.end());
  values_.insert(values_.end(), other.values_.begin(), other.values_.end());
}

std::string SqlWhere::sql(int first) const {
  std::string out;
  for (const auto& condition : conditions_) {
    out += out.empty() ? "WHERE " : " AND ";
    out += "(";
    // Conditions are the stores' own text, never input: a `?` in them is
    // always a parameter.
    for (const char ch : condition) {
      if (ch == '?' && dialect_->numbered)
        out += "$" + std::to_string(first++);
      else
        out += ch;
    }
    out += ")";
  }
  return out;
}

namespace {

// The column a time filter or sort reads.
std::string_view time_column(engine::AlertTimeField field) {
  return field == engine::AlertTimeField::kOriginalTime ? "original_time" : "created_at";
}

// The column a sort orders by.
std::string_view sort_column(engine::AlertSort sort) {
  switch (sort) {
    case engine::AlertSort::kOriginalTime:
      return "original_time";
    case engine::AlertSort::kRiskScore:
      return "risk_score";
    case engine::AlertSort::kCreatedAt:
      break;
  }
  return "created_at";
}

}  // namespace

SqlWhere alert_filter_sql(const AlertSqlDialect& dialect, const engine::AlertFilter& filter) {
  SqlWhere where(dialect);
  if (!filter.rule_ids.empty()) where.add_any_of("rule_id", filter.rule_ids);
  if (!filter.severities.empty()) where.add_any_of("severity", filter.severities);
  if (!filter.statuses.empty()) where.add_any_of("status", filter.statuses);
  if (!filter.classifications.empty()) {
    // "none" selects alerts nobody has classified yet.
    std::vector<std::string> named;
    std::copy_if(filter.classifications.begin(), filter.classifications.end(), std::back_inserter(named),
                 [](const std::string& c) { return c != "none"; });
    const bool none = named.size() != filter.classifications.size();
    if (named.empty()) {
      where.add("classification IS NULL");
    } else {
      where.add_any_of("classification", named, none ? "classification IS NULL" : "");
    }
  }
  if (filter.host) where.add("host = ?", {*filter.host});
  // Quoted: `user` is a reserved word in PostgreSQL.
  if (filter.user) where.add("\"user\" = ?", {*filter.user});
  // Sub-techniques also carry their parent's tag, so "T1098" finds T1098.002.
  // A probe per row (not `seq IN (...)`) lets a page walk its sort index and
  // stop at the limit instead of sorting every tagged alert.
  constexpr const char* kTagged = "EXISTS (SELECT 1 FROM alert_tags WHERE tag = ? AND alert_seq = alerts.seq)";
  if (filter.technique) where.add(kTagged, {*filter.technique});
  if (filter.tactic) where.add(kTagged, {*filter.tactic});
  const std::string column(time_column(filter.time_field));
  if (filter.since) where.add(column + " >= ?", {*filter.since});
  if (filter.until) where.add(column + " < ?", {*filter.until});
  // The needle is folded as the haystack is (fully, beyond ASCII), so
  // "ключ" finds "КЛЮЧ".
  if (filter.text) where.add(std::string(dialect.search_contains), {engine::text::fold_case(*filter.text)});
  return where;
}

SqlWhere ids_and_filter(const AlertSqlDialect& dialect, const std::optional<std::vector<std::string>>& ids,
                        const engine::AlertFilter& filter) {
  auto where = alert_filter_sql(dialect, filter);
  if (ids) where.add("id " + std::string(dialect.in_list), {*ids});
  return where;
}

namespace {

AlertSelection alert_selection(const AlertSqlDialect& dialect, const engine::AlertFilter& filter) {
  return {"alerts", alert_filter_sql(dialect, filter)};
}

// Drives the selection from the (tag, at) index of the filter's technique
// (else its tactic): `alert_tags AS t` joined to `alerts`, the tag and any
// created_at bounds on `t`, so the filter's alerts come in creation order
// (t.at, t.alert_seq) however few or old they are. Requires a technique or
// a tactic in `filter`.
AlertSelection tagged_alert_selection(const AlertSqlDialect& dialect, engine::AlertFilter filter) {
  AlertSelection selection{"alert_tags AS t " + std::string(dialect.tag_join) + " alerts ON alerts.seq = t.alert_seq",
                           SqlWhere(dialect)};
  auto& tag = filter.technique ? filter.technique : filter.tactic;
  selection.where.add("t.tag = ?", {*tag});
  tag.reset();
  if (filter.time_field == engine::AlertTimeField::kCreatedAt) {
    if (filter.since) selection.where.add("t.at >= ?", {*filter.since});
    if (filter.until) selection.where.add("t.at < ?", {*filter.until});
    filter.since.reset();
    filter.until.reset();
  }
  const auto rest = alert_filter_sql(dialect, filter);
  selection.reads_alerts = !rest.empty();
  selection.where.append(rest);
  return selection;
}

// The selection a list() reads: from the tag index when the filter names
// a technique or tactic and the page is sorted by creation time (walking
// alerts_created instead, probing each alert's tags, reads every newer
// untagged alert first), else from `alerts`. `key` and `seq` are its
// columns to order and page by.
struct ListedSelection {
  AlertSelection selection;
  std::string key;
  std::string seq;
};
ListedSelection listed_selection(const AlertSqlDialect& dialect, const engine::AlertQuery& query) {
  const auto& filter = query.filter;
  if ((filter.technique || filter.tactic) && query.sort == engine::AlertSort::kCreatedAt)
    return {tagged_alert_selection(dialect, filter), "t.at", "t.alert_seq"};
  return {alert_selection(dialect, filter), std::string(sort_column(query.sort)), "seq"};
}

std::string count_sql(const AlertSelection& selection, std::uint64_t limit) {
  // Tags are written and deleted with their alerts, so a selection on tag
  // columns alone counts index entries without reading an alert.
  const std::string from = selection.reads_alerts ? selection.from : "alert_tags AS t";
  const std::string rows = "FROM " + from + " " + selection.where.sql();
  return limit ? "SELECT count(*) FROM (SELECT 1 " + rows + " LIMIT " + std::to_string(limit) + ") AS counted"
               : "SELECT count(*) " + rows;
}

// Keeps the rows strictly after `after` in (key, seq) order, where a NULL
// key (an unset original_time) comes first ascending and last descending.
// A NULL comparison is never true, hence the explicit cases, kept out of
// the NOT NULL keys' conditions so those stay index ranges.
void add_cursor(SqlWhere& where, const std::string& key, const std::string& seq, bool nullable, bool ascending,
                const engine::AlertCursor& after) {
  if (after.key) {
    if (ascending) {
      where.add("(" + key + ", " + seq + ") > (?, ?)", {*after.key, after.seq});
    } else {
      where.add("(" + key + ", " + seq + ") < (?, ?)" + (nullable ? " OR " + key + " IS NULL" : ""),
                {*after.key, after.seq});
    }
  } else if (ascending) {
    where.add("(" + key + " IS NULL AND " + seq + " > ?) OR " + key + " IS NOT NULL", {after.seq});
  } else {
    where.add(key + " IS NULL AND " + seq + " < ?", {after.seq});
  }
}

// " ORDER BY key dir, seq dir" in the order add_cursor pages by: SQLite's
// default place for NULLs, which PostgreSQL must be told.
std::string order_by(const AlertSqlDialect& dialect, const std::string& key, const std::string& seq, bool ascending) {
  const std::string direction = ascending ? " ASC" : " DESC";
  const std::string nulls = !dialect.spell_null_order ? "" : ascending ? " NULLS FIRST" : " NULLS LAST";
  return " ORDER BY " + key + direction + nulls + ", " + seq + direction;
}

}  // namespace

AlertListPlan plan_alert_list(const AlertSqlDialect& dialect, const engine::AlertQuery& query,
                              std::string_view columns) {
  auto [selection, key, seq] = listed_selection(dialect, query);
  AlertListPlan plan{selection, count_sql(selection, query.count_limit), selection.where, ""};
  if (query.after)
    add_cursor(plan.page_where, key, seq, query.sort == engine::AlertSort::kOriginalTime, query.ascending,
               *query.after);
  const auto limit = dialect.numbered ? "$" + std::to_string(plan.page_where.values().size() + 1) : std::string("?");
  plan.page_sql = "SELECT " + std::string(columns) + ", " + key + ", " + seq + " FROM " + selection.from + " " +
                  plan.page_where.sql() + order_by(dialect, key, seq, query.ascending) + " LIMIT " + limit;
  return plan;
}

void set_total(engine::AlertPage& page, const engine::AlertQuery& query, std::uint64_t counted) {
  page.total = counted;
  page.total_exact = query.count_limit == 0 || counted < query.count_limit;
}

}  // namespace vigil::storage
