#pragma once

#include <cstdint>
#include <mutex>
#include <set>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "engine/store/event_record.hpp"
#include "storage/postgresql/connection.hpp"

namespace vigil::storage::postgresql {

// The days' partitions of `events`, `rule_matches` and the tables that go
// with them (docs/POSTGRESQL.md): one per UTC day of arrival
// (event.ingested), named <table>_pYYYYMMDD, so retention drops a day of
// each together. Thread-safe.
class DayPartitions {
 public:
  static constexpr std::int64_t kDayMs = 86'400'000;

  // A table partitioned by the arrival day of the events of one dataset
  // (hunting's column copy): a day's partition of it is made with the first
  // batch holding an event of the dataset, so a site that sends none has none.
  struct DatasetTable {
    std::string dataset;
    std::string table;
  };
  explicit DayPartitions(std::vector<DatasetTable> per_dataset = {});

  // Creates the partitions the batch's events arrive in (of `events`,
  // `rule_matches` and their datasets' tables), and each next day's, ahead
  // of the first batch that needs it, unless this process made them
  // already. Runs its own transactions, one per partition, each under an
  // advisory lock so that writers meeting a new day at once create it
  // once: call before the batch's transaction. Another thread's call for a day being made waits
  // until it is committed.
  void ensure(Connection& c, std::span<const engine::EventRecord> batch);

  // The tables every day has a partition of, made and dropped together
  // (hunting's copies have theirs per dataset: DatasetTable).
  static const std::vector<std::string>& tables();

  // The UTC day (days since 1970-01-01) of a time in ms.
  static std::int64_t day_of(std::int64_t ms);
  // "<table>_pYYYYMMDD".
  static std::string name(const std::string& table, std::int64_t day);

 private:
  std::vector<DatasetTable> per_dataset_;
  std::mutex mutex_;
  std::set<std::pair<std::string, std::int64_t>> made_;  // under mutex_: (table, day) committed
};

}  // namespace vigil::storage::postgresql
