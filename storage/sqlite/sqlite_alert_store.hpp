#pragma once

#include "engine/store/alert_store.hpp"
#include "storage/sqlite/database.hpp"

namespace vigil::storage {

// The read side of the `alerts` table.
class SqliteAlertStore final : public engine::AlertStore {
 public:
  explicit SqliteAlertStore(Database& db) : db_(db) {}

  engine::AlertPage list(const engine::AlertQuery& query) override;
  std::optional<nlohmann::json> get(const std::string& id) override;

 private:
  Database& db_;
};

}  // namespace vigil::storage
