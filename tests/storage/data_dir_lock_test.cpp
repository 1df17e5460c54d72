#include "storage/data_dir_lock.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <optional>

#include "tests/support/temp_dir.hpp"
#include "tests/support/test_data.hpp"

namespace vigil::storage {
namespace {

std::string refusal(const std::filesystem::path& dir) {
  try {
    DataDirLock second(dir);
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  return "(taken twice)";
}

// flock locks belong to open files, so a second lock in this process is
// refused as another process's would be.
TEST(DataDirLock, IsExclusiveNamesTheHolderAndEndsWithItsOwner) {
  const test::TempDir dir;
  std::optional<DataDirLock> first(std::in_place, dir.path());
  EXPECT_EQ(test::read_file(dir / "vigil.lock"), std::to_string(getpid()) + "\n");
  EXPECT_EQ(refusal(dir.path()), "data directory " + dir.path().string() + " is in use by another vigild (pid " +
                                     std::to_string(getpid()) +
                                     "): two daemons on one database would both run every rule, alerting twice; stop "
                                     "it or use another --data-dir");
  first.reset();
  EXPECT_NO_THROW(DataDirLock again(dir.path())) << "the lock file left behind does not block the next owner";
}

}  // namespace
}  // namespace vigil::storage
