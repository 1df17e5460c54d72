#include "storage/sqlite/hunt_columns.hpp"

#include "engine/event/json_parse.hpp"
#include "engine/hunt/catalog.hpp"
#include "engine/store/store_error.hpp"

namespace vigil::storage {
namespace {

std::vector<std::string> table_columns(Connection& c, const std::string& table) {
  std::vector<std::string> out;
  auto& stmt = c.prepare("SELECT name FROM pragma_table_info(?1) ORDER BY cid");
  stmt.bind(1, table);
  while (stmt.step()) out.push_back(stmt.column_text(0));
  stmt.reset();
  return out;
}

// The hunting type of a column of a Defender table, from the catalog.
engine::hunt::Type column_type(const std::string& dataset, const std::string& column) {
  const auto table = std::string_view(dataset).substr(dataset.find('.') + 1);
  const auto* definition = engine::hunt::find_table(table);
  if (definition != nullptr)
    for (const auto& c : definition->columns)
      if (c.name == column) return c.type;
  throw engine::StoreError("hunting column copy of " + dataset + " has column " + column +
                               ", which is not one of the table's documented columns",
                           engine::StoreErrorKind::kFailed);
}

std::string insert_sql(const HuntColumns::Table& t) {
  std::string names = "ts, seq";
  std::string params = "?1, ?2";
  for (std::size_t i = 0; i < t.columns.size(); ++i) {
    names += ", \"" + t.columns[i] + "\"";
    params += ", ?" + std::to_string(i + 3);
  }
  return "INSERT INTO " + t.name + " (" + names + ") VALUES (" + params + ")";
}

}  // namespace

HuntColumns::HuntColumns(Connection& c) {
  auto& stmt = c.prepare("SELECT dataset, name, since_seq FROM hunt_tables ORDER BY dataset");
  while (stmt.step()) tables_.push_back({stmt.column_text(0), stmt.column_text(1), stmt.column_int(2), {}, {}, {}});
  stmt.reset();
  for (auto& t : tables_) {
    for (auto& name : table_columns(c, t.name)) {
      if (name == "ts" || name == "seq") continue;
      t.types.push_back(column_type(t.dataset, name));
      t.columns.push_back(std::move(name));
    }
    t.insert_sql = insert_sql(t);
  }
  auto& fields = c.prepare("SELECT dataset, name FROM hunt_fields");
  while (fields.step()) recorded_[fields.column_text(0)].insert(fields.column_text(1));
  fields.reset();
}

std::string json_field_type(const nlohmann::json& value) {
  return value.is_number_integer() ? "number_integer" : value.is_number_float() ? "number_float" : value.type_name();
}

const HuntColumns::Table* HuntColumns::find(std::string_view dataset) const {
  for (const auto& t : tables_)
    if (t.dataset == dataset) return &t;
  return nullptr;
}

std::vector<std::optional<HuntColumns::Row>> HuntColumns::extract(std::span<const engine::EventRecord> batch) const {
  std::vector<std::optional<Row>> out(batch.size());
  for (std::size_t n = 0; n < batch.size(); ++n) {
    const auto& e = batch[n];
    const auto* table = find(e.dataset);
    if (table == nullptr || !e.timestamp) continue;
    const auto doc = engine::parse_json(e.document, false);
    if (!doc.is_object()) continue;
    Row row{table, {}, {}};
    {
      std::lock_guard lock(recorded_mutex_);
      const auto found = recorded_.find(e.dataset);
      for (const auto& [name, value] : doc.items())
        if (!value.is_null() && (found == recorded_.end() || !found->second.contains(name)))
          row.new_fields.emplace_back(name, json_field_type(value));
    }
    row.values.reserve(table->columns.size());
    for (std::size_t i = 0; i < table->columns.size(); ++i) {
      const auto it = doc.find(table->columns[i]);
      row.values.push_back(it == doc.end() ? engine::hunt::Value::null(table->types[i])
                                           : engine::hunt::from_json(*it, table->types[i]));
    }
    out[n] = std::move(row);
  }
  return out;
}

void HuntColumns::insert(Connection& c, const engine::EventRecord& event, std::int64_t seq, const Row& row) {
  using engine::hunt::Type;
  auto& stmt = c.prepare(row.table->insert_sql);
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
  std::lock_guard lock(recorded_mutex_);
  for (const auto& [name, type] : row.new_fields) {
    c.prepare("INSERT OR IGNORE INTO hunt_fields (dataset, name, json_type) VALUES (?1, ?2, ?3)")
        .bind(1, event.dataset)
        .bind(2, name)
        .bind(3, type)
        .run();
    recorded_[event.dataset].insert(name);
  }
}

}  // namespace vigil::storage
