#pragma once

#include <string_view>
#include <vector>

#include "engine/rules/load_result.hpp"
#include "engine/rules/rule.hpp"

namespace vigil::engine {

// Reads a Kibana detection-rule export (NDJSON, as written by
// POST /api/detection_engine/rules/_export) from its text. `name` is what
// messages call the file; nothing is read from disk.
//
// Each line is one JSON object: a rule (it has "rule_id"), an exception
// list or exception list item (exports made with exceptions), or the
// closing summary ({"exported_count": ...}), which is skipped. A rule's
// "exceptions_list" references are resolved against the list items in the
// same export; Kibana entries of type match, match_any, wildcard and exists
// become ExceptionItems, while value-list and nested entries skip their item
// with a warning.
//
// Returns the rules that loaded; every problem is added to `result` at
// file:line (columns only for JSON syntax errors: the keys of a line have no
// position of their own).
std::vector<RuleDefinition> read_kibana_export(std::string_view text, std::string_view name, LoadResult& result);

}  // namespace vigil::engine
