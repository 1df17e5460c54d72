#include "engine/ingest/record_builder.hpp"

#include "engine/event/json_text.hpp"

namespace vigil::engine::ingest {

EventRecord to_event_record(Normalized normalized, std::string index, std::string id, WriteMode mode,
                            const detect::IngestMatcher* matcher) {
  EventRecord r;
  r.index = index.empty() ? std::move(normalized.default_index) : std::move(index);
  r.id = std::move(id);
  r.mode = mode;
  if (matcher) r.rule_matches = matcher->match(normalized.document, r.index, normalized.dataset);
  r.timestamp = normalized.timestamp;
  r.ingested = normalized.ingested;
  r.categories = std::move(normalized.categories);
  r.dataset = std::move(normalized.dataset);
  // A normalized Windows event is 2 to 4 KB of text: reserving that at once
  // spares json_text's growth from 1 KB two reallocations and copies.
  r.document.reserve(4096);
  append_json_text(r.document, normalized.document);
  // A small document gives the rest back: a batch of 100,000 tiny events
  // otherwise holds 400 MB of reserved, unused text until it is stored.
  if (r.document.size() < 1024) r.document.shrink_to_fit();
  return r;
}

}  // namespace vigil::engine::ingest
