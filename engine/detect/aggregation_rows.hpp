#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "engine/analytics/column_row.hpp"
#include "engine/event/json_parse.hpp"
#include "engine/rules/compiled_rule.hpp"
#include "engine/store/event_store.hpp"

namespace vigil::engine::detect {

// A stored row as an aggregation run reads it: its columns, and the parsed
// document only when the rule has a filter, a follow-up or exceptions,
// which may name any field (otherwise the document is null).
struct Row {
  analytics::ColumnRow columns;
  nlohmann::json document;
};

// How a run reads its rows: as the column values recorded at ingest
// (`recorded`, the columns they hold), else as stored documents, parsed into
// a value too when `parse_document`: the candidates recorded under
// `candidates_of` when set, else every event of the query.
struct RowSource {
  const std::vector<std::string>* recorded = nullptr;
  bool parse_document = false;
  std::string candidates_of;
};

// The rule's index patterns (its exclusions left to the row's index test)
// over `dataset` in [start, end].
EventQuery dataset_query(const CompiledRule& rule, std::string dataset, TimeMs start, TimeMs end);

// Calls `visit(row, time, ingested)` for every stored row of `query` that is
// a JSON object in the rule's indices, or was recorded at ingest (ingested
// is 0 for recorded values). The row is reused from one call to the next.
// A template: it runs for each of a million rows. Throws what the store throws.
template <typename Visit>
void scan_rows(EventStore& events, const CompiledRule& rule, const EventQuery& query, const RowSource& source,
               Visit visit) {
  Row row;
  const auto read = [&](const StoredEvent& event) {
    if (!event.timestamp) return true;
    row.document = nullptr;
    if (event.values) {
      // Recorded by this version of the rule (its fingerprint covers the columns).
      if (!row.columns.assign_values(*source.recorded, *event.values)) return true;
    } else {
      if (!rule.indices.selects(event.index)) return true;
      if (source.parse_document || !row.columns.assign_document(event.document)) {
        row.document = parse_json(event.document, /*allow_exceptions=*/false);
        if (!row.document.is_object()) return true;
        row.columns.assign(row.document);
      }
    }
    visit(row, *event.timestamp, event.ingested);
    return true;
  };
  if (source.recorded != nullptr) {
    events.rule_matches().scan_rule_values(rule.definition.rule_id, query, read);
  } else if (!source.candidates_of.empty()) {
    events.rule_matches().scan_rule_candidates(source.candidates_of, query, read);
  } else {
    events.scan(query, read);
  }
}

}  // namespace vigil::engine::detect
