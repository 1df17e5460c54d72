#pragma once

#include <string>

#include "engine/detect/ingest_matcher.hpp"
#include "engine/normalize/normalizer.hpp"
#include "engine/store/event_record.hpp"

namespace vigil::engine::ingest {

// The record a store keeps for a normalized event: its index (empty: the
// conventional index of its source), id and write mode, the indexed columns,
// the rules of `matcher` that match it (none when it is null), and the
// document serialized once (invalid UTF-8 replaced, never thrown on).
// The only place an event becomes a record, so the index a rule's index
// patterns are matched against is the one the record names. Thread-safe.
EventRecord to_event_record(Normalized normalized, std::string index, std::string id,
                            WriteMode mode = WriteMode::kCreate, const detect::IngestMatcher* matcher = nullptr);

}  // namespace vigil::engine::ingest
