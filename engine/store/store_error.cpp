#include "engine/store/store_error.hpp"

namespace vigil::engine {

std::string_view store_error_name(StoreErrorKind kind) {
  switch (kind) {
    case StoreErrorKind::kLocked:
      return "locked";
    case StoreErrorKind::kDiskFull:
      return "disk_full";
    case StoreErrorKind::kIoError:
      return "io_error";
    case StoreErrorKind::kUnreachable:
      return "unreachable";
    case StoreErrorKind::kOutOfMemory:
      return "out_of_memory";
    case StoreErrorKind::kQueryTimeout:
      return "query_timeout";
    case StoreErrorKind::kFailed:
      break;
  }
  return "failed";
}

}  // namespace vigil::engine
