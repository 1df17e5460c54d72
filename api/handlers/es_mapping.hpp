#pragma once

#include <nlohmann/json.hpp>

namespace vigil::api {

// Folds one stored document into an Elasticsearch mapping's "properties"
// (what GET /{index}/_mapping answers), typing each leaf as Elasticsearch's
// dynamic mapping would for ECS data: @timestamp and event.ingested /
// created / start / end "date", strings "keyword", integers "long",
// other numbers "double", booleans "boolean", objects nested
// "properties". A field seen with two types keeps the first (Elasticsearch
// would refuse the second document). Arrays take their elements' type.
void add_to_mapping(nlohmann::json& properties, const nlohmann::json& document);

}  // namespace vigil::api
