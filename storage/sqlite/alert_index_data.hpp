#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "engine/store/alert_store.hpp"
#include "storage/sqlite/connection.hpp"

namespace vigil::storage {

// What an alert row stores beside its document so that the API's filters are
// index lookups or single-column scans rather than JSON parsing per row.

// ASCII-only lower-casing, the same folding as SQLite's built-in lower(),
// which migration 2 used to backfill the search column, so every row's
// column is alike whichever path wrote it. Searches fold it further, beyond
// ASCII, at query time (alert_filter_sql.cpp).
std::string lowercase_ascii(std::string_view text);

// The `search` column: the document's reason, host.name, user.name and
// process.command_line, lower-cased, one per line (so no needle without a
// line break matches across two fields).
std::string alert_search_text(const nlohmann::json& document);

// Ids separated and surrounded by single spaces (" T1098 T1098.002 "), the
// form of the `mitre` and `tactics` columns.
std::string space_delimited(const std::vector<std::string>& ids);

// Replaces the `alert_tags` rows of the alert stored at `seq`: each technique
// id, the parent of each sub-technique (T1098.002 also tags T1098) and each
// tactic id. Runs inside the caller's transaction.
void write_alert_tags(Connection& c, std::int64_t seq, const engine::Alert& alert);

}  // namespace vigil::storage
