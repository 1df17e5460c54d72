#include "storage/postgresql/postgres_alert_store.hpp"

#include "engine/event/json_parse.hpp"
#include "storage/documents/alert_page_fill.hpp"
#include "storage/postgresql/alert_sql.hpp"
#include "storage/postgresql/alert_triage.hpp"

namespace vigil::storage::postgresql {
namespace {

// A read-only transaction whose statements all see one snapshot.
class ReadSnapshot {
 public:
  explicit ReadSnapshot(Connection& c) : tx_(c) {
    c.exec("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
  }

 private:
  Transaction tx_;  // rolled back at the end: it wrote nothing
};

std::optional<nlohmann::json> read_alert(Connection& c, std::string_view key_column, const Params& key) {
  const auto rows = c.query(
      "SELECT " + std::string(kAlertDocumentColumns) + " FROM alerts WHERE " + std::string(key_column) + " = $1", key);
  if (rows.rows() == 0) return std::nullopt;
  return engine::parse_json(alert_text(rows, 0));
}

void add_counts(std::map<std::string, std::uint64_t>& into, std::string_view key, std::uint64_t n) {
  into[std::string(key)] += n;
}

// The writing transaction of a triage change: the outbox lock first, when
// taken at all (outbox_writes.hpp).
template <class F>
auto triage(ConnectionPool& pool, OutboxWrites outbox, F&& f) {
  return pool.with([&](Connection& c) {
    Transaction tx(c);
    if (outbox == OutboxWrites::kOn) lock_outbox(c);
    auto result = f(c);
    tx.commit();
    return result;
  });
}

}  // namespace

engine::AlertPage PostgresAlertStore::list(const engine::AlertQuery& query, const engine::PageSink& take) {
  return pool_.with([&](Connection& c) {
    ReadSnapshot snapshot(c);
    engine::AlertPage page;
    const auto plan = plan_alert_list(kPostgresAlertSql, query, kAlertDocumentColumns);
    Params counted;
    add_values(counted, plan.counted.where);
    set_total(page, query, static_cast<std::uint64_t>(c.query(plan.count_sql, counted).int8(0, 0)));
    Params params;
    add_values(params, plan.page_where);
    params.add(static_cast<std::int64_t>(query.limit) + 1);
    const auto rows = c.query(plan.page_sql, params);
    AlertPageFill fill(page, query.limit, take);
    for (int r = 0; r < rows.rows(); ++r)
      if (!fill.offer([&] { return alert_text(rows, r); }, {rows.optional_int8(r, 6), rows.int8(r, 7)})) break;
    return page;
  });
}

std::optional<nlohmann::json> PostgresAlertStore::get(const std::string& id) {
  return pool_.with([&](Connection& c) { return read_alert(c, "id", Params().add_text(id)); });
}

engine::AlertSummary PostgresAlertStore::summarize(const engine::AlertFilter& filter) {
  return pool_.with([&](Connection& c) {
    ReadSnapshot snapshot(c);
    engine::AlertSummary summary;
    const auto where = alert_filter_sql(kPostgresAlertSql, filter);
    Params params;
    add_values(params, where);
    // One pass over the selection for every column dimension.
    const auto groups =
        c.query("SELECT rule_id, severity, status, coalesce(classification, 'none'), count(*) FROM alerts " +
                    where.sql() + " GROUP BY 1, 2, 3, 4",
                params);
    for (int r = 0; r < groups.rows(); ++r) {
      const auto n = static_cast<std::uint64_t>(groups.int8(r, 4));
      summary.total += n;
      add_counts(summary.by_rule, groups.bytes(r, 0), n);
      add_counts(summary.by_severity, groups.bytes(r, 1), n);
      add_counts(summary.by_status, groups.bytes(r, 2), n);
      add_counts(summary.by_classification, groups.bytes(r, 3), n);
    }
    // Techniques only (tactic tags start with "TA"); a sub-technique's parent
    // is a tag too, so each figure equals what filtering by that id returns.
    const auto techniques = c.query(
        "SELECT tag, count(*) FROM alert_tags WHERE tag ~ '^T[0-9]' AND alert_seq IN "
        "(SELECT seq FROM alerts " +
            where.sql() + ") GROUP BY tag",
        params);
    for (int r = 0; r < techniques.rows(); ++r)
      summary.by_technique[std::string(techniques.bytes(r, 0))] = static_cast<std::uint64_t>(techniques.int8(r, 1));
    return summary;
  });
}

std::optional<nlohmann::json> PostgresAlertStore::update(const std::string& id, const engine::AlertChange& change,
                                                         const engine::AlertActor& actor) {
  return triage(pool_, outbox_, [&](Connection& c) -> std::optional<nlohmann::json> {
    SqlWhere where(kPostgresAlertSql);
    where.add("id = ?", {id});
    const auto states = lock_triage_states(c, where);
    if (states.empty()) return std::nullopt;
    apply_triage_change(c, states, change, actor, outbox_);
    return read_alert(c, "seq", Params().add(states.front().seq));
  });
}

std::uint64_t PostgresAlertStore::update_many(const std::optional<std::vector<std::string>>& ids,
                                              const engine::AlertFilter& filter, const engine::AlertChange& change,
                                              const engine::AlertActor& actor) {
  return triage(pool_, outbox_, [&](Connection& c) {
    return apply_triage_change(c, lock_triage_states(c, ids_and_filter(kPostgresAlertSql, ids, filter)), change, actor,
                               outbox_);
  });
}

std::optional<engine::AlertHistoryPage> PostgresAlertStore::history(const std::string& id, std::int64_t after,
                                                                    const engine::PageSink& take) {
  return pool_.with([&](Connection& c) -> std::optional<engine::AlertHistoryPage> {
    ReadSnapshot snapshot(c);
    const auto alert = c.query("SELECT seq FROM alerts WHERE id = $1", Params().add_text(id));
    if (alert.rows() == 0) return std::nullopt;
    return engine::AlertHistoryPage{read_triage_history(c, alert.int8(0, 0), after, take)};
  });
}

std::vector<nlohmann::json> PostgresAlertStore::alerts_between(const std::string& rule_id, engine::TimeMs from,
                                                               engine::TimeMs to) {
  return pool_.with([&](Connection& c) {
    const auto rows = c.query(
        "SELECT doc FROM alerts WHERE original_time BETWEEN $2 AND $3 AND rule_id = $1 ORDER BY original_time, seq",
        Params().add_text(rule_id).add(from).add(to));
    std::vector<nlohmann::json> docs;
    docs.reserve(static_cast<std::size_t>(rows.rows()));
    for (int r = 0; r < rows.rows(); ++r) docs.push_back(nlohmann::json::parse(rows.bytes(r, 0)));
    return docs;
  });
}

std::vector<std::string> PostgresAlertStore::existing_alert_ids(std::span<const std::string> ids) {
  if (ids.empty()) return {};
  ArrayParam wanted(PgType::kText);
  for (const auto& id : ids) wanted.push(id);
  return pool_.with([&](Connection& c) {
    const auto rows = c.query("SELECT id FROM alerts WHERE id = ANY ($1)", Params().add(wanted));
    std::vector<std::string> found;
    for (int r = 0; r < rows.rows(); ++r) found.emplace_back(rows.bytes(r, 0));
    return found;
  });
}

}  // namespace vigil::storage::postgresql
