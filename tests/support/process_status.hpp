#pragma once

#include <sys/types.h>

#include <string>

namespace vigil::test {

// A "<field>: N kB" figure of /proc/<pid>/status ("VmRSS": resident now,
// "VmHWM": the kernel's peak), in kB; -1 when the process or field is gone.
long status_kb(pid_t pid, const std::string& field);

}  // namespace vigil::test
