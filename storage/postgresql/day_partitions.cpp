#include "storage/postgresql/day_partitions.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <vector>

namespace vigil::storage::postgresql {
namespace {

// "vigil" + 1: the partitions' lock, apart from the migrations' (migrations.cpp).
constexpr const char* kPartitionLock = "508574525805";

}  // namespace

DayPartitions::DayPartitions(std::vector<DatasetTable> per_dataset) : per_dataset_(std::move(per_dataset)) {}

const std::vector<std::string>& DayPartitions::tables() {
  static const std::vector<std::string> partitioned = {"events", "rule_matches"};
  return partitioned;
}

std::int64_t DayPartitions::day_of(std::int64_t ms) { return ms >= 0 ? ms / kDayMs : -((-ms + kDayMs - 1) / kDayMs); }

std::string DayPartitions::name(const std::string& table, std::int64_t day) {
  const std::chrono::year_month_day date{std::chrono::sys_days{std::chrono::days{day}}};
  char suffix[16];
  std::snprintf(suffix, sizeof suffix, "_p%04d%02u%02u", static_cast<int>(date.year()),
                static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
  return table + suffix;
}

void DayPartitions::ensure(Connection& c, std::span<const engine::EventRecord> batch) {
  // Held through the creation, and a day counts as made only once it is
  // committed: a writer that finds its day being made by another thread
  // waits for it, instead of inserting into a partition not there yet.
  std::lock_guard lock(mutex_);
  std::vector<std::pair<std::string, std::int64_t>> missing;
  const auto need = [&](const std::string& table, std::int64_t day) {
    std::pair<std::string, std::int64_t> key(table, day);
    if (!made_.contains(key) && std::find(missing.begin(), missing.end(), key) == missing.end())
      missing.push_back(std::move(key));
  };
  for (const auto& e : batch) {
    const auto day = day_of(e.ingested);
    for (const auto d : {day, day + 1}) {
      for (const auto& table : tables()) need(table, d);
      for (const auto& t : per_dataset_)
        if (t.dataset == e.dataset) need(t.table, d);
    }
  }
  // One transaction per partition: making one locks its parent exclusively
  // until the commit, and a reader joining two parents (a rule run reads
  // rule_matches, then events) locks them in its own order. Holding one
  // parent while asking for the next deadlocked with such a reader.
  for (const auto& made : missing) {
    const auto& [table, day] = made;
    Transaction tx(c);
    c.exec(std::string("SELECT pg_advisory_xact_lock(") + kPartitionLock + ");CREATE TABLE IF NOT EXISTS " +
           name(table, day) + " PARTITION OF " + table + " FOR VALUES FROM (" + std::to_string(day * kDayMs) +
           ") TO (" + std::to_string((day + 1) * kDayMs) + ")");
    tx.commit();
    made_.insert(made);
  }
}

}  // namespace vigil::storage::postgresql
