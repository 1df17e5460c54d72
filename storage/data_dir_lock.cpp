#include "storage/data_dir_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>

namespace vigil::storage {
namespace {

// The pid the holder wrote, or "" when the file is empty or unreadable.
std::string holder_pid(int fd) {
  char buffer[32] = {};
  const auto n = pread(fd, buffer, sizeof buffer - 1, 0);
  std::string pid(buffer, n > 0 ? static_cast<std::size_t>(n) : 0);
  while (!pid.empty() && (pid.back() == '\n' || pid.back() == ' ')) pid.pop_back();
  return pid;
}

}  // namespace

DataDirLock::DataDirLock(const std::filesystem::path& dir) {
  const auto path = dir / "vigil.lock";
  fd_ = open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd_ < 0) throw std::runtime_error("cannot open lock file " + path.string() + ": " + std::strerror(errno));
  if (flock(fd_, LOCK_EX | LOCK_NB) != 0) {
    const int error = errno;
    const auto pid = holder_pid(fd_);
    close(fd_);
    fd_ = -1;
    if (error == EWOULDBLOCK)
      throw std::runtime_error("data directory " + dir.string() + " is in use by another vigild" +
                               (pid.empty() ? "" : " (pid " + pid + ")") +
                               ": two daemons on one database would both run every rule, alerting twice; stop it or "
                               "use another --data-dir");
    throw std::runtime_error("cannot lock " + path.string() + ": " + std::strerror(error));
  }
  const auto pid = std::to_string(getpid()) + "\n";
  // The pid only feeds the message above: a failed write changes nothing else.
  [[maybe_unused]] const bool recorded =
      ftruncate(fd_, 0) == 0 && pwrite(fd_, pid.data(), pid.size(), 0) == static_cast<ssize_t>(pid.size());
}

DataDirLock::~DataDirLock() {
  if (fd_ >= 0) close(fd_);  // releases the lock
}

}  // namespace vigil::storage
