#include "api/handlers/health_handler.hpp"

#include "api/http/json_response.hpp"

namespace vigil::api {

void add_health_routes(Router& router, const std::atomic<bool>& ready, std::function<nlohmann::json()> degraded_inputs) {
  router.add(http::verb::get, "/healthz", [](const RequestContext& ctx) {
    return json_response(ctx.request, http::status::ok, {{"status", "ok"}});
  }, Lane::probe);
  router.add(http::verb::get, "/readyz", [&ready, degraded_inputs](const RequestContext& ctx) {
    if (ready.load()) {
      auto inputs = degraded_inputs ? degraded_inputs() : nlohmann::json::object();
      if (!inputs.empty())
        return json_response(ctx.request, http::status::ok, {{"status", "degraded"}, {"inputs", std::move(inputs)}});
      return json_response(ctx.request, http::status::ok, {{"status", "ready"}});
    }
    return json_response(ctx.request, http::status::service_unavailable, {{"status", "not_ready"}});
  }, Lane::probe);
}

}  // namespace vigil::api
