#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/store/event_record.hpp"
#include "storage/documents/hunt_copy.hpp"
#include "storage/postgresql/connection.hpp"

namespace vigil::storage::postgresql {

// Changes to hunting's column copy (migration 4) in a batch's transaction:
// the rows of the events it stored, the rows of the events it replaced, and
// the fields it recorded, written as parts of a statement the batch sends
// anyway (ctes()) or in one of their own (write()), never a statement per
// row. Rows are keyed by `ord`, the event's 1-based position in the batch;
// which event seq each is stored at is known from the statement (ctes()) or
// given (place()). Not thread-safe: one per batch.
class HuntCopyWrites {
 public:
  // The row of the batch's event at `ord`.
  void add(std::int64_t ord, const engine::EventRecord& event, const HuntCopy::Row& row);
  // The event at `ord` is stored at `seq`.
  void place(std::int64_t ord, std::int64_t seq);
  // The current event stored at (ingested, seq) was replaced: its row, if
  // its dataset has a copy and it has @timestamp, goes.
  void supersede(const HuntCopy& copy, std::int64_t ingested, std::int64_t seq, std::optional<std::int64_t> ts,
                 const std::string& dataset);

  // Data-modifying CTEs ("w0 AS (…), w1 AS (…)") that insert the rows whose
  // ord `placed` holds (a relation of ord, seq, ts, ingested) and delete the
  // superseded ones, their parameters added to `params`; "" for none.
  std::string ctes(Params& params, const std::string& placed) const;
  // The rows placed (place()) and superseded, in a statement of their own.
  void write(Connection& c) const;
  // Once committed: the copy notes the fields of the rows placed.
  void committed(HuntCopy& copy) const;

 private:
  struct Added {
    std::int64_t ord;
    const engine::EventRecord* event;
    const HuntCopy::Row* row;
    std::optional<std::int64_t> seq;  // once placed
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
