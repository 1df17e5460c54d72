#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/time/timestamp.hpp"

namespace vigil::engine {

// How a write treats an id that is already stored, as Elasticsearch's bulk
// actions do: `create` refuses it (409), `index` replaces the document
// (EventStore::write_batch says what becomes of the replaced one).
enum class WriteMode { kCreate, kIndex };

enum class WriteOutcome { kCreated, kUpdated, kConflict };

// What one write did, and the version of the event's id it left current:
// 1 when created, one more than the replaced version when updated, the
// stored version for a conflict. The same number GET reports as _version.
struct WriteResult {
  WriteOutcome outcome = WriteOutcome::kCreated;
  std::uint64_t version = 1;

  bool operator==(const WriteResult&) const = default;
};

// Which field a rule's time window applies to (Kibana's timestamp_override).
enum class TimeField {
  kTimestamp,  // @timestamp
  kIngested,   // event.ingested, falling back to @timestamp when absent
};

// A rule whose query matched the event when it was ingested, and the time
// field its runs select windows on (see engine/detect/ingest_matcher.hpp).
struct RuleMatch {
  std::string rule_id;
  TimeField time_field = TimeField::kTimestamp;
  // For an aggregation rule: the values of the columns its runs read
  // (engine/analytics/row_values.hpp), which its runs read instead of the
  // document. Unset for EQL rules.
  std::optional<std::string> values;
};

// One normalized event, ready to store. The document is serialized JSON
// so the store never re-encodes it.
struct EventRecord {
  std::string index;     // the Elasticsearch-style index it was written to
  std::string id;        // the shipper's _id, or one Vigil generated
  WriteMode mode = WriteMode::kCreate;
  std::optional<TimeMs> timestamp;  // @timestamp
  TimeMs ingested = 0;              // event.ingested
  std::vector<std::string> categories;  // event.category values, for push-down
  std::string dataset;                   // event.dataset or the Defender table
  std::string document;                  // the normalized document as JSON text
  std::vector<RuleMatch> rule_matches;   // rules whose query matched at ingest
};

// An event read back from the store.
struct StoredEvent {
  std::string index;
  std::string id;
  std::optional<TimeMs> timestamp;
  TimeMs ingested = 0;
  std::string document;  // JSON text
  // Set by RuleMatchIndex::scan_rule_values for an event its rule matched at
  // ingest: the values recorded (RuleMatch::values) stand in for the
  // document, index and id, which are left empty.
  std::optional<std::string> values;
  // From EventStore::get, the version its id is at (WriteResult::version);
  // from scans, 0 for the current version, else the replaced version read
  // (EventStore::write_batch keeps those for rule runs).
  std::uint64_t version = 0;
};

}  // namespace vigil::engine
