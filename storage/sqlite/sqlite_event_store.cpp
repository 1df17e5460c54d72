#include "storage/sqlite/sqlite_event_store.hpp"

namespace vigil::storage {
namespace {

std::string category_column(const std::vector<std::string>& categories) {
  std::string out = " ";
  for (const auto& c : categories) out += c + " ";
  return out;
}

// "(idx GLOB ?N OR idx GLOB ?N+1 ...)" for the patterns, binding from `first`.
std::string index_filter(std::size_t patterns, int first) {
  if (patterns == 0) return "1";
  std::string sql = "(";
  for (std::size_t i = 0; i < patterns; ++i)
    sql += (i ? " OR " : "") + std::string("idx GLOB ?") + std::to_string(first + static_cast<int>(i));
  return sql + ")";
}

}  // namespace

std::string index_pattern_to_glob(std::string_view pattern) {
  std::string out;
  for (const char c : pattern) {
    if (c == '?' || c == '[') {
      out += '[';
      out += c;
      out += ']';
    } else {
      out += c;
    }
  }
  return out;
}

std::vector<engine::WriteOutcome> SqliteEventStore::write_batch(std::span<const engine::EventRecord> batch) {
  return db_.write([&](Connection& c) {
    std::vector<engine::WriteOutcome> outcomes;
    outcomes.reserve(batch.size());
    Transaction tx(c);
    auto& insert = c.prepare(
        "INSERT INTO events (idx, id, ts, ingested, category, dataset, doc) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) "
        "ON CONFLICT (idx, id) DO NOTHING");
    auto& replace = c.prepare(
        "UPDATE events SET ts = ?3, ingested = ?4, category = ?5, dataset = ?6, doc = ?7 WHERE idx = ?1 AND id = ?2");
    for (const auto& e : batch) {
      const auto category = category_column(e.categories);
      insert.bind(1, e.index).bind(2, e.id).bind(3, e.timestamp).bind(4, e.ingested).bind(5, category)
          .bind(6, e.dataset).bind(7, e.document).run();
      if (c.changes() == 1) {
        outcomes.push_back(engine::WriteOutcome::kCreated);
      } else if (e.mode == engine::WriteMode::kCreate) {
        outcomes.push_back(engine::WriteOutcome::kConflict);
      } else {
        replace.bind(1, e.index).bind(2, e.id).bind(3, e.timestamp).bind(4, e.ingested).bind(5, category)
            .bind(6, e.dataset).bind(7, e.document).run();
        outcomes.push_back(engine::WriteOutcome::kUpdated);
      }
    }
    tx.commit();
    return outcomes;
  });
}

std::optional<engine::StoredEvent> SqliteEventStore::get(std::string_view index, std::string_view id) {
  return db_.read([&](Connection& c) -> std::optional<engine::StoredEvent> {
    auto& stmt = c.prepare("SELECT ts, ingested, doc FROM events WHERE idx = ?1 AND id = ?2");
    stmt.bind(1, index).bind(2, id);
    if (!stmt.step()) return std::nullopt;
    engine::StoredEvent e{std::string(index), std::string(id), stmt.column_optional_int(0), stmt.column_int(1),
                          stmt.column_text(2)};
    stmt.reset();
    return e;
  });
}

std::uint64_t SqliteEventStore::count(std::span<const std::string> index_patterns) {
  return db_.read([&](Connection& c) {
    auto& stmt = c.prepare("SELECT count(*) FROM events WHERE " + index_filter(index_patterns.size(), 1));
    int n = 1;
    for (const auto& p : index_patterns) stmt.bind(n++, index_pattern_to_glob(p));
    stmt.step();
    const auto count = static_cast<std::uint64_t>(stmt.column_int(0));
    stmt.reset();
    return count;
  });
}

void SqliteEventStore::scan(const engine::EventQuery& query,
                            const std::function<bool(const engine::StoredEvent&)>& visit) {
  const char* time_column = query.time_field == engine::TimeField::kIngested ? "ingested" : "ts";
  std::string sql = "SELECT idx, id, ts, ingested, doc FROM events WHERE " + std::string(time_column) +
                    " BETWEEN ?1 AND ?2 AND (?3 IS NULL OR instr(category, ?3) > 0) AND (?4 IS NULL OR dataset = ?4) AND " +
                    index_filter(query.index_patterns.size(), 5) + " ORDER BY " + time_column + ", seq";
  db_.read([&](Connection& c) {
    auto& stmt = c.prepare(sql);
    stmt.bind(1, query.start).bind(2, query.end);
    if (query.category) stmt.bind(3, " " + *query.category + " "); else stmt.bind_null(3);
    if (query.dataset) stmt.bind(4, *query.dataset); else stmt.bind_null(4);
    int n = 5;
    for (const auto& p : query.index_patterns) stmt.bind(n++, index_pattern_to_glob(p));
    while (stmt.step()) {
      engine::StoredEvent e{stmt.column_text(0), stmt.column_text(1), stmt.column_optional_int(2), stmt.column_int(3),
                            stmt.column_text(4)};
      if (!visit(e)) break;
    }
    stmt.reset();
  });
}

}  // namespace vigil::storage
