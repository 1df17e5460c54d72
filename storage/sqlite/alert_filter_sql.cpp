#include "storage/sqlite/alert_filter_sql.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "engine/text/case_fold.hpp"
#include "storage/sqlite/alert_index_data.hpp"

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
    condition += " IN (SELECT value FROM json_each(?))";
    value = nlohmann::json(values).dump();
  }
  if (!or_else.empty()) condition.append(" OR ").append(or_else);
  add(std::move(condition), {std::move(value)});
}

void SqlWhere::append(const SqlWhere& other) {
  conditions_.insert(conditions_.end(), other.conditions_.begin(), other.conditions_.end());
  values_.insert(values_.end(), other.values_.begin(), other.values_.end());
}

std::string SqlWhere::sql() const {
  std::string out;
  for (const auto& condition : conditions_) {
    out += out.empty() ? "WHERE " : " AND ";
    out += "(" + condition + ")";
  }
  return out;
}

int SqlWhere::bind(Statement& stmt, int first) const {
  for (const auto& value : values_) {
    std::visit([&](const auto& v) { stmt.bind(first, v); }, value);
    ++first;
  }
  return first;
}

std::string_view time_column(engine::AlertTimeField field) {
  return field == engine::AlertTimeField::kOriginalTime ? "original_time" : "created_at";
}

SqlWhere alert_filter_sql(const engine::AlertFilter& filter) {
  SqlWhere where;
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
  if (filter.user) where.add("user = ?", {*filter.user});
  // Sub-techniques also carry their parent's tag, so "T1098" finds T1098.002.
  // A probe per row (not `seq IN (...)`) lets a page walk its sort index and
  // stop at the limit instead of sorting every tagged alert.
  constexpr const char* kTagged = "EXISTS (SELECT 1 FROM alert_tags WHERE tag = ? AND alert_seq = alerts.seq)";
  if (filter.technique) where.add(kTagged, {*filter.technique});
  if (filter.tactic) where.add(kTagged, {*filter.tactic});
  const std::string column(time_column(filter.time_field));
  if (filter.since) where.add(column + " >= ?", {*filter.since});
  if (filter.until) where.add(column + " < ?", {*filter.until});
  // `search` was lowered for ASCII only (by lowercase_ascii, or SQLite's
  // lower() in migration 2); folding it as the needle is folded makes
  // "ключ" find "КЛЮЧ" in every row, old ones included.
  if (filter.text) where.add("contains_folded(search, ?)", {engine::text::fold_case(*filter.text)});
  return where;
}

AlertSelection tagged_alert_selection(engine::AlertFilter filter) {
  AlertSelection selection;
  selection.from = "alert_tags AS t CROSS JOIN alerts ON alerts.seq = t.alert_seq";
  auto& tag = filter.technique ? filter.technique : filter.tactic;
  selection.where.add("t.tag = ?", {*tag});
  tag.reset();
  if (filter.time_field == engine::AlertTimeField::kCreatedAt) {
    if (filter.since) selection.where.add("t.at >= ?", {*filter.since});
    if (filter.until) selection.where.add("t.at < ?", {*filter.until});
    filter.since.reset();
    filter.until.reset();
  }
  const auto rest = alert_filter_sql(filter);
  selection.reads_alerts = !rest.empty();
  selection.where.append(rest);
  return selection;
}

}  // namespace vigil::storage
