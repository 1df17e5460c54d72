#include "storage/sqlite/sqlite_alert_store.hpp"
#include "storage/sqlite/sqlite_dead_letter_store.hpp"
#include "storage/sqlite/sqlite_event_store.hpp"
#include "storage/sqlite/sqlite_hunt_source.hpp"
#include "storage/sqlite/sqlite_outbox.hpp"
#include "storage/sqlite/sqlite_retention_store.hpp"
#include "storage/sqlite/sqlite_run_store.hpp"
#include "tests/storage/sqlite/sql_number.hpp"
#include "tests/storage/store_backend.hpp"
#include "tests/support/temp_dir.hpp"

namespace vigil::storage::testing {
namespace {

// A SQLite file in a temporary directory.
class SqliteBackend final : public StoreBackend {
 public:
  engine::EventStore& events() override { return events_; }

  std::shared_ptr<engine::EventStore> reopen_events() override {
    struct Opened {
      explicit Opened(const std::filesystem::path& file) : db(Database::Options{file}), events(db) {}
      Database db;
      SqliteEventStore events;
    };
    auto opened = std::make_shared<Opened>(dir_ / "vigil.db");
    return {opened, &opened->events};
  }

  std::int64_t sql_number(const std::string& sql) override { return testing::sql_number(db_, sql); }
  void sql(const std::string& sql) override {
    db_.write([&](Connection& c) { c.exec(sql); });
  }

  std::unique_ptr<engine::RunStore> open_runs(OutboxWrites outbox) override {
    return std::make_unique<SqliteRunStore>(db_, outbox);
  }
  std::unique_ptr<engine::AlertStore> open_alerts(OutboxWrites outbox) override {
    return std::make_unique<SqliteAlertStore>(db_, outbox);
  }
  std::unique_ptr<engine::outputs::Outbox> open_outbox(std::vector<std::string> outputs) override {
    return std::make_unique<SqliteOutbox>(db_, std::move(outputs));
  }

  engine::HuntSource& hunt() override { return hunt_; }
  engine::ingest::DeadLetterStore& dead_letters() override { return dead_letters_; }
  engine::RetentionStore& retention() override { return retention_; }

 private:
  test::TempDir dir_;
  Database db_{Database::Options{dir_ / "vigil.db"}};
  SqliteEventStore events_{db_};
  SqliteHuntSource hunt_{db_};
  SqliteDeadLetterStore dead_letters_{db_};
  SqliteRetentionStore retention_{db_};
};

}  // namespace

BackendFactory sqlite_backend() {
  return {"SQLite", [] { return std::make_unique<SqliteBackend>(); }};
}

}  // namespace vigil::storage::testing
