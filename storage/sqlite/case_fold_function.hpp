#pragma once

struct sqlite3;

namespace vigil::storage {

// Adds contains_folded(text, needle) to the connection's SQL: 1 when
// engine::text::fold_case(text) contains `needle`, which the caller has
// folded with fold_case; 0 otherwise; NULL for a NULL argument. SQLite's
// lower() and LIKE fold ASCII only. Throws StoreError if SQLite refuses
// the registration.
void add_case_fold_function(sqlite3* db);

}  // namespace vigil::storage
