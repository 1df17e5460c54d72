#include "api/handlers/bulk_handler.hpp"

#include <chrono>

#include "api/http/es_response.hpp"
#include "api/ingest/bulk_request.hpp"
#include "api/ingest/filter_path.hpp"
#include "api/ingest/filtered_json_writer.hpp"
#include "api/ingest/heap_trim.hpp"
#include "api/ingest/ingest_request.hpp"
#include "api/ingest/json_depth.hpp"
#include "api/ingest/parse_memory.hpp"
#include "engine/event/json_parse.hpp"
#include "engine/rules/index_patterns.hpp"

namespace vigil::api {
namespace {

constexpr std::string_view kConflictType = "version_conflict_engine_exception";

// A batch goes through parsing, normalization and the database this many
// items, or source bytes, at a time, so that only one chunk's documents are
// ever held parsed; a Beats batch (1,600 events of 2-4 KB) is one chunk.
constexpr std::size_t kChunkItems = 2048;
constexpr std::size_t kChunkSourceBytes = std::size_t{8} << 20;

bool item_failed(const BulkItem& item, const std::optional<engine::WriteResult>& written) {
  return !item.ok() || !written || written->outcome == engine::WriteOutcome::kConflict;
}

// One item of the response, written through the request's filter_path (a
// 1,600-item response built as a tree cost about a tenth of ingest's CPU).
// Members come in the order the response always had: sorted, as nlohmann's
// objects kept them.
void write_item(FilteredJsonWriter& w, const BulkItem& item, const std::optional<engine::WriteResult>& written) {
  w.begin_object();
  w.begin_object(item.action);
  w.member("_id", item.id);
  w.member("_index", item.index);
  if (!item.ok() || !written) {
    w.begin_object("error");
    w.member("reason", item.error_reason);
    w.member("type", item.error_type);
    w.end();
    w.member("status", std::int64_t{*item.error_status});
  } else if (written->outcome == engine::WriteOutcome::kConflict) {
    auto reason = "[" + item.id + "]: version conflict, document already exists (current version [" +
                  std::to_string(written->version) + "])";
    if (item.action == "index")
      reason += "; index [" + item.index +
                "] is append-only: an index action cannot replace a stored event unless ingest.overwrite_indices "
                "names the index";
    w.begin_object("error");
    w.member("index", item.index);
    w.member("reason", reason);
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
    w.member("_version", static_cast<std::int64_t>(written->version));
    w.member("result", created ? "created" : "updated");
    w.member("status", std::int64_t{created ? 201 : 200});
  }
  w.end();
  w.end();
}

// Parses the source of `item`; a bad source fails only its item.
std::optional<nlohmann::json> parse_source(BulkItem& item) {
  if (json_nesting_depth(item.source) > kMaxJsonDepth) {
    item.fail(400, "document_parsing_exception",
              "the source is nested more than " + std::to_string(kMaxJsonDepth) + " levels deep");
    return std::nullopt;
  }
  nlohmann::json doc;
  try {
    doc = engine::parse_json(item.source);
  } catch (const nlohmann::json::exception& e) {
    // parse_error, but also out_of_range for a number beyond double (1e999999).
    item.fail(400, "document_parsing_exception", std::string("failed to parse the source as JSON: ") + e.what());
    return std::nullopt;
  }
  if (!doc.is_object()) {
    item.fail(400, "document_parsing_exception",
              std::string("the source must be a JSON object, found ") + doc.type_name());
    return std::nullopt;
  }
  return doc;
}

Response handle_bulk(const RequestContext& ctx, engine::ingest::IngestPipeline& pipeline, const BulkOptions& options,
                     const std::optional<engine::IndexPatterns>& overwritable, metrics::IngestMetrics* metrics) {
  const HeapTrimAfter trim(ctx);
  const auto started = std::chrono::steady_clock::now();
  const std::string default_index = ctx.param("index") ? *ctx.param("index") : "";
  if (const auto why = default_index.empty() ? std::nullopt : invalid_index_name(default_index))
    return es_error(ctx.request, http::status::bad_request, "invalid_index_name_exception",
                    "Invalid index name [" + default_index + "], " + *why);
  auto body = read_ingest_body(ctx, options.body_limit);
  if (auto* error = std::get_if<Response>(&body)) return std::move(*error);
  const auto& text = std::get<std::string>(body);
  if (auto refused = reserve_parse_memory(ctx, text)) return std::move(*refused);

  auto items = parse_bulk_body(text, default_index, options.max_document_bytes, options.max_items);
  if (items.empty())
    return es_error(ctx.request, http::status::bad_request, "action_request_validation_exception",
                    "Validation Failed: 1: no requests added;");
  if (items.size() > options.max_items)
    return es_error(ctx.request, http::status::payload_too_large, "content_too_long_exception",
                    "the body holds more than " + std::to_string(options.max_items) +
                        " items, the limit of ingest.max_items_per_request; send smaller batches");
  if (auto refused = reserve_item_memory(ctx, items.size())) return std::move(*refused);

  std::vector<std::optional<engine::WriteResult>> written(items.size());
  bool stored_any = false;
  for (std::size_t next = 0; next < items.size();) {
    std::vector<engine::ingest::IncomingEvent> events;
    std::vector<std::size_t> event_item;  // events[i] belongs to items[event_item[i]]
    std::size_t source_bytes = 0;
    for (; next < items.size() && events.size() < kChunkItems && source_bytes < kChunkSourceBytes; ++next) {
      auto& item = items[next];
      if (!item.ok()) continue;
      auto doc = parse_source(item);
      if (!doc) continue;
      source_bytes += item.source.size();
      const bool replaces = item.action == "index" && overwritable && overwritable->selects(item.index);
      events.push_back(
          {std::move(*doc), item.index, item.id, replaces ? engine::WriteMode::kIndex : engine::WriteMode::kCreate});
      event_item.push_back(next);
    }
    if (events.empty()) continue;
    std::optional<WriteFailure> failure;
    try {
      auto chunk = pipeline.ingest(std::move(events), engine::SourceHint::kAuto);
      if (chunk.saturated) failure = saturation_failure(std::move(chunk.refusal));
      for (std::size_t i = 0; i < chunk.items.size(); ++i) {
        auto& item = items[event_item[i]];
        item.id = std::move(chunk.items[i].id);  // generated when the action had none
        written[event_item[i]] = engine::WriteResult{chunk.items[i].outcome, chunk.items[i].version};
      }
    } catch (const std::exception& e) {
      failure = describe_write_failure(e);
    }
    if (!failure) {
      stored_any = true;
      continue;
    }
    if (!stored_any) return write_failure_response(ctx.request, *failure);
    // Earlier chunks are committed: their items keep their answers, and
    // this chunk's and the rest get the failure, for the shipper to retry.
    const auto reason =
        failure->reason + " (for this item and those after it; the items answered 201 before it are stored)";
    for (std::size_t i = event_item.front(); i < items.size(); ++i)
      if (items[i].ok()) items[i].fail(static_cast<int>(failure->status), failure->type, reason);
    break;
  }

  bool errors = false;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (!item_failed(items[i], written[i])) continue;
    errors = true;
    if (metrics) metrics->count_bulk_item_error(items[i].ok() ? std::string(kConflictType) : items[i].error_type);
  }
  const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
  const auto* filter_text = ctx.query_value("filter_path");
  const FilterPath filter(filter_text ? *filter_text : std::string_view());
  FilteredJsonWriter w(filter);
  w.begin_object();
  w.member("errors", errors);
  w.begin_array("items");
  for (std::size_t i = 0; i < items.size(); ++i) write_item(w, items[i], written[i]);
  w.end();
  w.member("took", std::int64_t{took.count()});
  w.end();
  return es_text_response(ctx.request, http::status::ok, w.take());
}

}  // namespace

void add_bulk_routes(Router& router, engine::ingest::IngestPipeline& pipeline, BulkOptions options,
                     metrics::IngestMetrics* metrics) {
  // IndexPatterns selects everything when empty; no patterns here means no index.
  std::optional<engine::IndexPatterns> overwritable;
  if (!options.overwrite_indices.empty()) overwritable.emplace(options.overwrite_indices);
  const Handler handler = [&pipeline, options, overwritable, metrics](const RequestContext& ctx) {
    return handle_bulk(ctx, pipeline, options, overwritable, metrics);
  };
  for (const auto method : {http::verb::post, http::verb::put}) {
    router.add(method, "/_bulk", handler, Lane::ingest);
    router.add(method, "/{index}/_bulk", handler, Lane::ingest);
  }
}

}  // namespace vigil::api
