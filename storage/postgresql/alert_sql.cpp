#include "storage/postgresql/alert_sql.hpp"

#include <type_traits>

#include "storage/documents/alert_document.hpp"

namespace vigil::storage::postgresql {

void add_values(Params& params, const SqlWhere& where) {
  for (const auto& value : where.values()) {
    std::visit(
        [&](const auto& v) {
          using T = std::decay_t<decltype(v)>;
          if constexpr (std::is_same_v<T, std::int64_t>) {
            params.add(v);
          } else if constexpr (std::is_same_v<T, std::string>) {
            params.add_text(v);
          } else {
            ArrayParam texts(PgType::kText);
            for (const auto& text : v) texts.push(text);
            params.add(texts);
          }
        },
        value);
  }
}

std::string alert_text(const Result& rows, int row) {
  const auto optional_text = [&](int column) {
    return rows.is_null(row, column) ? std::nullopt : std::optional<std::string_view>(rows.bytes(row, column));
  };
  return storage::alert_text(rows.bytes(row, 0), {rows.bytes(row, 1), optional_text(2), optional_text(3),
                                                  optional_text(4), rows.optional_int8(row, 5)});
}

}  // namespace vigil::storage::postgresql
