#include "api/openapi/openapi_handler.hpp"

#include <boost/beast/http/field.hpp>

#include "api/openapi/openapi_document.hpp"

namespace vigil::api {

void add_openapi_routes(Router& router) {
  router.add(http::verb::get, "/api/v1/openapi.json", [](const RequestContext& ctx) {
    Response res{http::status::ok, ctx.request.version()};
    res.set(http::field::content_type, "application/json");
    res.keep_alive(ctx.request.keep_alive());
    res.body() = std::string(openapi_document());
    return res;
  });
}

}  // namespace vigil::api
