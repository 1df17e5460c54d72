#include "api/handlers/rules_reload_handler.hpp"

#include "api/http/json_response.hpp"

namespace vigil::api {
namespace {

nlohmann::json messages(const std::vector<engine::LoadMessage>& list) {
  auto out = nlohmann::json::array();
  for (const auto& m : list) out.push_back(m.to_json());
  return out;
}

}  // namespace

void add_rules_reload_route(Router& router, std::function<RuleReloadOutcome()> reload) {
  router.add(http::verb::post, "/api/v1/rules/_reload", [reload = std::move(reload)](const RequestContext& ctx) {
    RuleReloadOutcome outcome;
    try {
      outcome = reload();
    } catch (const std::exception& e) {
      return json_error(ctx.request, http::status::internal_server_error, "rule_reload_failed",
                        std::string("the rules were not replaced; the set loaded before keeps running: ") + e.what());
    }
    const auto& result = outcome.result;
    if (!result.ok()) {
      // 422: the request was fine, the rule files it asked to load are not.
      auto body = error_body(http::status::unprocessable_entity, "rule_load_exception",
                             std::to_string(result.errors().size()) + " rule error(s), first " +
                                 result.errors().front().to_string() +
                                 "; nothing was replaced, the set loaded before keeps running");
      body["error"]["errors"] = messages(result.errors());
      body["error"]["warnings"] = messages(result.warnings());
      return json_response(ctx.request, http::status::unprocessable_entity, body);
    }
    return json_response(ctx.request, http::status::ok,
                         {{"reloaded", true},
                          {"rules", outcome.rules},
                          {"enabled", outcome.enabled},
                          {"warnings", messages(result.warnings())}});
  });
}

}  // namespace vigil::api
