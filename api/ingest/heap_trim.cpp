#include "api/ingest/heap_trim.hpp"

#include <malloc.h>

namespace vigil::api {

HeapTrimAfter::~HeapTrimAfter() {
  if (memory_ && memory_->bytes() >= kTrimAfterBytes) malloc_trim(0);
}

}  // namespace vigil::api
