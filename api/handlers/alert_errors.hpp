#pragma once

#include <string>

#include "api/http/types.hpp"

namespace vigil::api {

// The 400 of every alert route: the reason names the field and what it allows.
Response bad_alert_request(const RequestContext& ctx, const std::string& reason);

// The 404 of the routes under /api/v1/alerts/{id}.
Response unknown_alert(const RequestContext& ctx);

}  // namespace vigil::api
