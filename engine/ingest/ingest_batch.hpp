#pragma once

#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "engine/normalize/event_shape.hpp"
#include "engine/store/event_record.hpp"

namespace vigil::engine::ingest {

// One event a transport received: the raw document and where it goes.
struct IncomingEvent {
  nlohmann::json raw;
  std::string index;  // empty: the conventional index of its recognised source
  std::string id;     // empty: generate one
  WriteMode mode = WriteMode::kCreate;
};

// What became of one event of a batch.
struct WrittenEvent {
  std::string index;
  std::string id;  // the generated one when the event came without
  WriteOutcome outcome = WriteOutcome::kCreated;
  EventShape shape = EventShape::kUnknown;  // what normalization recognised
  std::size_t bytes = 0;                    // of the normalized document as stored
  std::uint64_t version = 1;                // WriteResult::version
  std::string host;                         // host.name of the normalized event, "" when it has none
};

// What a batch came to. A saturated pipeline stored nothing and says why:
// transports answer it with back-pressure (HTTP 429, a paused Kafka
// partition) and the sender retries.
struct IngestResult {
  bool saturated = false;
  bool stale = false;               // a prepared batch matched by a replaced matcher (IngestPipeline::store)
  std::string refusal;              // why, when saturated or stale
  std::vector<WrittenEvent> items;  // in input order, when stored
};

}  // namespace vigil::engine::ingest
