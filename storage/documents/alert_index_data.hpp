#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "engine/store/alert_store.hpp"

namespace vigil::storage {

// What an alert row stores beside its document so that the API's filters are
// index lookups or single-column scans rather than JSON parsing per row.

// ASCII-only lower-casing, the same folding as SQLite's built-in lower(),
// which SQLite's migration 2 used to backfill the search column, so every
// row's column is alike whichever path wrote it. Searches fold further,
// beyond ASCII (alert_filter_sql.cpp).
std::string lowercase_ascii(std::string_view text);

// The `search` column: the document's reason, host.name, user.name and
// process.command_line, lower-cased, one per line (so no needle without a
// line break matches across two fields).
std::string alert_search_text(const nlohmann::json& document);

// Ids separated and surrounded by single spaces (" T1098 T1098.002 "), the
// form of the `mitre` and `tactics` columns.
std::string space_delimited(const std::vector<std::string>& ids);

// The tags MITRE filters select an alert by, sorted, each once: each
// technique id, the parent of each sub-technique (T1098.002 also tags
// T1098) and each tactic id.
std::vector<std::string> alert_tags(const engine::Alert& alert);

}  // namespace vigil::storage
