#include "storage/sqlite/sqlite_hunt_source.hpp"

#include <algorithm>

#include "storage/documents/document_equalities.hpp"
#include "storage/sqlite/superseded_id.hpp"

namespace vigil::storage {
namespace {

std::string placeholders(std::size_t n, int first) {
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out += (i ? ", ?" : "?") + std::to_string(first + static_cast<int>(i));
  return out;
}

// " WHERE ..." selecting the scan's rows of the copy `h`, applying the
// equalities on the fields it holds, whose values are appended to `params`
// (bound from ?3 on, after the time range).
std::string copy_filter(const HuntColumns::Table& table, const engine::TableScan& scan,
                        std::vector<const std::string*>& params) {
  std::string sql = " WHERE h.ts BETWEEN ?1 AND ?2";
  for (const auto& eq : scan.equals) {
    if (!table.holds(eq.field) || eq.values.empty()) continue;
    sql +=
        " AND h.\"" + eq.field + "\" IN (" + placeholders(eq.values.size(), 3 + static_cast<int>(params.size())) + ")";
    for (const auto& v : eq.values) params.push_back(&v);
  }
  return sql + " ORDER BY h.ts, h.seq";
}

}  // namespace

SqliteHuntSource::SqliteHuntSource(Database& db)
    : db_(db), documents_(db, {}), columns_(db.read([](Connection& c) { return HuntColumns(c); })) {}

bool SqliteHuntSource::copy_complete(const HuntColumns::Table& table) {
  std::lock_guard lock(complete_mutex_);
  if (complete_.contains(table.dataset)) return true;
  // Events without @timestamp have no copy, but no scan reads them either.
  const bool older = db_.read([&](Connection& c) {
    auto& stmt = c.prepare("SELECT 1 FROM events WHERE seq < ?1 AND dataset = ?2 AND ts IS NOT NULL LIMIT 1");
    stmt.bind(1, table.since_seq).bind(2, table.dataset);
    const bool found = stmt.step();
    stmt.reset();
    return found;
  });
  if (!older) complete_.insert(table.dataset);  // events stored from now on all have their copy
  return !older;
}

const HuntColumns::Table* SqliteHuntSource::copy_of(const engine::TableScan& scan) {
  if (scan.datasets.size() != 1 || !scan.datasets[0].codes.empty()) return nullptr;
  const auto* table = columns_.find(scan.datasets[0].dataset);
  return table != nullptr && copy_complete(*table) ? table : nullptr;
}

bool SqliteHuntSource::scan_fields(const engine::TableScan& scan, std::span<const std::string> fields,
                                   const std::function<bool(const engine::FieldRow&)>& visit) {
  const auto* table = copy_of(scan);
  if (table == nullptr || !table->holds_all(fields)) return false;
  if (scan.start > scan.end) return true;
  std::string sql = "SELECT h.ts";
  for (const auto& f : fields) sql += ", h.\"" + f + "\"";
  std::vector<const std::string*> params;
  sql += " FROM " + table->name + " h" + copy_filter(*table, scan, params);
  db_.read([&](Connection& c) {
    auto& stmt = c.prepare(sql);
    stmt.bind(1, scan.start).bind(2, scan.end);
    for (std::size_t i = 0; i < params.size(); ++i) stmt.bind(3 + static_cast<int>(i), std::string_view(*params[i]));
    std::vector<engine::FieldValue> values(fields.size());
    using Kind = engine::FieldValue::Kind;
    while (stmt.step()) {
      for (std::size_t i = 0; i < fields.size(); ++i) {
        const int column = static_cast<int>(i) + 1;
        auto& v = values[i];
        switch (stmt.column_type(column)) {
          case Statement::ColumnType::kText:
          case Statement::ColumnType::kBlob:
            v.kind = Kind::kText;
            v.text = stmt.column_bytes(column);
            break;
          case Statement::ColumnType::kInteger:
            v.kind = Kind::kInteger;
            v.integer = stmt.column_int(column);
            break;
          case Statement::ColumnType::kReal:
            v.kind = Kind::kReal;
            v.real = stmt.column_real(column);
            break;
          case Statement::ColumnType::kNull:
            v.kind = Kind::kNull;
            break;
        }
      }
      if (!visit({stmt.column_int(0), values})) break;
    }
    stmt.reset();
  });
  return true;
}

void SqliteHuntSource::scan(const engine::TableScan& scan,
                            const std::function<bool(const engine::StoredEvent&)>& visit) {
  if (scan.datasets.empty() || scan.start > scan.end) return;
  const DocumentEqualities equalities(scan);
  const auto& applied = equalities.applied();
  std::string sql = "SELECT idx, id, ts, ingested, doc FROM events WHERE ts BETWEEN ?1 AND ?2 AND dataset IN (" +
                    placeholders(scan.datasets.size(), 3) + ") ORDER BY ts, seq";
  // An equality on a column the copy holds selects the events through the
  // copy's indexes (a point query on NetworkMessageId reads one document).
  std::vector<const std::string*> params;
  const auto* table = copy_of(scan);
  if (table != nullptr && std::any_of(applied.equals.begin(), applied.equals.end(),
                                      [&](const auto& eq) { return table->holds(eq.field); })) {
    sql = "SELECT e.idx, e.id, e.ts, e.ingested, e.doc FROM " + table->name + " h JOIN events e ON e.seq = h.seq" +
          copy_filter(*table, applied, params);
  } else {
    for (const auto& d : scan.datasets) params.push_back(&d.dataset);
  }
  db_.read([&](Connection& c) {
    auto& stmt = c.prepare(sql);
    stmt.bind(1, scan.start).bind(2, scan.end);
    for (std::size_t i = 0; i < params.size(); ++i) stmt.bind(3 + static_cast<int>(i), std::string_view(*params[i]));
    engine::StoredEvent e;
    DocumentCodec::ScanCache cache;
    while (stmt.step()) {
      const auto stored_id = stmt.column_bytes(1);
      if (superseded_version(stored_id) != 0) continue;  // a replaced version: hunting reads current ones
      documents_.decode(c, stmt, 4, e.document, cache);
      if (!equalities.admits(e.document)) continue;
      e.index.assign(stmt.column_bytes(0));
      e.id.assign(stored_id);
      e.timestamp = stmt.column_optional_int(2);
      e.ingested = stmt.column_int(3);
      if (!visit(e)) break;
    }
    stmt.reset();
  });
}

std::vector<engine::HuntSource::Field> SqliteHuntSource::fields(std::span<const engine::DatasetSelector> datasets) {
  std::vector<Field> out;
  for (const auto& selector : datasets) {
    const auto* table = columns_.find(selector.dataset);
    if (table != nullptr && copy_complete(*table)) {
      // Recorded as the events were stored: no document to read.
      db_.read([&](Connection& c) {
        auto& stmt = c.prepare("SELECT name, json_type FROM hunt_fields WHERE dataset = ?1 ORDER BY name");
        stmt.bind(1, selector.dataset);
        while (stmt.step()) out.push_back({stmt.column_text(0), stmt.column_text(1)});
        stmt.reset();
      });
      continue;
    }
    std::lock_guard lock(learnt_mutex_);
    auto& learnt = learnt_[selector.dataset];
    db_.read([&](Connection& c) {
      auto& stmt = c.prepare("SELECT seq, doc FROM events WHERE dataset = ?1 AND seq > ?2 ORDER BY seq");
      stmt.bind(1, selector.dataset).bind(2, learnt.last_seq);
      std::string document;
      DocumentCodec::ScanCache cache;
      while (stmt.step()) {
        documents_.decode(c, stmt, 1, document, cache);
        learnt.learn(stmt.column_int(0), document);
      }
      stmt.reset();
    });
    for (const auto& [name, type] : learnt.fields) out.push_back({name, type});
  }
  return out;
}

}  // namespace vigil::storage
