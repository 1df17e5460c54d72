#include "storage/sqlite/case_fold_function.hpp"

#include <sqlite3.h>

#include <new>
#include <string>
#include <string_view>

#include "engine/store/store_error.hpp"
#include "engine/text/case_fold.hpp"

namespace vigil::storage {
namespace {

std::string_view text_of(sqlite3_value* value) {
  const auto* text = reinterpret_cast<const char*>(sqlite3_value_text(value));
  return text ? std::string_view(text, static_cast<std::size_t>(sqlite3_value_bytes(value))) : std::string_view();
}

void contains_folded(sqlite3_context* context, int, sqlite3_value** args) {
  if (sqlite3_value_type(args[0]) == SQLITE_NULL || sqlite3_value_type(args[1]) == SQLITE_NULL)
    return sqlite3_result_null(context);
  try {
    sqlite3_result_int(context, engine::text::contains_folded(text_of(args[0]), text_of(args[1])) ? 1 : 0);
  } catch (const std::bad_alloc&) {
    sqlite3_result_error_nomem(context);
  }
}

}  // namespace

void add_case_fold_function(sqlite3* db) {
  const int rc =
      sqlite3_create_function_v2(db, "contains_folded", 2, SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
                                 nullptr, &contains_folded, nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK)
    throw engine::StoreError(std::string("registering contains_folded: ") + sqlite3_errstr(rc),
                             engine::StoreErrorKind::kFailed);
}

}  // namespace vigil::storage
