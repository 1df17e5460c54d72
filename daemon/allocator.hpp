#pragma once

#include <string>

namespace vigil::daemon {

// Tunes the allocator before any thread starts. mimalloc returns freed
// memory to the OS 25 ms after it falls idle by default; on the VMs we
// measured, the page faults that follow cost dashboard queries a doubled
// p50 while ingest ran beside them (docs/PERFORMANCE.md). Memory now goes
// back after 10 s idle. MIMALLOC_* environment variables still win.
void configure_allocator();

// The allocator vigild runs on, for the start-up log: "mimalloc 2.0.9", or
// "glibc malloc" in sanitizer builds, which bring their own.
std::string allocator_name();

}  // namespace vigil::daemon
