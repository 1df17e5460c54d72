#pragma once

#include <cstdint>
#include <mutex>
#include <set>
#include <span>
#include <string>
#include <vector>

#include "engine/store/event_record.hpp"
#include "storage/postgresql/connection.hpp"

namespace vigil::storage::postgresql {

// The days' partitions of `events` and `rule_matches` (docs/POSTGRESQL.md):
// one per UTC day of arrival (event.ingested), named <table>_pYYYYMMDD.
// Thread-safe.
class DayPartitions {
 public:
  static constexpr std::int64_t kDayMs = 86'400'000;

  // Creates the partitions the batch's events arrive in, and each next
  // day's, ahead of the first batch that needs it, unless this process made
  // them already. Runs its own transaction, under an advisory lock so that
  // writers meeting a new day at once create it once: call before the
  // batch's transaction. Another thread's call for a day being made waits
  // until it is committed.
  void ensure(Connection& c, std::span<const engine::EventRecord> batch);

  // The tables partitioned by day, which a day's partitions are made and
  // dropped for together.
  static const std::vector<std::string>& tables();

  // The UTC day (days since 1970-01-01) of a time in ms.
  static std::int64_t day_of(std::int64_t ms);
  // "<table>_pYYYYMMDD".
  static std::string name(const std::string& table, std::int64_t day);

 private:
  std::mutex mutex_;
  std::set<std::int64_t> made_;  // under mutex_: days committed
};

}  // namespace vigil::storage::postgresql
