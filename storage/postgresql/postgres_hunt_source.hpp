#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "engine/store/hunt_source.hpp"
#include "storage/documents/document_frames.hpp"
#include "storage/documents/hunt_copy.hpp"
#include "storage/postgresql/connection_pool.hpp"
#include "storage/postgresql/document_dictionaries.hpp"

namespace vigil::storage::postgresql {

// The hunting engine's view of PostgresEventStore's events: a table's rows
// are the current versions of the events of its datasets, read in time
// order over `events_ts`, or, for the fields hunting's column copy holds
// (HuntCopy, migration 4), from that copy, pushing string equalities into
// its SQL (and its NetworkMessageId indexes). Field equalities are applied
// on the document text before it is parsed (DocumentEqualities). The fields
// a dataset's documents carry are those the copy recorded, or for a dataset
// without a copy learnt from its documents, each read once for this, the
// first time a query names its table after it was stored (by events.seq:
// an event committed after a later-numbered one was read is not learnt),
// and kept in memory. The schema must be migrated; the copy's layout is
// read on construction. Thread-safe.
class PostgresHuntSource final : public engine::HuntSource {
 public:
  explicit PostgresHuntSource(ConnectionPool& pool);

  std::vector<Field> fields(std::span<const engine::DatasetSelector> datasets) override;
  void scan(const engine::TableScan& scan, const std::function<bool(const engine::StoredEvent&)>& visit) override;
  bool scan_fields(const engine::TableScan& scan, std::span<const std::string> fields,
                   const std::function<bool(const engine::FieldRow&)>& visit) override;

 private:
  // The copy holding the scan's events, when it reads one dataset whole.
  const HuntCopy::Table* copy_of(const engine::TableScan& scan) const;

  ConnectionPool& pool_;
  DocumentDictionaries dictionaries_;
  DocumentFrames documents_;
  const std::vector<HuntCopy::Table> tables_;
  std::mutex learnt_mutex_;
  std::map<std::string, LearntFields> learnt_;  // by dataset, under learnt_mutex_
};

}  // namespace vigil::storage::postgresql
