#include "storage/sqlite/case_fold_function.hpp"

#include <sqlite3.h>

#include <string>
#include <string_view>

#include "engine/store/store_error.hpp"
#include "engine/text/case_fold.hpp"

namespace vigil::storage {
namespace {

void fold_case(sqlite3_context* context, int, sqlite3_value** args) {
  if (sqlite3_value_type(args[0]) == SQLITE_NULL) return sqlite3_result_null(context);
  const auto* text = reinterpret_cast<const char*>(sqlite3_value_text(args[0]));
  const auto length = static_cast<std::size_t>(sqlite3_value_bytes(args[0]));
  try {
    const auto folded = engine::text::fold_case(std::string_view(text ? text : "", length));
    sqlite3_result_text64(context, folded.data(), folded.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
  } catch (const std::bad_alloc&) {
    sqlite3_result_error_nomem(context);
  }
}

}  // namespace

void add_case_fold_function(sqlite3* db) {
  const int rc = sqlite3_create_function_v2(db, "fold_case", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
                                            nullptr, &fold_case, nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK)
    throw engine::StoreError(std::string("registering fold_case: ") + sqlite3_errstr(rc),
                             engine::StoreErrorKind::kFailed);
}

}  // namespace vigil::storage
