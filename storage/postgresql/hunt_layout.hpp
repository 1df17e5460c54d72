#pragma once

#include <string_view>
#include <vector>

#include "engine/hunt/value.hpp"
#include "storage/documents/hunt_copy.hpp"
#include "storage/postgresql/connection.hpp"

namespace vigil::storage::postgresql {

// Hunting's column copy as the schema lays it out (migration 4): each table
// listed in `hunt_tables`, with its columns after (ingested, ts, seq) and
// their hunting types.
// Throws StoreError (kFailed) for a column the Defender table does not
// document or whose SQL type is not hunt_sql_type() of its hunting type.
std::vector<HuntCopy::Table> hunt_tables(Connection& c);
// The fields recorded in `hunt_fields`, by dataset.
HuntCopy::Recorded hunt_fields(Connection& c);
// The copy, read through `c`.
inline HuntCopy hunt_copy(Connection& c) { return HuntCopy(hunt_tables(c), hunt_fields(c)); }

// What a column of a hunting type holds: strings as bytea (text cannot
// hold NUL), reals as double precision, every other type as bigint
// (booleans 0/1, datetimes and timespans in ms, as the engine keeps them).
std::string_view hunt_sql_type(engine::hunt::Type type);

}  // namespace vigil::storage::postgresql
