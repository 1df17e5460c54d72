#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "engine/ingest/ingest_batch.hpp"
#include "engine/store/store_error.hpp"
#include "engine/time/timestamp.hpp"

namespace vigil::engine::ingest {

// What the ingest pipeline reports as it goes: for metrics and logs, which
// live outside the engine, and for the health checks' record of which
// sources send. `at` is when the batch arrived. Called on the thread that
// ingests the batch, from several threads at once: implementations are
// thread-safe and quick.
class IngestObserver {
 public:
  virtual ~IngestObserver() = default;

  // A batch committed; `batch` includes the events refused as conflicts.
  virtual void stored(TimeMs at, std::span<const WrittenEvent> batch) = 0;
  // Events of this batch stored whose shape normalization does not know:
  // `count` of them, the last one in `last_index`, `total` since start.
  virtual void unrecognised(std::size_t count, const std::string& last_index, std::uint64_t total) = 0;
  // A batch refused because too many wait for the database.
  virtual void saturated(TimeMs at) = 0;
  // A batch the database refused; nothing of it is stored.
  virtual void store_failed(TimeMs at, StoreErrorKind kind) = 0;
};

}  // namespace vigil::engine::ingest
