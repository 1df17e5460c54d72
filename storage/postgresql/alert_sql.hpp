#pragma once

#include <string>
#include <string_view>

#include "storage/documents/alert_filter_sql.hpp"
#include "storage/postgresql/connection.hpp"

namespace vigil::storage::postgresql {

// PostgreSQL's spelling of the alert filters: lists travel as one text[]
// parameter, and the `search` column is stored case-folded (fold_case), so
// a search is a plain strpos.
inline constexpr AlertSqlDialect kPostgresAlertSql{
    .in_list = "= ANY (?)",
    .tag_join = "JOIN",
    .search_contains = "strpos(search, ?) > 0",
    .numbered = true,
    .spell_null_order = true,
};

// Adds the values of `where` to `params`, in order: a clause rendered with
// where.sql(first) takes them from $first on.
void add_values(Params& params, const SqlWhere& where);

// The columns alert_text() reads, from column 0 of a row of `alerts`.
inline constexpr std::string_view kAlertDocumentColumns =
    "doc, status, classification, determination, assignee, triage_updated_at";

// The document of `row` with its triage columns laid over it
// (documents/alert_document.hpp).
std::string alert_text(const Result& rows, int row);

}  // namespace vigil::storage::postgresql
