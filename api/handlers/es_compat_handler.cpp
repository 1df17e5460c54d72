#include "api/handlers/es_compat_handler.hpp"

#include "api/handlers/es_response.hpp"

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
  router.add(http::verb::post, "/_index_template/{name}", acknowledged());
  router.add(http::verb::post, "/_template/{name}", acknowledged());
}

}  // namespace vigil::api
