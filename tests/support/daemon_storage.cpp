#include "tests/support/daemon_storage.hpp"

#include <cstdlib>
#include <map>
#include <mutex>
#include <stdexcept>
#include <string_view>

#include "tests/support/postgres_server.hpp"

namespace vigil::test {

bool daemons_on_postgresql() {
  const char* storage = std::getenv("VIGIL_TEST_STORAGE");
  if (!storage || !*storage || std::string_view(storage) == "sqlite") return false;
  if (std::string_view(storage) == "postgresql") return true;
  throw std::runtime_error(std::string("VIGIL_TEST_STORAGE: '") + storage + "' is not one of: sqlite, postgresql");
}

std::vector<std::string> daemon_storage_environment(const std::filesystem::path& data_dir) {
  if (!daemons_on_postgresql()) return {};
  static std::mutex mutex;
  static std::map<std::filesystem::path, std::string> schemas;
  const std::lock_guard lock(mutex);
  const auto key = std::filesystem::absolute(data_dir);
  auto it = schemas.find(key);
  if (it == schemas.end()) it = schemas.emplace(key, PostgresServer::shared().create_database()).first;
  return {"VIGIL_STORAGE_BACKEND=postgresql", "VIGIL_STORAGE_URL=" + it->second};
}

}  // namespace vigil::test
