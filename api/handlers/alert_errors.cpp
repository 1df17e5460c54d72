#include "api/handlers/alert_errors.hpp"

#include "api/http/json_response.hpp"

namespace vigil::api {

Response bad_alert_request(const RequestContext& ctx, const std::string& reason) {
  return json_error(ctx.request, http::status::bad_request, "illegal_argument_exception", reason);
}

Response unknown_alert(const RequestContext& ctx) {
  return json_error(ctx.request, http::status::not_found, "not_found", "no alert with id '" + *ctx.param("id") + "'");
}

}  // namespace vigil::api
