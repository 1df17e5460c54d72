#pragma once

#include <sys/types.h>

#include <string>

namespace vigil::test {

// A "<field>: N kB" figure of /proc/<pid>/status ("VmRSS": resident now,
// "VmHWM": the kernel's peak), in kB; -1 when the process or field is gone.
long status_kb(pid_t pid, const std::string& field);

// The CPU time the process has used, user and system, in seconds (from
// /proc/<pid>/stat); -1 when the process is gone.
double cpu_seconds(pid_t pid);

}  // namespace vigil::test
