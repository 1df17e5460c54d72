#include "storage/postgresql/postgres_hunt_source.hpp"

#include <algorithm>

#include "storage/documents/document_equalities.hpp"
#include "storage/postgresql/event_rows.hpp"
#include "storage/postgresql/hunt_layout.hpp"

namespace vigil::storage::postgresql {
namespace {

// " WHERE ..." selecting the scan's rows of the copy `h`, applying the
// equalities on the string columns it holds, whose values are added to
// `params` after the time range ($1, $2).
std::string copy_filter(const HuntCopy::Table& table, const engine::TableScan& scan, Params& params) {
  params.add(scan.start).add(scan.end);
  std::string sql = " WHERE h.ts BETWEEN $1 AND $2";
  for (const auto& eq : scan.equals) {
    const auto column = std::find(table.columns.begin(), table.columns.end(), eq.field);
    if (column == table.columns.end() || eq.values.empty() ||
        table.types[static_cast<std::size_t>(column - table.columns.begin())] != engine::hunt::Type::kString)
      continue;
    ArrayParam values(PgType::kBytea);
    for (const auto& v : eq.values) values.push(v);
    params.add(values);
    sql += " AND h.\"" + eq.field + "\" = ANY($" + std::to_string(params.size()) + "::bytea[])";
  }
  return sql + " ORDER BY h.ts, h.seq";
}

bool filters_copy(const HuntCopy::Table& table, const engine::TableScan& scan) {
  return std::any_of(scan.equals.begin(), scan.equals.end(), [&](const auto& eq) {
    const auto column = std::find(table.columns.begin(), table.columns.end(), eq.field);
    return column != table.columns.end() &&
           table.types[static_cast<std::size_t>(column - table.columns.begin())] == engine::hunt::Type::kString;
  });
}

}  // namespace

PostgresHuntSource::PostgresHuntSource(ConnectionPool& pool)
    : pool_(pool),
      dictionaries_(pool),
      documents_(dictionaries_, {}),
      tables_(pool.with([](Connection& c) { return hunt_tables(c); })) {}

const HuntCopy::Table* PostgresHuntSource::copy_of(const engine::TableScan& scan) const {
  if (scan.datasets.size() != 1 || !scan.datasets[0].codes.empty()) return nullptr;
  for (const auto& t : tables_)
    if (t.dataset == scan.datasets[0].dataset) return &t;
  return nullptr;
}

bool PostgresHuntSource::scan_fields(const engine::TableScan& scan, std::span<const std::string> fields,
                                     const std::function<bool(const engine::FieldRow&)>& visit) {
  const auto* table = copy_of(scan);
  if (table == nullptr || !table->holds_all(fields)) return false;
  // A range with start > end selects no row: no case of its own.
  std::vector<engine::hunt::Type> types;
  std::string sql = "SELECT h.ts";
  for (const auto& f : fields) {
    sql += ", h.\"" + f + "\"";
    const auto at = std::find(table->columns.begin(), table->columns.end(), f) - table->columns.begin();
    types.push_back(table->types[static_cast<std::size_t>(at)]);
  }
  Params params;
  sql += " FROM " + table->name + " h" + copy_filter(*table, scan, params);
  pool_.with([&](Connection& c) {
    std::vector<engine::FieldValue> values(fields.size());
    using Kind = engine::FieldValue::Kind;
    using engine::hunt::Type;
    c.stream(sql, params, [&](const Result& row) {
      for (std::size_t i = 0; i < fields.size(); ++i) {
        const int column = static_cast<int>(i) + 1;
        auto& v = values[i];
        if (row.is_null(0, column)) {
          v.kind = Kind::kNull;
        } else if (types[i] == Type::kString) {
          v.kind = Kind::kText;
          v.text = row.bytes(0, column);
        } else if (types[i] == Type::kReal) {
          v.kind = Kind::kReal;
          v.real = row.float8(0, column);
        } else {
          v.kind = Kind::kInteger;
          v.integer = row.int8(0, column);
        }
      }
      return visit({row.int8(0, 0), values});
    });
  });
  return true;
}

void PostgresHuntSource::scan(const engine::TableScan& scan,
                              const std::function<bool(const engine::StoredEvent&)>& visit) {
  if (scan.datasets.empty() || scan.start > scan.end) return;
  const DocumentEqualities equalities(scan);
  const auto* table = copy_of(scan);
  Params params;
  std::string sql;
  if (table != nullptr && filters_copy(*table, equalities.applied())) {
    // Through the copy's indexes: a point query on NetworkMessageId reads one document.
    sql = "SELECT e.idx, e.id, e.ts, e.ingested, e.doc, e.version FROM " + table->name +
          " h JOIN events e ON e.ingested = h.ingested AND e.seq = h.seq" +
          copy_filter(*table, equalities.applied(), params);
  } else {
    ArrayParam datasets(PgType::kText);
    for (const auto& d : scan.datasets) datasets.push(d.dataset);
    params.add(scan.start).add(scan.end).add(datasets);
    sql =
        "SELECT idx, id, ts, ingested, doc, version FROM events WHERE ts BETWEEN $1 AND $2 AND dataset = ANY($3) AND "
        "version = 0 ORDER BY ts, seq";
  }
  pool_.with([&](Connection& c) {
    return visit_event_rows(c, documents_, dictionaries_, sql, params,
                            [&](const engine::StoredEvent& e) { return !equalities.admits(e.document) || visit(e); });
  });
}

std::vector<engine::HuntSource::Field> PostgresHuntSource::fields(std::span<const engine::DatasetSelector> datasets) {
  std::vector<Field> out;
  for (const auto& selector : datasets) {
    if (std::any_of(tables_.begin(), tables_.end(), [&](const auto& t) { return t.dataset == selector.dataset; })) {
      // Recorded as the events were stored: no document to read.
      pool_.with([&](Connection& c) {
        const auto rows = c.query("SELECT name, json_type FROM hunt_fields WHERE dataset = $1 ORDER BY name",
                                  Params().add_text(selector.dataset));
        for (int r = 0; r < rows.rows(); ++r)
          out.push_back({std::string(rows.bytes(r, 0)), std::string(rows.bytes(r, 1))});
      });
      continue;
    }
    std::lock_guard lock(learnt_mutex_);
    auto& learnt = learnt_[selector.dataset];
    pool_.with([&](Connection& c) {
      std::string document;
      DocumentCodec::ScanCache cache;
      const auto reload = [&] { return dictionaries_.load_apart(); };
      c.stream("SELECT seq, doc FROM events WHERE dataset = $1 AND seq > $2 ORDER BY seq",
               Params().add_text(selector.dataset).add(learnt.last_seq), [&](const Result& row) {
                 documents_.decode(row.bytes(0, 1), document, cache, reload);
                 learnt.learn(row.int8(0, 0), document);
                 return true;
               });
    });
    for (const auto& [name, type] : learnt.fields) out.push_back({name, type});
  }
  return out;
}

}  // namespace vigil::storage::postgresql
