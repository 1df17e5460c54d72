#include "storage/sqlite/alert_filter_sql.hpp"

#include <nlohmann/json.hpp>
#include <type_traits>

#include "storage/documents/alert_index_data.hpp"

namespace vigil::storage {

int bind(const SqlWhere& where, Statement& stmt, int first) {
  for (const auto& value : where.values()) {
    std::visit(
        [&](const auto& v) {
          if constexpr (std::is_same_v<std::decay_t<decltype(v)>, std::vector<std::string>>)
            stmt.bind(first, nlohmann::json(v).dump());
          else
            stmt.bind(first, v);
        },
        value);
    ++first;
  }
  return first;
}

void write_alert_tags(Connection& c, std::int64_t seq, const engine::Alert& alert) {
  c.prepare("DELETE FROM alert_tags WHERE alert_seq = ?1").bind(1, seq).run();
  auto& insert = c.prepare(
      "INSERT INTO alert_tags (tag, alert_seq, at) VALUES (?1, ?2, (SELECT created_at FROM alerts WHERE seq = ?2))");
  for (const auto& tag : alert_tags(alert)) insert.bind(1, tag).bind(2, seq).run();
}

}  // namespace vigil::storage
