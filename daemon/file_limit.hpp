#pragma once

#include <string>

namespace vigil::daemon {

// Raises the soft RLIMIT_NOFILE to the hard limit: every connection holds a
// descriptor, and the usual soft default (1024) would refuse connections
// long before the hard limit (often 524288) or memory does. Reports what
// was done, for the start-up log; a failure to raise is a warning, not fatal.
struct FileLimitReport {
  bool ok = true;
  std::string message;
};
FileLimitReport raise_open_file_limit();

}  // namespace vigil::daemon
