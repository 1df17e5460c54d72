#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <set>
#include <string>

#include "engine/store/hunt_source.hpp"
#include "storage/sqlite/database.hpp"
#include "storage/sqlite/hunt_columns.hpp"
#include "storage/sqlite/stored_documents.hpp"

namespace vigil::storage {

// The hunting engine's view of the `events` table: a table's rows are the
// current versions (superseded ones are skipped) of the events of its
// datasets, read in time order over the `events_ts` index, or, for the
// fields the column copy holds (HuntColumns), from that copy, pushing
// equalities into its SQL (and its NetworkMessageId indexes). Field
// equalities are applied on the document text before it is parsed, when
// the value needs no JSON escaping. The fields a dataset's documents carry
// are read from those the column copy recorded, or for a dataset without
// a complete copy learnt incrementally (each event is read once for this,
// the first time a query names its table) and kept in memory. Thread-safe.
class SqliteHuntSource final : public engine::HuntSource {
 public:
  explicit SqliteHuntSource(Database& db);

  void scan(const engine::TableScan& scan, const std::function<bool(const engine::StoredEvent&)>& visit) override;
  bool scan_fields(const engine::TableScan& scan, std::span<const std::string> fields,
                   const std::function<bool(const engine::FieldRow&)>& visit) override;
  std::vector<Field> fields(std::span<const engine::DatasetSelector> datasets) override;

 private:
  // The copy holding the scan's events, when its one dataset has a complete one.
  const HuntColumns::Table* copy_of(const engine::TableScan& scan);
  // Whether every event of the table's dataset stored before the copy began is gone.
  bool copy_complete(const HuntColumns::Table& table);

  Database& db_;
  StoredDocuments documents_;
  const HuntColumns columns_;
  std::mutex complete_mutex_;
  std::set<std::string> complete_;  // datasets copy_complete found complete, under complete_mutex_
  std::mutex learnt_mutex_;
  std::map<std::string, LearntFields> learnt_;  // by dataset, under learnt_mutex_
};

}  // namespace vigil::storage
