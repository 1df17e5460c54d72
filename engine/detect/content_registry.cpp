#include "engine/detect/content_registry.hpp"

namespace vigil::engine::detect {

ContentRegistry& content_registry() {
  static ContentRegistry registry;
  return registry;
}

}  // namespace vigil::engine::detect
