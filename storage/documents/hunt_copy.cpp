#include "storage/documents/hunt_copy.hpp"

#include <algorithm>

#include "engine/event/json_parse.hpp"
#include "engine/hunt/catalog.hpp"
#include "engine/store/store_error.hpp"

namespace vigil::storage {
engine::hunt::Type hunt_column_type(const std::string& dataset, const std::string& column) {
  const auto table = std::string_view(dataset).substr(dataset.find('.') + 1);
  const auto* definition = engine::hunt::find_table(table);
  if (definition != nullptr)
    for (const auto& c : definition->columns)
      if (c.name == column) return c.type;
  throw engine::StoreError("hunting column copy of " + dataset + " has column " + column +
                               ", which is not one of the table's documented columns",
                           engine::StoreErrorKind::kFailed);
}

namespace {

// A JSON value's type as HuntSource::fields names it: "number_integer",
// "number_float", else the JSON type's name ("string", "boolean", ...).
// The documents are parsed by the engine (engine/event/json_parse).
std::string json_field_type(const nlohmann::json& value) {
  return value.is_number_integer() ? "number_integer" : value.is_number_float() ? "number_float" : value.type_name();
}

}  // namespace

bool HuntCopy::Table::holds(std::string_view column) const {
  return std::find(columns.begin(), columns.end(), column) != columns.end();
}

bool HuntCopy::Table::holds_all(std::span<const std::string> wanted) const {
  return std::all_of(wanted.begin(), wanted.end(), [&](const auto& column) { return holds(column); });
}

HuntCopy::HuntCopy(std::vector<Table> tables, Recorded recorded)
    : tables_(std::move(tables)), recorded_(std::move(recorded)) {
  for (auto& t : tables_) {
    t.types.clear();
    for (const auto& column : t.columns) t.types.push_back(hunt_column_type(t.dataset, column));
  }
}

void LearntFields::learn(std::int64_t seq, std::string_view document) {
  last_seq = seq;
  const auto doc = engine::parse_json(document, false);
  if (!doc.is_object()) return;
  for (const auto& [name, value] : doc.items())
    if (!value.is_null()) fields.emplace(name, json_field_type(value));
}

const HuntCopy::Table* HuntCopy::find(std::string_view dataset) const {
  for (const auto& t : tables_)
    if (t.dataset == dataset) return &t;
  return nullptr;
}

std::vector<std::optional<HuntCopy::Row>> HuntCopy::extract(std::span<const engine::EventRecord> batch) const {
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

void HuntCopy::recorded(const std::string& dataset, std::span<const std::pair<std::string, std::string>> fields) {
  std::lock_guard lock(recorded_mutex_);
  auto& names = recorded_[dataset];
  for (const auto& field : fields) names.insert(field.first);
}

}  // namespace vigil::storage
