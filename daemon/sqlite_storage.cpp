#include "daemon/sqlite_storage.hpp"

#include <spdlog/spdlog.h>

#include <filesystem>

#include "storage/data_dir_lock.hpp"
#include "storage/sqlite/database.hpp"
#include "storage/sqlite/sqlite_dead_letter_store.hpp"
#include "storage/sqlite/sqlite_event_store.hpp"
#include "storage/sqlite/sqlite_hunt_source.hpp"
#include "storage/sqlite/sqlite_outbox.hpp"
#include "storage/sqlite/sqlite_retention_store.hpp"
#include "storage/sqlite/sqlite_run_store.hpp"
#include "storage/sqlite/storage_stats.hpp"

namespace vigil::daemon {
namespace {

std::unique_ptr<storage::DataDirLock> lock_data_dir(const config::StorageOptions& o, const StorageOpening& how) {
  if (how.validating) return nullptr;
  std::filesystem::create_directories(o.data_dir);
  return std::make_unique<storage::DataDirLock>(o.data_dir);
}

class SqliteStorage final : public StorageBackend {
 public:
  SqliteStorage(const config::StorageOptions& o, StorageOpening how)
      : lock_(lock_data_dir(o, how)),
        database_({o.database_path(), o.synchronous, o.busy_timeout_ms, o.query_timeout_ms, how.validating}),
        runs_(database_, how.outbox_writes),
        identity_(std::filesystem::absolute(o.database_path()).string()) {
    if (how.validating) {
      spdlog::info("storage: in memory for this validation run ({} is not opened)", o.database_path().string());
      return;
    }
    spdlog::info("storage: {} (schema version {})", o.database_path().string(), database_.schema_version());
    if (!database_.incremental_vacuum())
      spdlog::warn(
          "storage: {} was created without incremental vacuum: space freed by retention is reused but never "
          "returned to the file system (with vigild stopped, `sqlite3 FILE 'PRAGMA auto_vacuum=INCREMENTAL; "
          "VACUUM'` converts it)",
          o.database_path().string());
  }

  const Stores& stores() const override { return stores_; }
  std::unique_ptr<engine::outputs::Outbox> outbox(std::vector<std::string> outputs) override {
    return std::make_unique<storage::SqliteOutbox>(database_, std::move(outputs));
  }
  engine::StorageFigures figures() override { return storage::measure_storage(database_); }
  const std::string& identity() const override { return identity_; }
  // The data directory's lock keeps any second vigild away.
  ClusterStores cluster(const std::string&, const config::ClusterOptions&) override { return {}; }

 private:
  std::unique_ptr<storage::DataDirLock> lock_;  // declared first: released after the database closes
  storage::Database database_;
  storage::SqliteEventStore events_{database_};
  storage::SqliteHuntSource hunt_source_{database_};
  storage::SqliteRunStore runs_;
  storage::SqliteDeadLetterStore dead_letters_{database_};
  storage::SqliteRetentionStore retention_{database_};
  const Stores stores_{events_, hunt_source_, runs_, runs_.alerts(), dead_letters_, retention_};
  const std::string identity_;  // the file's absolute path
};

}  // namespace

std::unique_ptr<StorageBackend> open_sqlite_storage(const config::StorageOptions& options, StorageOpening how) {
  return std::make_unique<SqliteStorage>(options, how);
}

}  // namespace vigil::daemon
