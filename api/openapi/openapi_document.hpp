#pragma once

#include <string_view>

namespace vigil::api {

// docs/openapi.yaml as compact JSON, embedded at build time.
std::string_view openapi_document();

}  // namespace vigil::api
