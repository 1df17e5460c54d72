#pragma once

#include <string>

#include "api/http/router.hpp"

namespace vigil::api {

struct EsCompatOptions {
  std::string version = "8.19.0";  // reported as version.number
  std::string cluster_name = "vigil";
  std::string cluster_uuid;        // stable per database
  std::string node_name = "vigild";
};

// The calls shippers make before their first _bulk: the root (product and
// version checks), licence and X-Pack probes, and index-management set-up
// (ILM policies, templates, data streams, ingest pipelines), which Vigil
// acknowledges without storing, so a default Winlogbeat 8.x configuration
// starts with no setup.* changes.
void add_es_compat_routes(Router& router, EsCompatOptions options);

}  // namespace vigil::api
