#include "storage/postgresql/hunt_layout.hpp"

#include "engine/store/store_error.hpp"

namespace vigil::storage::postgresql {

std::string_view hunt_sql_type(engine::hunt::Type type) {
  using engine::hunt::Type;
  if (type == Type::kString) return "bytea";
  if (type == Type::kReal) return "double precision";
  return "bigint";
}

std::vector<HuntCopy::Table> hunt_tables(Connection& c) {
  std::vector<HuntCopy::Table> tables;
  const auto listed = c.query("SELECT dataset, name FROM hunt_tables ORDER BY dataset COLLATE \"C\"");
  for (int r = 0; r < listed.rows(); ++r) {
    HuntCopy::Table t{std::string(listed.bytes(r, 0)), std::string(listed.bytes(r, 1)), 0, {}, {}};
    const auto columns = c.query(
        "SELECT attname::text, format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = $1::regclass AND "
        "attnum > 0 AND NOT attisdropped AND attname NOT IN ('ingested', 'ts', 'seq') ORDER BY attnum",
        Params().add_text(t.name));
    for (int n = 0; n < columns.rows(); ++n) {
      std::string name(columns.bytes(n, 0));
      const auto type = hunt_column_type(t.dataset, name);
      const auto expected = hunt_sql_type(type);
      if (columns.bytes(n, 1) != expected)
        throw engine::StoreError(c.describe() + ": hunting column copy " + t.name + " has column " + name +
                                     " of type " + std::string(columns.bytes(n, 1)) +
                                     ", where its hunting type is kept as " + std::string(expected),
                                 engine::StoreErrorKind::kFailed);
      t.columns.push_back(std::move(name));
      t.types.push_back(type);
    }
    tables.push_back(std::move(t));
  }
  return tables;
}

HuntCopy::Recorded hunt_fields(Connection& c) {
  HuntCopy::Recorded recorded;
  const auto rows = c.query("SELECT dataset, name FROM hunt_fields");
  for (int r = 0; r < rows.rows(); ++r) recorded[std::string(rows.bytes(r, 0))].emplace(rows.bytes(r, 1));
  return recorded;
}

}  // namespace vigil::storage::postgresql
