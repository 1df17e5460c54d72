#pragma once

#include "api/http/router.hpp"

namespace vigil::api {

// GET /api/v1/openapi.json: the description of every route (docs/openapi.yaml).
void add_openapi_routes(Router& router);

}  // namespace vigil::api
