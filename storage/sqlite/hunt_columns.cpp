#include "storage/sqlite/hunt_columns.hpp"

namespace vigil::storage {
namespace {

std::vector<std::string> table_columns(Connection& c, const std::string& table) {
  std::vector<std::string> out;
  auto& stmt = c.prepare("SELECT name FROM pragma_table_info(?1) ORDER BY cid");
  stmt.bind(1, table);
  while (stmt.step())
    if (auto name = stmt.column_text(0); name != "ts" && name != "seq") out.push_back(std::move(name));
  stmt.reset();
  return out;
}

std::vector<HuntCopy::Table> read_tables(Connection& c) {
  std::vector<HuntCopy::Table> tables;
  auto& stmt = c.prepare("SELECT dataset, name, since_seq FROM hunt_tables ORDER BY dataset");
  while (stmt.step()) tables.push_back({stmt.column_text(0), stmt.column_text(1), stmt.column_int(2), {}, {}});
  stmt.reset();
  for (auto& t : tables) t.columns = table_columns(c, t.name);
  return tables;
}

HuntCopy::Recorded read_recorded(Connection& c) {
  HuntCopy::Recorded recorded;
  auto& fields = c.prepare("SELECT dataset, name FROM hunt_fields");
  while (fields.step()) recorded[fields.column_text(0)].insert(fields.column_text(1));
  fields.reset();
  return recorded;
}

std::string insert_sql(const HuntCopy::Table& t) {
  std::string names = "ts, seq";
  std::string params = "?1, ?2";
  for (std::size_t i = 0; i < t.columns.size(); ++i) {
    names += ", \"" + t.columns[i] + "\"";
    params += ", ?" + std::to_string(i + 3);
  }
  return "INSERT INTO " + t.name + " (" + names + ") VALUES (" + params + ")";
}

}  // namespace

HuntColumns::HuntColumns(Connection& c) : copy_(read_tables(c), read_recorded(c)) {
  for (const auto& t : copy_.tables()) insert_sql_.emplace(t.name, insert_sql(t));
}

void HuntColumns::insert(Connection& c, const engine::EventRecord& event, std::int64_t seq, const Row& row) {
  using engine::hunt::Type;
  auto& stmt = c.prepare(insert_sql_.find(row.table->name)->second);
  stmt.bind(1, *event.timestamp).bind(2, seq);
  for (std::size_t i = 0; i < row.values.size(); ++i) {
    const auto& v = row.values[i];
    const int param = static_cast<int>(i) + 3;
    if (v.type() == Type::kString) {
      stmt.bind(param, std::string_view(v.as_string()));
    } else if (v.is_null()) {
      stmt.bind_null(param);
    } else if (v.type() == Type::kBool) {
      stmt.bind(param, std::int64_t{v.as_bool() ? 1 : 0});
    } else if (v.type() == Type::kReal) {
      stmt.bind_real(param, v.as_real());
    } else {
      stmt.bind(param, v.as_long());  // int, long, datetime, timespan
    }
  }
  stmt.run();
  if (row.new_fields.empty()) return;
  for (const auto& [name, type] : row.new_fields)
    c.prepare("INSERT OR IGNORE INTO hunt_fields (dataset, name, json_type) VALUES (?1, ?2, ?3)")
        .bind(1, event.dataset)
        .bind(2, name)
        .bind(3, type)
        .run();
  copy_.recorded(event.dataset, row.new_fields);
}

}  // namespace vigil::storage
