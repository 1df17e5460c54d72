#pragma once

#include <cstdint>
#include <string>

#include "storage/sqlite/database.hpp"

namespace vigil::storage::testing {

// The first column of the first row of `sql` as a number, read on one of the
// database's reader connections: what a test checks of the file directly.
inline std::int64_t sql_number(Database& db, const std::string& sql) {
  return db.read([&](Connection& c) {
    auto& stmt = c.prepare(sql);
    stmt.step();
    const auto n = stmt.column_int(0);
    stmt.reset();
    return n;
  });
}

}  // namespace vigil::storage::testing
