#include "daemon/file_limit.hpp"

#include <sys/resource.h>

#include <cerrno>
#include <cstring>

namespace vigil::daemon {
namespace {

std::string text(rlim_t limit) { return limit == RLIM_INFINITY ? "unlimited" : std::to_string(limit); }

}  // namespace

FileLimitReport raise_open_file_limit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0)
    return {false, std::string("open files: cannot read the limit: ") + std::strerror(errno)};
  if (limit.rlim_cur == limit.rlim_max)
    return {true, "open files: limit " + text(limit.rlim_cur) + " (the hard limit)"};
  const auto before = limit.rlim_cur;
  limit.rlim_cur = limit.rlim_max;
  if (setrlimit(RLIMIT_NOFILE, &limit) != 0)
    return {false, "open files: limit " + text(before) + "; cannot raise it to the hard limit " + text(limit.rlim_max) +
                       ": " + std::strerror(errno)};
  return {true, "open files: limit raised from " + text(before) + " to the hard limit " + text(limit.rlim_max)};
}

}  // namespace vigil::daemon
