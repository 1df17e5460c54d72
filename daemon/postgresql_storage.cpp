#include "daemon/postgresql_storage.hpp"

#include <spdlog/spdlog.h>

#include <string>

#include "storage/postgresql/connection_pool.hpp"
#include "storage/postgresql/migrations.hpp"
#include "storage/postgresql/postgres_cluster_membership.hpp"
#include "storage/postgresql/postgres_dead_letter_store.hpp"
#include "storage/postgresql/postgres_event_store.hpp"
#include "storage/postgresql/postgres_hunt_source.hpp"
#include "storage/postgresql/postgres_outbox.hpp"
#include "storage/postgresql/postgres_retention_store.hpp"
#include "storage/postgresql/postgres_rule_leases.hpp"
#include "storage/postgresql/postgres_run_store.hpp"

namespace vigil::daemon {
namespace {

namespace pg = storage::postgresql;

const std::string& checked(const std::string& conninfo) {
  pg::check_conninfo(conninfo);
  return conninfo;
}

// Migrates before any store is built: they read the schema as they start.
pg::ConnectionPool& migrated(pg::ConnectionPool& pool) {
  pool.with([](pg::Connection& c) {
    const auto before = pg::schema_version(c);
    pg::migrate(c);
    const auto after = pg::schema_version(c);
    if (after != before)
      spdlog::info("storage: {} migrated from schema version {} to {}", c.describe(), before, after);
    else
      spdlog::info("storage: {} (schema version {})", c.describe(), after);
  });
  return pool;
}

class PostgresStorage final : public StorageBackend {
 public:
  PostgresStorage(const config::StorageOptions& o, StorageOpening how)
      : pool_(checked(o.url), o.pool_size, o.password),
        events_(migrated(pool_)),
        runs_(pool_, how.outbox_writes),
        identity_(pool_.with([](pg::Connection& c) {
          // The server, database and schema: what two vigild on one database share.
          return c.describe().substr(0, c.describe().rfind(" as ")) + "/" +
                 std::string(c.query("SELECT current_schema()::text").bytes(0, 0));
        })) {}

  const Stores& stores() const override { return stores_; }
  std::unique_ptr<engine::outputs::Outbox> outbox(std::vector<std::string> outputs) override {
    return std::make_unique<pg::PostgresOutbox>(pool_, std::move(outputs));
  }
  engine::StorageFigures figures() override {
    return pool_.with([](pg::Connection& c) {
      const auto r = c.query(
          "SELECT pg_database_size(current_database())::int8, (SELECT count(*) FROM events), "
          "(SELECT count(*) FROM alerts)");
      return engine::StorageFigures{.database_bytes = static_cast<std::uint64_t>(r.int8(0, 0)),
                                    .events = static_cast<std::uint64_t>(r.int8(0, 1)),
                                    .alerts = static_cast<std::uint64_t>(r.int8(0, 2))};
    });
  }
  const std::string& identity() const override { return identity_; }
  ClusterStores cluster(const std::string& node_id, const config::ClusterOptions& o) override {
    return {std::make_unique<pg::PostgresRuleLeases>(pool_, node_id, o.lease_ttl_ms),
            std::make_unique<pg::PostgresClusterMembership>(pool_, node_id, o.node_timeout_ms)};
  }

 private:
  pg::ConnectionPool pool_;
  pg::PostgresEventStore events_;
  pg::PostgresHuntSource hunt_source_{pool_};
  pg::PostgresRunStore runs_;
  pg::PostgresDeadLetterStore dead_letters_{pool_};
  pg::PostgresRetentionStore retention_{pool_};
  const Stores stores_{events_, hunt_source_, runs_, runs_.alerts(), dead_letters_, retention_};
  const std::string identity_;
};

}  // namespace

std::unique_ptr<StorageBackend> open_postgresql_storage(const config::StorageOptions& options, StorageOpening how) {
  return std::make_unique<PostgresStorage>(options, how);
}

}  // namespace vigil::daemon
