#include "api/handlers/alert_triage_handler.hpp"

#include <set>
#include <variant>

#include "api/handlers/alert_errors.hpp"
#include "api/handlers/alert_formats.hpp"
#include "api/handlers/alert_query_params.hpp"
#include "api/handlers/page_body.hpp"
#include "api/http/json_response.hpp"
#include "engine/event/json_text.hpp"
#include "engine/triage/alert_status.hpp"
#include "engine/triage/triage_values.hpp"

namespace vigil::api {
namespace {

constexpr std::size_t kMaxAssigneeChars = 256;
constexpr std::size_t kMaxNoteChars = 10000;
constexpr std::size_t kMaxBulkIds = 10000;
const char* const kChangeFields = "status, classification, determination, assignee, note";

using NullableChange = std::optional<std::optional<std::string>>;

// A value's canonical spelling; a non-string is reported by its JSON text,
// so the message still names the field and its allowed values.
Parsed<std::string> domain_value(const nlohmann::json& value, engine::triage::ParsedValue (*parse)(std::string_view)) {
  const auto parsed = parse(value.is_string() ? value.get<std::string>() : value.dump());
  if (!parsed.ok()) return ParamError{parsed.error};
  return parsed.value;
}

// Sets a nullable field: JSON null clears it.
std::optional<ParamError> read_nullable(const nlohmann::json& value, NullableChange& target,
                                        engine::triage::ParsedValue (*parse)(std::string_view)) {
  if (value.is_null()) {
    target.emplace(std::nullopt);
    return std::nullopt;
  }
  auto parsed = domain_value(value, parse);
  if (auto* error = std::get_if<ParamError>(&parsed)) return std::move(*error);
  auto& text = std::get<std::string>(parsed);
  target.emplace(text == engine::triage::kUnsetClassification ? std::nullopt : std::optional(text));
  return std::nullopt;
}

std::optional<ParamError> read_text(const nlohmann::json& value, const char* field, std::size_t max_chars,
                                    std::optional<std::string>& target) {
  if (!value.is_string() || value.get_ref<const std::string&>().empty() ||
      value.get_ref<const std::string&>().size() > max_chars)
    return ParamError{std::string(field) + " must be a non-empty string of at most " + std::to_string(max_chars) +
                      " characters"};
  // Refused on every backend alike: PostgreSQL text cannot hold NUL, and no
  // analyst's note needs one.
  if (value.get_ref<const std::string&>().find('\0') != std::string::npos)
    return ParamError{std::string(field) + " must not contain NUL (\\u0000)"};
  target = value.get<std::string>();
  return std::nullopt;
}

// The change fields of a PATCH or _bulk_update body. `selectors` are the
// other keys the body may carry (ids, filter).
Parsed<engine::AlertChange> read_change(const nlohmann::json& body, const std::set<std::string>& selectors) {
  engine::AlertChange change;
  for (const auto& [key, value] : body.items()) {
    std::optional<ParamError> error;
    if (key == "status") {
      auto status = domain_value(value, engine::triage::parse_status);
      if (auto* e = std::get_if<ParamError>(&status)) return std::move(*e);
      change.status = engine::triage::parse_alert_status(std::get<std::string>(status));
    } else if (key == "classification") {
      error = read_nullable(value, change.classification, engine::triage::parse_classification);
    } else if (key == "determination") {
      error = read_nullable(value, change.determination, engine::triage::parse_determination);
    } else if (key == "assignee") {
      if (value.is_null())
        change.assignee.emplace(std::nullopt);
      else {
        std::optional<std::string> assignee;
        error = read_text(value, "assignee", kMaxAssigneeChars, assignee);
        if (!error) change.assignee.emplace(assignee);
      }
    } else if (key == "note") {
      error = read_text(value, "note", kMaxNoteChars, change.note);
    } else if (!selectors.count(key)) {
      std::string allowed;
      for (const auto& selector : selectors) allowed += selector + ", ";
      return ParamError{"unknown field '" + key + "'; allowed: " + allowed + kChangeFields};
    }
    if (error) return std::move(*error);
  }
  if (change.empty()) return ParamError{std::string("give at least one of ") + kChangeFields};
  return change;
}

std::variant<nlohmann::json, ParamError> json_object_body(const RequestContext& ctx) {
  auto body = nlohmann::json::parse(ctx.request.body(), nullptr, false);
  if (body.is_discarded() || !body.is_object()) return ParamError{"the body must be a JSON object"};
  return body;
}

Response patch_alert(const RequestContext& ctx, engine::AlertStore& alerts, const engine::Clock& clock) {
  if (!ctx.query.empty()) return bad_alert_request(ctx, "PATCH takes no query parameters");
  const auto body = json_object_body(ctx);
  if (const auto* error = std::get_if<ParamError>(&body)) return bad_alert_request(ctx, error->reason);
  const auto change = read_change(std::get<nlohmann::json>(body), {});
  if (const auto* error = std::get_if<ParamError>(&change)) return bad_alert_request(ctx, error->reason);
  const auto updated =
      alerts.update(*ctx.param("id"), std::get<engine::AlertChange>(change), {ctx.principal, clock.now()});
  if (!updated) return unknown_alert(ctx);
  return one_alert_response(ctx.request, *updated, false);
}

Parsed<std::vector<std::string>> read_ids(const nlohmann::json& ids) {
  const auto refused =
      ParamError{"ids must be a non-empty array of at most " + std::to_string(kMaxBulkIds) + " alert id strings"};
  if (!ids.is_array() || ids.empty() || ids.size() > kMaxBulkIds) return refused;
  std::vector<std::string> out;
  for (const auto& id : ids) {
    if (!id.is_string()) return refused;
    out.push_back(id.get<std::string>());
  }
  return out;
}

Response bulk_update(const RequestContext& ctx, engine::AlertStore& alerts, const engine::Clock& clock) {
  if (!ctx.query.empty()) return bad_alert_request(ctx, "_bulk_update takes no query parameters");
  const auto parsed_body = json_object_body(ctx);
  if (const auto* error = std::get_if<ParamError>(&parsed_body)) return bad_alert_request(ctx, error->reason);
  const auto& body = std::get<nlohmann::json>(parsed_body);
  if (body.contains("ids") == body.contains("filter"))
    return bad_alert_request(ctx,
                             "give exactly one of ids (an array of alert ids) or filter (an object; {} selects all)");
  const auto change = read_change(body, {"ids", "filter"});
  if (const auto* error = std::get_if<ParamError>(&change)) return bad_alert_request(ctx, error->reason);
  const auto now = clock.now();
  std::optional<std::vector<std::string>> ids;
  engine::AlertFilter filter;
  if (body.contains("ids")) {
    auto parsed = read_ids(body["ids"]);
    if (const auto* error = std::get_if<ParamError>(&parsed)) return bad_alert_request(ctx, error->reason);
    ids = std::move(std::get<std::vector<std::string>>(parsed));
  } else {
    auto parsed = parse_alert_filter_json(body["filter"], now);
    if (const auto* error = std::get_if<ParamError>(&parsed)) return bad_alert_request(ctx, error->reason);
    filter = std::move(std::get<engine::AlertFilter>(parsed));
  }
  const auto updated = alerts.update_many(ids, filter, std::get<engine::AlertChange>(change), {ctx.principal, now});
  return json_response(ctx.request, http::status::ok, {{"updated", updated}});
}

Response alert_history(const RequestContext& ctx, engine::AlertStore& alerts, std::size_t max_response_bytes) {
  const auto parsed = parse_alert_history_params(ctx.query);
  if (const auto* error = std::get_if<ParamError>(&parsed)) return bad_alert_request(ctx, error->reason);
  const auto& params = std::get<AlertHistoryParams>(parsed);
  auto body = PageBody::json_object("history", params.pretty, max_response_bytes);
  const auto page = alerts.history(*ctx.param("id"), params.after,
                                   [&body](std::string&& entry) { return body.add(entry); });
  if (!page) return unknown_alert(ctx);
  return json_text_response(
      ctx.request, http::status::ok,
      std::move(body).finish({{"id", engine::json_text(nlohmann::json(*ctx.param("id")))},
                              {"next_cursor", page->next ? "\"" + std::to_string(*page->next) + "\"" : "null"}}));
}

}  // namespace

void add_alert_triage_routes(Router& router, engine::AlertStore& alerts, const engine::Clock& clock,
                             std::size_t max_response_bytes) {
  router.add(http::verb::patch, "/api/v1/alerts/{id}",
             [&alerts, &clock](const RequestContext& ctx) { return patch_alert(ctx, alerts, clock); });
  router.add(http::verb::post, "/api/v1/alerts/_bulk_update",
             [&alerts, &clock](const RequestContext& ctx) { return bulk_update(ctx, alerts, clock); });
  router.add(http::verb::get, "/api/v1/alerts/{id}/history", [&alerts, max_response_bytes](const RequestContext& ctx) {
    return alert_history(ctx, alerts, max_response_bytes);
  });
}

}  // namespace vigil::api
