#pragma once

struct sqlite3;

namespace vigil::storage {

// Adds fold_case(text) to the connection's SQL: engine::text::fold_case,
// Unicode simple case folding, which SQLite's lower() (ASCII only) is not.
// Deterministic, so SQLite may evaluate it once per distinct argument.
// Throws StoreError if SQLite refuses the registration.
void add_case_fold_function(sqlite3* db);

}  // namespace vigil::storage
