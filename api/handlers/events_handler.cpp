#include "api/handlers/events_handler.hpp"

#include "api/http/json_response.hpp"
#include "api/ingest/heap_trim.hpp"
#include "api/ingest/ingest_request.hpp"
#include "api/ingest/json_depth.hpp"
#include "api/ingest/parse_memory.hpp"
#include "engine/event/json_parse.hpp"

namespace vigil::api {
namespace {

struct Parsed {
  std::vector<nlohmann::json> events;
  nlohmann::json errors = nlohmann::json::array();
};

// A body that is one JSON value is unwrapped; otherwise each line is one.
// Indexes in errors count events and bad lines in body order. Lines stop
// being read once they hold more than `max_items` events and errors.
Parsed parse_events(std::string_view body, std::size_t max_items) {
  Parsed out;
  auto whole = engine::parse_json(body, false);
  if (!whole.is_discarded()) {
    out.events = engine::unwrap_records(std::move(whole));
    return out;
  }
  std::size_t pos = 0;
  std::size_t line_number = 0;
  while (pos < body.size() && out.events.size() + out.errors.size() <= max_items) {
    const auto newline = body.find('\n', pos);
    auto line = body.substr(pos, newline == std::string_view::npos ? std::string_view::npos : newline - pos);
    pos = newline == std::string_view::npos ? body.size() : newline + 1;
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.find_first_not_of(" \t") == std::string_view::npos) continue;
    auto value = engine::parse_json(line, false);
    if (value.is_discarded()) {
      out.errors.push_back({{"index", out.events.size() + out.errors.size()},
                            {"line", line_number},
                            {"reason", "line " + std::to_string(line_number) + " is not valid JSON"}});
      out.events.emplace_back(nlohmann::json::value_t::discarded);
      continue;
    }
    for (auto& e : engine::unwrap_records(std::move(value))) out.events.push_back(std::move(e));
  }
  return out;
}

std::optional<engine::SourceHint> hint_from(const std::string* source) {
  if (!source || source->empty()) return engine::SourceHint::kAuto;
  if (*source == "winlogbeat") return engine::SourceHint::kWinlogbeat;
  if (*source == "sysmon") return engine::SourceHint::kSysmon;
  if (*source == "security") return engine::SourceHint::kSecurity;
  if (*source == "defender") return engine::SourceHint::kDefender;
  return std::nullopt;
}

Response handle_events(const RequestContext& ctx, engine::ingest::IngestPipeline& pipeline,
                       const EventsOptions& options) {
  const HeapTrimAfter trim(ctx);
  const auto hint = hint_from(ctx.query_value("source"));
  if (!hint)
    return json_error(ctx.request, http::status::bad_request, "illegal_argument_exception",
                      "source must be one of winlogbeat, sysmon, security, defender; got '" + *ctx.query_value("source") + "'");
  auto body = read_ingest_body(ctx, options.body_limit);
  if (auto* error = std::get_if<Response>(&body)) return std::move(*error);
  if (auto refused = reserve_parse_memory(ctx, std::get<std::string>(body))) return std::move(*refused);
  // One level for a batch array and two for a {"records":[...]} envelope.
  if (json_nesting_depth(std::get<std::string>(body), kMaxJsonDepth + 2) > kMaxJsonDepth + 2)
    return json_error(ctx.request, http::status::bad_request, "parse_exception",
                      "the body is nested more than " + std::to_string(kMaxJsonDepth) + " levels deep");
  auto parsed = parse_events(std::get<std::string>(body), options.max_items);
  // Bad lines count as items: each takes an error entry in the answer.
  const auto items = parsed.events.size() + parsed.errors.size();
  if (items > options.max_items)
    return json_error(ctx.request, http::status::payload_too_large, "content_too_long_exception",
                      "the body holds more than " + std::to_string(options.max_items) +
                          " events, the limit of ingest.max_items_per_request; send smaller batches");
  if (auto refused = reserve_item_memory(ctx, items)) return std::move(*refused);

  nlohmann::json errors = nlohmann::json::array();
  std::vector<engine::ingest::IncomingEvent> events;
  for (std::size_t i = 0; i < parsed.events.size(); ++i) {
    auto& e = parsed.events[i];
    if (e.is_discarded()) continue;  // reported by the parser
    if (!e.is_object()) {
      errors.push_back({{"index", i}, {"reason", std::string("an event must be a JSON object, found ") + e.type_name()}});
      continue;
    }
    events.push_back({std::move(e), "", "", engine::WriteMode::kCreate});
  }
  for (auto& e : parsed.errors) errors.push_back(std::move(e));
  if (events.empty())
    return json_response(ctx.request, http::status::bad_request,
                         {{"accepted", 0},
                          {"rejected", errors.size()},
                          {"errors", errors},
                          {"error", {{"type", "parse_exception"}, {"reason", "no event in the body could be parsed"}}}});
  try {
    auto result = pipeline.ingest(std::move(events), *hint);
    if (result.saturated) return write_failure_response(ctx.request, saturation_failure(std::move(result.refusal)));
    return json_response(ctx.request, http::status::ok,
                         {{"accepted", result.items.size()}, {"rejected", errors.size()}, {"errors", errors}});
  } catch (const std::exception& e) {
    return write_failure_response(ctx.request, describe_write_failure(e));
  }
}

}  // namespace

void add_events_routes(Router& router, engine::ingest::IngestPipeline& pipeline, EventsOptions options) {
  router.add(http::verb::post, "/api/v1/events",
             [&pipeline, options](const RequestContext& ctx) { return handle_events(ctx, pipeline, options); },
             Lane::ingest);
}

}  // namespace vigil::api
