#include "api/handlers/bulk_handler.hpp"

#include <chrono>

#include "api/handlers/es_response.hpp"
#include "api/ingest/bulk_request.hpp"
#include "api/ingest/filter_path.hpp"
#include "api/ingest/ingest_request.hpp"
#include "api/ingest/json_depth.hpp"
#include "api/ingest/parse_memory.hpp"
#include "engine/event/json_parse.hpp"

namespace vigil::api {
namespace {

nlohmann::json item_result(const BulkItem& item, const WrittenEvent* written) {
  nlohmann::json r = {{"_index", written ? written->index : item.index}, {"_id", written ? written->id : item.id}};
  if (!written) {
    r["status"] = *item.error_status;
    r["error"] = {{"type", item.error_type}, {"reason", item.error_reason}};
    return r;
  }
  switch (written->outcome) {
    case engine::WriteOutcome::kCreated:
      r.update({{"_version", 1}, {"result", "created"}, {"status", 201}});
      break;
    case engine::WriteOutcome::kUpdated:
      r.update({{"_version", 2}, {"result", "updated"}, {"status", 200}});
      break;
    case engine::WriteOutcome::kConflict:
      r["status"] = 409;
      r["error"] = {
          {"type", "version_conflict_engine_exception"},
          {"reason", "[" + written->id + "]: version conflict, document already exists (current version [1])"},
          {"index", written->index}};
      return r;
  }
  r["_shards"] = {{"total", 1}, {"successful", 1}, {"failed", 0}};
  return r;
}

Response handle_bulk(const RequestContext& ctx, EventWriter& writer, const BulkOptions& options,
                     metrics::IngestMetrics* metrics) {
  const auto started = std::chrono::steady_clock::now();
  auto body = read_ingest_body(ctx, options.body_limit);
  if (auto* error = std::get_if<Response>(&body)) return std::move(*error);
  const auto& text = std::get<std::string>(body);
  if (auto refused = reserve_parse_memory(ctx, text.size())) return std::move(*refused);

  const std::string default_index = ctx.param("index") ? *ctx.param("index") : "";
  auto items = parse_bulk_body(text, default_index, options.max_document_bytes);
  if (items.empty())
    return es_error(ctx.request, http::status::bad_request, "action_request_validation_exception",
                    "Validation Failed: 1: no requests added;");

  // Parse the sources of the well-formed items; a bad source fails only its item.
  std::vector<IncomingEvent> events;
  std::vector<std::size_t> event_item;  // events[i] belongs to items[event_item[i]]
  for (std::size_t i = 0; i < items.size(); ++i) {
    auto& item = items[i];
    if (!item.ok()) continue;
    if (json_nesting_depth(item.source) > kMaxJsonDepth) {
      item.fail(400, "document_parsing_exception",
                "the source is nested more than " + std::to_string(kMaxJsonDepth) + " levels deep");
      continue;
    }
    nlohmann::json doc;
    try {
      doc = engine::parse_json(item.source);
    } catch (const nlohmann::json::exception& e) {
      // parse_error, but also out_of_range for a number beyond double (1e999999).
      item.fail(400, "document_parsing_exception", std::string("failed to parse the source as JSON: ") + e.what());
      continue;
    }
    if (!doc.is_object()) {
      item.fail(400, "document_parsing_exception",
                std::string("the source must be a JSON object, found ") + doc.type_name());
      continue;
    }
    events.push_back({std::move(doc), item.index, item.id,
                      item.action == "index" ? engine::WriteMode::kIndex : engine::WriteMode::kCreate});
    event_item.push_back(i);
  }

  std::vector<WrittenEvent> written;
  if (!events.empty()) {
    try {
      written = writer.write(std::move(events), engine::SourceHint::kAuto);
    } catch (const std::exception& e) {
      return write_failure_response(ctx.request, e);
    }
  }

  std::vector<const WrittenEvent*> by_item(items.size(), nullptr);
  for (std::size_t i = 0; i < written.size(); ++i) by_item[event_item[i]] = &written[i];
  bool errors = false;
  nlohmann::json results = nlohmann::json::array();
  for (std::size_t i = 0; i < items.size(); ++i) {
    auto r = item_result(items[i], by_item[i]);
    if (r.contains("error")) {
      errors = true;
      if (metrics) metrics->count_bulk_item_error(r["error"]["type"].get<std::string>());
    }
    results.push_back({{items[i].action, std::move(r)}});
  }
  const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
  nlohmann::json response = {{"took", took.count()}, {"errors", errors}, {"items", std::move(results)}};
  if (const auto* filter = ctx.query_value("filter_path")) response = apply_filter_path(response, *filter);
  return es_response(ctx.request, http::status::ok, response);
}

}  // namespace

void add_bulk_routes(Router& router, EventWriter& writer, BulkOptions options, metrics::IngestMetrics* metrics) {
  const Handler handler = [&writer, options, metrics](const RequestContext& ctx) {
    return handle_bulk(ctx, writer, options, metrics);
  };
  for (const auto method : {http::verb::post, http::verb::put}) {
    router.add(method, "/_bulk", handler, Lane::ingest);
    router.add(method, "/{index}/_bulk", handler, Lane::ingest);
  }
}

}  // namespace vigil::api
