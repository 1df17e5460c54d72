#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "engine/ingest/dead_letters.hpp"
#include "engine/outputs/outbox.hpp"
#include "engine/store/alert_store.hpp"
#include "engine/store/event_store.hpp"
#include "engine/store/hunt_source.hpp"
#include "engine/store/retention_store.hpp"
#include "engine/store/run_store.hpp"
#include "storage/documents/outbox_writes.hpp"

namespace vigil::storage::testing {

// One storage backend under the contract tests: a fresh database of its
// own per test (a SQLite file, or a PostgreSQL database on the test
// process's server), migrated, with its stores opened on it.
class StoreBackend {
 public:
  virtual ~StoreBackend() = default;

  virtual engine::EventStore& events() = 0;
  // An event store opened anew on the same database, as a restarted vigild
  // or a second process would open it.
  virtual std::shared_ptr<engine::EventStore> reopen_events() = 0;
  // The first column of the first row of `sql`, a count or another integer:
  // what a test checks of the database directly. The SQL must mean the
  // same on every backend.
  virtual std::int64_t sql_number(const std::string& sql) = 0;
  // Runs `sql`, a statement changing rows that means the same on every
  // backend: what a test does to the database behind the stores' backs.
  virtual void sql(const std::string& sql) = 0;

  // The alert side, each opened anew on the database: a run store (and
  // the alert store it writes through), an alert store, and the outbox of
  // the outputs named; with OutboxWrites::kOn the stores queue outbox
  // entries with what they write.
  virtual std::unique_ptr<engine::RunStore> open_runs(OutboxWrites outbox = OutboxWrites::kOff) = 0;
  virtual std::unique_ptr<engine::AlertStore> open_alerts(OutboxWrites outbox = OutboxWrites::kOff) = 0;
  virtual std::unique_ptr<engine::outputs::Outbox> open_outbox(std::vector<std::string> outputs) = 0;

  // Hunting's reads of events() (HuntSource) and inputs' dead letters, on
  // the same database.
  virtual engine::HuntSource& hunt() = 0;
  virtual engine::ingest::DeadLetterStore& dead_letters() = 0;
  // Retention of what the stores above keep.
  virtual engine::RetentionStore& retention() = 0;
};

// How a parameterized suite makes a backend; `name` names its instance.
struct BackendFactory {
  std::string name;
  std::function<std::unique_ptr<StoreBackend>()> make;
};

inline std::ostream& operator<<(std::ostream& out, const BackendFactory& factory) { return out << factory.name; }

// The instances' names in test names: SQLite/..., PostgreSQL/....
inline std::string backend_name(const ::testing::TestParamInfo<BackendFactory>& info) { return info.param.name; }

BackendFactory sqlite_backend();
BackendFactory postgresql_backend();

}  // namespace vigil::storage::testing
