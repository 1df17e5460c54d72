#include "storage/postgresql/migrations.hpp"
#include "storage/postgresql/postgres_alert_store.hpp"
#include "storage/postgresql/postgres_dead_letter_store.hpp"
#include "storage/postgresql/postgres_event_store.hpp"
#include "storage/postgresql/postgres_hunt_source.hpp"
#include "storage/postgresql/postgres_outbox.hpp"
#include "storage/postgresql/postgres_retention_store.hpp"
#include "storage/postgresql/postgres_run_store.hpp"
#include "tests/storage/store_backend.hpp"
#include "tests/support/postgres_server.hpp"

namespace vigil::storage::testing {
namespace {

using postgresql::Connection;
using postgresql::ConnectionPool;
using postgresql::PostgresEventStore;

// A database of its own on the test process's PostgreSQL server.
class PostgresBackend final : public StoreBackend {
 public:
  engine::EventStore& events() override { return events_; }

  std::shared_ptr<engine::EventStore> reopen_events() override {
    struct Opened {
      explicit Opened(const std::string& conninfo) : pool(conninfo, 2), events(pool) {}
      ConnectionPool pool;
      PostgresEventStore events;
    };
    auto opened = std::make_shared<Opened>(conninfo_);
    return {opened, &opened->events};
  }

  std::int64_t sql_number(const std::string& sql) override {
    return pool_.with([&](Connection& c) { return c.query("SELECT (" + sql + ")::int8").int8(0, 0); });
  }
  void sql(const std::string& sql) override {
    pool_.with([&](Connection& c) { c.exec(sql); });
  }

  std::unique_ptr<engine::RunStore> open_runs(OutboxWrites outbox) override {
    return std::make_unique<postgresql::PostgresRunStore>(pool_, outbox);
  }
  std::unique_ptr<engine::AlertStore> open_alerts(OutboxWrites outbox) override {
    return std::make_unique<postgresql::PostgresAlertStore>(pool_, outbox);
  }
  std::unique_ptr<engine::outputs::Outbox> open_outbox(std::vector<std::string> outputs) override {
    return std::make_unique<postgresql::PostgresOutbox>(pool_, std::move(outputs));
  }

  engine::HuntSource& hunt() override { return hunt_; }
  engine::ingest::DeadLetterStore& dead_letters() override { return dead_letters_; }
  engine::RetentionStore& retention() override { return retention_; }

 private:
  static ConnectionPool& migrated(ConnectionPool& pool) {
    pool.with([](Connection& c) { postgresql::migrate(c); });
    return pool;
  }

  std::string conninfo_ = test::PostgresServer::shared().create_database();
  ConnectionPool pool_{conninfo_, 4};
  PostgresEventStore events_{migrated(pool_)};
  postgresql::PostgresHuntSource hunt_{pool_};
  postgresql::PostgresDeadLetterStore dead_letters_{pool_};
  postgresql::PostgresRetentionStore retention_{pool_};
};

}  // namespace

BackendFactory postgresql_backend() {
  return {"PostgreSQL", [] { return std::make_unique<PostgresBackend>(); }};
}

}  // namespace vigil::storage::testing
