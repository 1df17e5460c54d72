#pragma once

#include <cstdint>
#include <vector>

#include "engine/ingest/ingest_batch.hpp"
#include "engine/store/event_record.hpp"
#include "engine/time/timestamp.hpp"

namespace vigil::engine::ingest {

// A batch IngestPipeline::prepare normalized, matched and turned into
// records, not stored yet: the CPU work of ingesting, done on whichever
// thread made it, apart from the write, done by IngestPipeline::store.
// Not thread-safe; move it between threads.
struct PreparedBatch {
  std::vector<EventRecord> records;
  std::vector<WrittenEvent> items;  // one per record, outcomes still kCreated
  TimeMs received_at = 0;
  // Which of the pipeline's matchers matched the records: a batch matched
  // by one replaced since is not stored (IngestPipeline::store).
  std::uint64_t matcher_generation = 0;

  // Moves `more`'s records after these: one transaction for batches
  // prepared in parts on several threads. Matched by an older matcher, a
  // part makes the whole stale.
  void append(PreparedBatch&& more);
};

}  // namespace vigil::engine::ingest
