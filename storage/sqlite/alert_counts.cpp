#include "storage/sqlite/alert_counts.hpp"

#include <limits>

#include "storage/sqlite/alert_filter_sql.hpp"

namespace vigil::storage {
namespace {

using engine::TimeMs;

void add_to(engine::AlertSummary& into, const engine::AlertSummary& from) {
  into.total += from.total;
  for (const auto& [from_map, into_map] :
       {std::pair{&from.by_rule, &into.by_rule}, std::pair{&from.by_severity, &into.by_severity},
        std::pair{&from.by_status, &into.by_status}, std::pair{&from.by_classification, &into.by_classification},
        std::pair{&from.by_technique, &into.by_technique}})
    for (const auto& [key, n] : *from_map) (*into_map)[key] += n;
}

void add_group(engine::AlertSummary& summary, const Statement& row) {
  const auto n = static_cast<std::uint64_t>(row.column_int(4));
  summary.total += n;
  summary.by_rule[row.column_text(0)] += n;
  summary.by_severity[row.column_text(1)] += n;
  summary.by_status[row.column_text(2)] += n;
  summary.by_classification[row.column_text(3)] += n;
}

// Rows of (technique, count), as both summaries below read them.
void add_techniques(engine::AlertSummary& summary, Statement& rows) {
  while (rows.step()) summary.by_technique[rows.column_text(0)] = static_cast<std::uint64_t>(rows.column_int(1));
}

engine::AlertSummary grouped(Connection& c, const engine::AlertFilter& filter) {
  engine::AlertSummary summary;
  const auto where = alert_filter_sql(kSqliteAlertSql, filter);
  // One pass over the selection for every column dimension.
  Statement groups(c.handle(),
                   "SELECT rule_id, severity, status, coalesce(classification, 'none'), count(*) FROM alerts " +
                       where.sql() + " GROUP BY 1, 2, 3, 4");
  bind(where, groups);
  while (groups.step()) add_group(summary, groups);
  // Techniques only (tactic tags start with "TA"); a sub-technique's parent
  // counts too, so each figure equals what filtering by that id returns.
  Statement techniques(c.handle(),
                       "SELECT tag, count(*) FROM alert_tags WHERE tag GLOB 'T[0-9]*' AND alert_seq IN (SELECT seq "
                       "FROM alerts " +
                           where.sql() + ") GROUP BY tag");
  bind(where, techniques);
  add_techniques(summary, techniques);
  return summary;
}

// The kept counts of buckets [first, end).
engine::AlertSummary counted(Connection& c, std::int64_t first, std::int64_t end) {
  engine::AlertSummary summary;
  Statement groups(c.handle(),
                   "SELECT rule_id, severity, status, classification, sum(n) FROM alert_counts WHERE bucket >= ?1 AND "
                   "bucket < ?2 GROUP BY 1, 2, 3, 4 HAVING sum(n) > 0");
  groups.bind(1, first).bind(2, end);
  while (groups.step()) add_group(summary, groups);
  Statement techniques(c.handle(),
                       "SELECT tag, sum(n) FROM alert_tag_counts WHERE bucket >= ?1 AND bucket < ?2 AND tag GLOB "
                       "'T[0-9]*' GROUP BY tag HAVING sum(n) > 0");
  techniques.bind(1, first).bind(2, end);
  add_techniques(summary, techniques);
  return summary;
}

bool creation_time_only(const engine::AlertFilter& f) {
  return f.time_field == engine::AlertTimeField::kCreatedAt && f.rule_ids.empty() && f.severities.empty() &&
         f.statuses.empty() && f.classifications.empty() && !f.host && !f.user && !f.technique && !f.tactic && !f.text;
}

// The first bucket wholly at or after `since`. The triggers' integer
// division truncates toward zero, so bucket 0 also holds times just before
// 1970: it is never summed, those alerts are counted one by one.
std::int64_t first_whole_bucket(TimeMs since) { return since <= 0 ? 1 : (since - 1) / kAlertCountBucketMs + 1; }

}  // namespace

engine::AlertSummary summarize_alerts(Connection& c, const engine::AlertFilter& filter) {
  if (!creation_time_only(filter)) return grouped(c, filter);
  constexpr auto kNoBound = std::numeric_limits<std::int64_t>::max();
  // Whole buckets [first, end); alerts outside them but in range are counted one by one.
  const std::int64_t first = first_whole_bucket(filter.since.value_or(0));
  const std::int64_t end = filter.until ? (*filter.until < 0 ? 0 : *filter.until / kAlertCountBucketMs) : kNoBound;
  if (first >= end) return grouped(c, filter);
  auto summary = counted(c, first, end);
  engine::AlertFilter before = filter;  // [since, first bucket): unbounded below when since is unset
  before.until = first * kAlertCountBucketMs;
  add_to(summary, grouped(c, before));
  if (end != kNoBound) {
    engine::AlertFilter after = filter;
    after.since = end * kAlertCountBucketMs;
    add_to(summary, grouped(c, after));
  }
  return summary;
}

}  // namespace vigil::storage
