#include "api/handlers/es_compat_handler.hpp"

#include <chrono>
#include <cstdio>

#include "api/http/es_response.hpp"

namespace vigil::api {
namespace {

Handler acknowledged() {
  return [](const RequestContext& ctx) { return es_response(ctx.request, http::status::ok, {{"acknowledged", true}}); };
}

// GET on a named resource: an empty-but-present answer, so a shipper sees
// that its policy/template exists and moves on.
Handler exists(const char* collection) {
  return [collection](const RequestContext& ctx) {
    const std::string name = ctx.param("name") ? *ctx.param("name") : "";
    nlohmann::json body;
    if (std::string(collection) == "data_streams") {
      body = {{"data_streams", nlohmann::json::array({{{"name", name}, {"status", "GREEN"}}})}};
    } else if (std::string(collection) == "index_templates") {
      body = {{"index_templates", nlohmann::json::array({{{"name", name}, {"index_template", nlohmann::json::object()}}})}};
    } else {
      body = {{name, nlohmann::json::object()}};
    }
    return es_response(ctx.request, http::status::ok, body);
  };
}

}  // namespace

void add_es_compat_routes(Router& router, EsCompatOptions o) {
  router.add(http::verb::get, "/", [o](const RequestContext& ctx) {
    return es_response(ctx.request, http::status::ok,
                       {{"name", o.node_name},
                        {"cluster_name", o.cluster_name},
                        {"cluster_uuid", o.cluster_uuid},
                        {"version",
                         {{"number", o.version},
                          {"build_flavor", "default"},
                          {"build_type", "vigil"},
                          {"build_hash", "vigil"},
                          {"build_date", "2026-01-01T00:00:00.000Z"},
                          {"build_snapshot", false},
                          {"lucene_version", "9.12.0"},
                          {"minimum_wire_compatibility_version", "7.17.0"},
                          {"minimum_index_compatibility_version", "7.0.0"}}},
                        {"tagline", "You Know, for Search"}});
  });
  router.add(http::verb::get, "/_license", [](const RequestContext& ctx) {
    return es_response(ctx.request, http::status::ok,
                       {{"license",
                         {{"status", "active"},
                          {"uid", "vigil"},
                          {"type", "basic"},
                          {"issue_date", "2026-01-01T00:00:00.000Z"},
                          {"issue_date_in_millis", 1767225600000},
                          {"max_nodes", 1000},
                          {"max_resource_units", nullptr},
                          {"issued_to", "vigil"},
                          {"issuer", "elasticsearch"},
                          {"start_date_in_millis", -1}}}});
  });
  router.add(http::verb::get, "/_xpack", [o](const RequestContext& ctx) {
    return es_response(ctx.request, http::status::ok,
                       {{"build", {{"hash", "vigil"}, {"date", "2026-01-01T00:00:00.000Z"}}},
                        {"license", {{"uid", "vigil"}, {"type", "basic"}, {"mode", "basic"}, {"status", "active"}}},
                        {"features", nlohmann::json::object()}});
  });
  for (const auto& [pattern, collection] : std::vector<std::pair<std::string, const char*>>{
           {"/_ilm/policy/{name}", "policies"},
           {"/_index_template/{name}", "index_templates"},
           {"/_template/{name}", "templates"},
           {"/_data_stream/{name}", "data_streams"},
           {"/_ingest/pipeline/{name}", "pipelines"}}) {
    router.add(http::verb::get, pattern, exists(collection));
    router.add(http::verb::put, pattern, acknowledged());
  }
  // rsyslog's omelasticsearch probes this before resuming a suspended action.
  // Always the `?format=json` shape (Elasticsearch's default is a text table).
  router.add(http::verb::get, "/_cat/health", [o](const RequestContext& ctx) {
    const auto epoch =
        std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
    char utc[32];  // HH:MM:SS (sized for any int, to keep -Wformat-truncation quiet)
    std::snprintf(utc, sizeof utc, "%02d:%02d:%02d", static_cast<int>(epoch / 3600 % 24),
                  static_cast<int>(epoch / 60 % 60), static_cast<int>(epoch % 60));
    return es_response(ctx.request, http::status::ok,
                       nlohmann::json::array({{{"epoch", std::to_string(epoch)},
                                               {"timestamp", utc},
                                               {"cluster", o.cluster_name},
                                               {"status", "green"},
                                               {"node.total", "1"},
                                               {"node.data", "1"},
                                               {"shards", "0"},
                                               {"pri", "0"},
                                               {"relo", "0"},
                                               {"init", "0"},
                                               {"unassign", "0"},
                                               {"pending_tasks", "0"},
                                               {"max_task_wait_time", "-"},
                                               {"active_shards_percent", "100.0%"}}}));
  });
  router.add(http::verb::post, "/_index_template/{name}", acknowledged());
  router.add(http::verb::post, "/_template/{name}", acknowledged());
}

}  // namespace vigil::api
