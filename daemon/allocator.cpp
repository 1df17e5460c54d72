#include "daemon/allocator.hpp"

#include <cstdlib>

#ifdef VIGIL_MIMALLOC
#include <mimalloc.h>
#endif

namespace vigil::daemon {

void configure_allocator() {
#ifdef VIGIL_MIMALLOC
  constexpr long kIdleMs = 10000;
  if (!std::getenv("MIMALLOC_DECOMMIT_DELAY")) mi_option_set(mi_option_decommit_delay, kIdleMs);
  if (!std::getenv("MIMALLOC_SEGMENT_DECOMMIT_DELAY")) mi_option_set(mi_option_segment_decommit_delay, kIdleMs);
#endif
}

std::string allocator_name() {
#ifdef VIGIL_MIMALLOC
  // Calling into the library also keeps a linker from dropping it as unused,
  // which would silently give malloc back to glibc.
  const int v = mi_version();  // 209 for 2.0.9
  return "mimalloc " + std::to_string(v / 100) + "." + std::to_string(v / 10 % 10) + "." + std::to_string(v % 10);
#else
  return "glibc malloc";
#endif
}

}  // namespace vigil::daemon
