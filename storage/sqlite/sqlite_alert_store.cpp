#include "storage/sqlite/sqlite_alert_store.hpp"

namespace vigil::storage {

engine::AlertPage SqliteAlertStore::list(const engine::AlertQuery& query) {
  return db_.read([&](Connection& c) {
    engine::AlertPage page;
    auto& count = c.prepare("SELECT count(*) FROM alerts WHERE (?1 IS NULL OR rule_id = ?1)");
    if (query.rule_id) count.bind(1, *query.rule_id); else count.bind_null(1);
    count.step();
    page.total = static_cast<std::uint64_t>(count.column_int(0));
    count.reset();
    auto& rows = c.prepare("SELECT doc FROM alerts WHERE (?1 IS NULL OR rule_id = ?1) ORDER BY seq DESC LIMIT ?2");
    if (query.rule_id) rows.bind(1, *query.rule_id); else rows.bind_null(1);
    rows.bind(2, static_cast<std::int64_t>(query.limit));
    while (rows.step()) page.alerts.push_back(nlohmann::json::parse(rows.column_text(0)));
    return page;
  });
}

std::optional<nlohmann::json> SqliteAlertStore::get(const std::string& id) {
  return db_.read([&](Connection& c) -> std::optional<nlohmann::json> {
    auto& stmt = c.prepare("SELECT doc FROM alerts WHERE id = ?1");
    stmt.bind(1, id);
    if (!stmt.step()) return std::nullopt;
    auto doc = nlohmann::json::parse(stmt.column_text(0));
    stmt.reset();
    return doc;
  });
}

}  // namespace vigil::storage
