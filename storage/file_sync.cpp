#include "storage/file_sync.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>

namespace vigil::storage {
namespace {

void sync_path(const std::filesystem::path& path, int flags) {
  const int fd = open(path.c_str(), flags | O_CLOEXEC);
  if (fd < 0) throw std::runtime_error("cannot open " + path.string() + " to sync it: " + std::strerror(errno));
  const int rc = fsync(fd);
  const int error = errno;
  close(fd);
  if (rc != 0) throw std::runtime_error("cannot sync " + path.string() + ": " + std::strerror(error));
}

}  // namespace

void sync_file(const std::filesystem::path& file) { sync_path(file, O_RDONLY); }

void sync_directory(const std::filesystem::path& dir) {
  sync_path(dir.empty() ? std::filesystem::path(".") : dir, O_RDONLY | O_DIRECTORY);
}

}  // namespace vigil::storage
