#include "storage/postgresql/hunt_copy_writes.hpp"

#include <algorithm>
#include <tuple>

#include "storage/postgresql/hunt_layout.hpp"

namespace vigil::storage::postgresql {
namespace {

PgType element_type(engine::hunt::Type type) {
  using engine::hunt::Type;
  if (type == Type::kString) return PgType::kBytea;
  if (type == Type::kReal) return PgType::kFloat8;
  return PgType::kInt8;
}

void push(ArrayParam& array, const engine::hunt::Value& v) {
  using engine::hunt::Type;
  if (v.type() == Type::kString)
    array.push(std::string_view(v.as_string()));
  else if (v.is_null())
    array.push_null();
  else if (v.type() == Type::kBool)
    array.push(std::int64_t{v.as_bool() ? 1 : 0});
  else if (v.type() == Type::kReal)
    array.push_real(v.as_real());
  else
    array.push(v.as_long());  // int, long, datetime, timespan
}

// "$N::<type>[]" for the next parameter, which the caller then adds.
std::string next_param(const Params& params, const ArrayParam& array) {
  const char* type = array.array_type() == PgType::kByteaArray    ? "bytea"
                     : array.array_type() == PgType::kFloat8Array ? "float8"
                     : array.array_type() == PgType::kTextArray   ? "text"
                                                                  : "int8";
  return "$" + std::to_string(params.size() + 1) + "::" + type + "[]";
}

std::string unnest(Params& params, const std::vector<ArrayParam>& arrays) {
  std::string sql = "unnest(";
  for (std::size_t i = 0; i < arrays.size(); ++i) {
    sql += (i ? ", " : "") + next_param(params, arrays[i]);
    params.add(arrays[i]);
  }
  return sql + ")";
}

}  // namespace

void HuntCopyWrites::add(std::int64_t ord, const engine::EventRecord& event, const HuntCopy::Row& row) {
  added_.push_back({ord, &event, &row, std::nullopt});
}

void HuntCopyWrites::place(std::int64_t ord, std::int64_t seq) {
  for (auto& a : added_)
    if (a.ord == ord) a.seq = seq;
}

void HuntCopyWrites::supersede(const HuntCopy& copy, std::int64_t ingested, std::int64_t seq,
                               std::optional<std::int64_t> ts, const std::string& dataset) {
  // A row placed here and not written yet is not written at all: the
  // statement's parts see the same snapshot, so a delete would miss it.
  const auto pending = std::find_if(added_.begin(), added_.end(), [&](const Added& a) { return a.seq == seq; });
  if (pending != added_.end()) {
    added_.erase(pending);
    return;
  }
  const auto* table = copy.find(dataset);
  if (table != nullptr && ts) gone_.push_back({table, ingested, *ts, seq});
}

std::string HuntCopyWrites::ctes(Params& params, const std::string& placed) const {
  std::vector<std::string> parts;
  std::vector<const HuntCopy::Table*> tables;
  for (const auto& a : added_) tables.push_back(a.row->table);
  for (const auto& g : gone_) tables.push_back(g.table);
  std::sort(tables.begin(), tables.end());
  tables.erase(std::unique(tables.begin(), tables.end()), tables.end());
  for (const auto* table : tables) {
    std::vector<ArrayParam> key(3, ArrayParam(PgType::kInt8));  // ingested, ts, seq
    bool gone = false;
    for (const auto& g : gone_)
      if (g.table == table) gone = true, key[0].push(g.ingested), key[1].push(g.ts), key[2].push(g.seq);
    if (gone)
      parts.push_back("DELETE FROM " + table->name + " h USING " + unnest(params, key) +
                      " AS g(ingested, ts, seq) WHERE h.ingested = g.ingested AND h.ts = g.ts AND h.seq = g.seq");
    std::vector<ArrayParam> rows(1, ArrayParam(PgType::kInt8));  // ord, then the columns
    for (const auto type : table->types) rows.emplace_back(element_type(type));
    std::string names = "ingested, ts, seq", values = "p.ingested, p.ts, p.seq", aliases = "ord";
    for (std::size_t i = 0; i < table->columns.size(); ++i) {
      names += ", \"" + table->columns[i] + "\"";
      values += ", r.c" + std::to_string(i);
      aliases += ", c" + std::to_string(i);
    }
    bool any = false;
    for (const auto& a : added_) {
      if (a.row->table != table) continue;
      any = true;
      rows[0].push(a.ord);
      for (std::size_t i = 0; i < a.row->values.size(); ++i) push(rows[i + 1], a.row->values[i]);
    }
    if (any)
      parts.push_back("INSERT INTO " + table->name + " (" + names + ") SELECT " + values + " FROM " +
                      unnest(params, rows) + " AS r(" + aliases + ") JOIN " + placed + " p ON p.ord = r.ord");
  }
  // In one order, so that batches recording the same fields at once wait
  // for each other rather than deadlock.
  std::vector<std::tuple<std::string, std::string, std::string, std::int64_t>> fields;
  for (const auto& a : added_)
    for (const auto& [name, type] : a.row->new_fields) fields.emplace_back(a.event->dataset, name, type, a.ord);
  std::stable_sort(fields.begin(), fields.end(), [](const auto& x, const auto& y) {
    return std::tie(std::get<0>(x), std::get<1>(x)) < std::tie(std::get<0>(y), std::get<1>(y));
  });
  if (!fields.empty()) {
    std::vector<ArrayParam> columns = {ArrayParam(PgType::kText), ArrayParam(PgType::kBytea), ArrayParam(PgType::kText),
                                       ArrayParam(PgType::kInt8)};
    for (const auto& [dataset, name, type, ord] : fields)
      columns[0].push(dataset), columns[1].push(name), columns[2].push(type), columns[3].push(ord);
    parts.push_back("INSERT INTO hunt_fields (dataset, name, json_type) SELECT f.dataset, f.name, f.json_type FROM " +
                    unnest(params, columns) + " WITH ORDINALITY AS f(dataset, name, json_type, ord, n) JOIN " + placed +
                    " p ON p.ord = f.ord ORDER BY f.n ON CONFLICT DO NOTHING");
  }
  std::string sql;
  for (std::size_t i = 0; i < parts.size(); ++i)
    sql += (i ? ", w" : "w") + std::to_string(i) + " AS (" + parts[i] + ")";
  return sql;
}

void HuntCopyWrites::write(Connection& c) const {
  std::vector<ArrayParam> placed(4, ArrayParam(PgType::kInt8));  // ord, seq, ts, ingested
  for (const auto& a : added_)
    if (a.seq)
      placed[0].push(a.ord), placed[1].push(*a.seq), placed[2].push(*a.event->timestamp),
          placed[3].push(a.event->ingested);
  Params params;
  const auto relation = "(SELECT * FROM " + unnest(params, placed) + " AS p(ord, seq, ts, ingested))";
  const auto parts = ctes(params, relation);
  if (!parts.empty()) c.query("WITH " + parts + " SELECT 1", params);
}

void HuntCopyWrites::committed(HuntCopy& copy) const {
  for (const auto& a : added_)
    if (a.seq && !a.row->new_fields.empty()) copy.recorded(a.event->dataset, a.row->new_fields);
}

}  // namespace vigil::storage::postgresql
