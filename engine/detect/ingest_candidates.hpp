#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <string>

namespace vigil::engine::detect {

// Events of another dataset that an aggregation rule's runs read, matched at
// ingest under an id of their own so that a run reads only them, not the
// whole dataset over its lookback (a content follow-up names them,
// aggregation_follow_up.hpp).
struct IngestCandidates {
  std::string match_id;  // no rule's id: the loader refuses ids holding '#'
  std::string dataset;
  std::string version;  // raised whenever which events match changes
  std::function<bool(const nlohmann::json& document)> matches;  // pure; thread-safe
};

}  // namespace vigil::engine::detect
