#include "api/handlers/bulk_handler.hpp"

#include <chrono>

#include "api/handlers/es_response.hpp"
#include "api/ingest/bulk_request.hpp"
#include "api/ingest/filter_path.hpp"
#include "api/ingest/filtered_json_writer.hpp"
#include "api/ingest/ingest_request.hpp"
#include "api/ingest/json_depth.hpp"
#include "api/ingest/parse_memory.hpp"
#include "engine/event/json_parse.hpp"

namespace vigil::api {
namespace {

constexpr std::string_view kConflictType = "version_conflict_engine_exception";

bool item_failed(const WrittenEvent* written) {
  return written == nullptr || written->outcome == engine::WriteOutcome::kConflict;
}

// One item of the response, written through the request's filter_path (a
// 1,600-item response built as a tree cost about a tenth of ingest's CPU).
// Members come in the order the response always had: sorted, as nlohmann's
// objects kept them.
void write_item(FilteredJsonWriter& w, const BulkItem& item, const WrittenEvent* written) {
  w.begin_object();
  w.begin_object(item.action);
  w.member("_id", written ? written->id : item.id);
  w.member("_index", written ? written->index : item.index);
  if (written == nullptr) {
    w.begin_object("error");
    w.member("reason", item.error_reason);
    w.member("type", item.error_type);
    w.end();
    w.member("status", std::int64_t{*item.error_status});
  } else if (written->outcome == engine::WriteOutcome::kConflict) {
    w.begin_object("error");
    w.member("index", written->index);
    w.member("reason", "[" + written->id + "]: version conflict, document already exists (current version [1])");
    w.member("type", kConflictType);
    w.end();
    w.member("status", std::int64_t{409});
  } else {
    const bool created = written->outcome == engine::WriteOutcome::kCreated;
    w.begin_object("_shards");
    w.member("failed", std::int64_t{0});
    w.member("successful", std::int64_t{1});
    w.member("total", std::int64_t{1});
    w.end();
    w.member("_version", std::int64_t{created ? 1 : 2});
    w.member("result", created ? "created" : "updated");
    w.member("status", std::int64_t{created ? 201 : 200});
  }
  w.end();
  w.end();
}

Response handle_bulk(const RequestContext& ctx, EventWriter& writer, const BulkOptions& options,
                     metrics::IngestMetrics* metrics) {
  const auto started = std::chrono::steady_clock::now();
  const std::string default_index = ctx.param("index") ? *ctx.param("index") : "";
  if (const auto why = default_index.empty() ? std::nullopt : invalid_index_name(default_index))
    return es_error(ctx.request, http::status::bad_request, "invalid_index_name_exception",
                    "Invalid index name [" + default_index + "], " + *why);
  auto body = read_ingest_body(ctx, options.body_limit);
  if (auto* error = std::get_if<Response>(&body)) return std::move(*error);
  const auto& text = std::get<std::string>(body);
  if (auto refused = reserve_parse_memory(ctx, text.size())) return std::move(*refused);

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
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (!item_failed(by_item[i])) continue;
    errors = true;
    if (metrics) metrics->count_bulk_item_error(by_item[i] ? std::string(kConflictType) : items[i].error_type);
  }
  const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
  const auto* filter_text = ctx.query_value("filter_path");
  const FilterPath filter(filter_text ? *filter_text : std::string_view());
  FilteredJsonWriter w(filter);
  w.begin_object();
  w.member("errors", errors);
  w.begin_array("items");
  for (std::size_t i = 0; i < items.size(); ++i) write_item(w, items[i], by_item[i]);
  w.end();
  w.member("took", std::int64_t{took.count()});
  w.end();
  return es_text_response(ctx.request, http::status::ok, w.take());
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
