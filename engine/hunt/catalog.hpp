#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/hunt/schema.hpp"
#include "engine/store/hunt_source.hpp"

namespace vigil::engine::hunt {

// How a table's rows come out of stored documents.
enum class RowShape {
  kDefender,        // a Defender row: columns are top-level fields by name
  kWindowsProcess,  // a Winlogbeat Sysmon 1 / Security 4688 event: ECS fields mapped to Defender's columns
};

struct TableSource {
  DatasetSelector selector;
  RowShape shape = RowShape::kDefender;
};

// One hunting table: Microsoft's documented columns, with their types, and
// where its rows are stored.
struct TableDefinition {
  std::string name;
  std::vector<Column> columns;
  std::vector<TableSource> sources;
};

// The Defender XDR tables Vigil stores. Immutable; thread-safe.
const std::vector<TableDefinition>& defender_tables();
const TableDefinition* find_table(std::string_view name);

// The table's schema: its documented columns, then every other top-level
// field its stored documents carry (typed from their JSON: text as string,
// integers as long, fractions as real, booleans as bool, objects and arrays
// as dynamic), in name order. Vigil's own additions (@timestamp, event,
// defender, the ECS fields of process starts) are not columns.
Schema table_schema(const TableDefinition& table, const std::vector<HuntSource::Field>& stored_fields);

}  // namespace vigil::engine::hunt
