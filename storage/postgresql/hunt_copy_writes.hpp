#pragma once

#include <cstdint>
#include <vector>

#include "engine/store/event_record.hpp"
#include "storage/documents/hunt_copy.hpp"
#include "storage/postgresql/connection.hpp"

namespace vigil::storage::postgresql {

// One batch's changes to hunting's column copy (migration 3): the rows of
// the events it stored, the rows of the events it replaced, and the fields
// it recorded, written by one statement in the batch's transaction (one
// round trip per batch, whatever its size). Not thread-safe: one per batch.
class HuntCopyWrites {
 public:
  // The row of the event the batch stored at `seq`.
  void add(std::int64_t seq, const engine::EventRecord& event, const HuntCopy::Row& row);
  // The current event stored at (ingested, seq) was replaced: its row, if
  // its dataset has a copy and it has @timestamp, goes.
  void supersede(const HuntCopy& copy, std::int64_t ingested, std::int64_t seq, std::optional<std::int64_t> ts,
                 const std::string& dataset);
  // Writes them, in the caller's transaction.
  void write(Connection& c) const;
  // Once committed: the copy notes the fields recorded.
  void committed(HuntCopy& copy) const;

 private:
  struct Added {
    std::int64_t seq;
    const engine::EventRecord* event;
    const HuntCopy::Row* row;
  };
  struct Gone {
    const HuntCopy::Table* table;
    std::int64_t ingested;
    std::int64_t ts;
    std::int64_t seq;
  };
  std::vector<Added> added_;
  std::vector<Gone> gone_;
};

}  // namespace vigil::storage::postgresql
