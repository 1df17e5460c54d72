#include "api/handlers/metrics_handler.hpp"

namespace vigil::api {

void add_metrics_routes(Router& router, const metrics::MetricsRegistry& registry) {
  router.add(http::verb::get, "/metrics", [&registry](const RequestContext& ctx) {
    Response res{http::status::ok, ctx.request.version()};
    res.set(http::field::content_type, "text/plain; version=0.0.4; charset=utf-8");
    res.keep_alive(ctx.request.keep_alive());
    res.body() = registry.render();
    return res;
  });
}

}  // namespace vigil::api
