#include "api/handlers/rules_handler.hpp"

#include "api/handlers/query_params.hpp"
#include "api/http/json_response.hpp"

namespace vigil::api {
namespace {

nlohmann::json rule_summary(const engine::CompiledRule& rule, engine::RunStore& runs) {
  const auto& d = rule.definition;
  const auto last = runs.recent_runs(d.rule_id, 1);
  return {{"id", d.rule_id},
          {"name", d.name},
          {"type", d.type},
          {"enabled", d.enabled},
          {"interval", engine::format_duration(d.interval)},
          {"from", d.from},
          {"max_signals", d.max_signals},
          {"severity", d.severity},
          {"risk_score", d.risk_score},
          {"index", d.index},
          {"threat", d.threat},
          {"mitre", engine::mitre_technique_ids(d.threat)},
          {"last_run", last.empty() ? nlohmann::json(nullptr) : last.front().to_json()}};
}

const engine::CompiledRule* find_rule(const engine::RuleSet& rules, const RequestContext& ctx) {
  return rules.find(*ctx.param("id"));
}

Response unknown_rule(const RequestContext& ctx) {
  return json_error(ctx.request, http::status::not_found, "not_found", "no rule with id '" + *ctx.param("id") + "'");
}

Response run_rule(const RequestContext& ctx, engine::detect::Scheduler& scheduler) {
  std::optional<engine::detect::RunWindow> window;
  const auto& body = ctx.request.body();
  if (body.find_first_not_of(" \t\r\n") != std::string::npos) {
    const auto j = nlohmann::json::parse(body, nullptr, false);
    if (j.is_discarded() || !j.is_object())
      return json_error(ctx.request, http::status::bad_request, "parse_exception", "the body must be a JSON object");
    for (const auto& [key, value] : j.items())
      if (key != "start" && key != "end")
        return json_error(ctx.request, http::status::bad_request, "illegal_argument_exception",
                          "unknown field '" + key + "'; allowed: start, end");
    if (j.contains("start") != j.contains("end"))
      return json_error(ctx.request, http::status::bad_request, "illegal_argument_exception",
                        "give both start and end, or neither");
    if (j.contains("start")) {
      engine::detect::RunWindow w;
      for (const auto& [key, target] : {std::pair<const char*, engine::TimeMs*>{"start", &w.start}, {"end", &w.end}}) {
        const auto parsed = j[key].is_string() ? engine::parse_timestamp(j[key].get<std::string>()) : std::nullopt;
        if (!parsed)
          return json_error(ctx.request, http::status::bad_request, "illegal_argument_exception",
                            std::string(key) + " must be an RFC 3339 timestamp such as 2026-11-22T10:00:00Z");
        *target = *parsed;
      }
      window = w;
    }
  }
  try {
    return json_response(ctx.request, http::status::ok, scheduler.run_now(*ctx.param("id"), window).to_json());
  } catch (const engine::detect::RunRequestError& e) {
    using Code = engine::detect::RunRequestErrorCode;
    switch (e.code()) {
      case Code::kUnknownRule:
        return json_error(ctx.request, http::status::not_found, "not_found", e.what());
      case Code::kRuleDisabled:
      case Code::kUnsupportedRuleType:
        return json_error(ctx.request, http::status::conflict, "rule_not_runnable", e.what());
      case Code::kLeaseHeldElsewhere:
        return json_error(ctx.request, http::status::conflict, "lease_held_elsewhere", e.what());
      case Code::kInvalidWindow:
        break;
    }
    return json_error(ctx.request, http::status::bad_request, "illegal_argument_exception", e.what());
  }
}

}  // namespace

void add_rules_routes(Router& router, engine::RunStore& runs, engine::detect::Scheduler& scheduler) {
  // Each request reads the set running when it arrives; a reload may replace it meanwhile.
  router.add(http::verb::get, "/api/v1/rules", [&scheduler, &runs](const RequestContext& ctx) {
    const auto rules = scheduler.rules();
    nlohmann::json list = nlohmann::json::array();
    for (const auto& rule : rules->rules()) list.push_back(rule_summary(rule, runs));
    return json_response(ctx.request, http::status::ok, {{"rules", std::move(list)}});
  });
  router.add(http::verb::get, "/api/v1/rules/{id}", [&scheduler, &runs](const RequestContext& ctx) {
    const auto rules = scheduler.rules();
    const auto* rule = find_rule(*rules, ctx);
    if (!rule) return unknown_rule(ctx);
    auto j = rule_summary(*rule, runs);
    const auto& d = rule->definition;
    j.update({{"description", d.description},
              {"query", d.query},
              {"language", d.language},
              {"to", d.to},
              {"timestamp_override", d.timestamp_override ? nlohmann::json(*d.timestamp_override) : nlohmann::json(nullptr)},
              {"tags", d.tags},
              {"references", d.references},
              {"false_positives", d.false_positives},
              {"author", d.author},
              {"license", d.license},
              {"version", d.version},
              {"note", d.note},
              {"file", d.location.file}});
    return json_response(ctx.request, http::status::ok, j);
  });
  router.add(http::verb::get, "/api/v1/rules/{id}/runs", [&scheduler, &runs](const RequestContext& ctx) {
    if (!find_rule(*scheduler.rules(), ctx)) return unknown_rule(ctx);
    const auto limit = parse_limit(ctx, 20, 1000);
    if (auto* error = std::get_if<Response>(&limit)) return std::move(*error);
    nlohmann::json list = nlohmann::json::array();
    for (const auto& run : runs.recent_runs(*ctx.param("id"), std::get<std::size_t>(limit))) list.push_back(run.to_json());
    return json_response(ctx.request, http::status::ok, {{"runs", std::move(list)}});
  });
  router.add(http::verb::post, "/api/v1/rules/{id}/_run",
             [&scheduler](const RequestContext& ctx) { return run_rule(ctx, scheduler); });
}

}  // namespace vigil::api
