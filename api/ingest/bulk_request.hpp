#pragma once

#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vigil::api {

// One action of an Elasticsearch _bulk body, parsed but not yet stored.
struct BulkItem {
  std::string action;  // "create", "index", "delete", "update", or what the line said
  std::string index;   // from the action's _index, else the URL's index
  std::string id;      // the action's _id; empty when Vigil must generate one
  std::string_view source;  // the source line (points into the body)
  // Set when the item cannot be stored; the rest of the batch still is.
  std::optional<int> error_status;
  std::string error_type;
  std::string error_reason;

  bool ok() const { return !error_status; }
  void fail(int status, std::string type, std::string reason) {
    error_status = status;
    error_type = std::move(type);
    error_reason = std::move(reason);
  }
};

// Splits an NDJSON _bulk body into items, one per action, in order.
// Action lines that are not JSON, name no known action, or lack their source
// line become items with an error; they never stop the parse. Source lines
// are not parsed here (the writer does that once). `default_index` is the
// index from the URL (/{index}/_bulk), empty for /_bulk.
// The body must outlive the items. Thread-safe. Stops after `max_items` + 1
// items, so that a caller refusing more than `max_items` can tell without
// parsing the rest of a huge body.
std::vector<BulkItem> parse_bulk_body(std::string_view body, std::string_view default_index,
                                      std::size_t max_source_bytes,
                                      std::size_t max_items = std::numeric_limits<std::size_t>::max() - 1);

// Elasticsearch's index-name rules (lower case, no \ / * ? " < > | , # space,
// not starting with - _ +, not "." or "..", at most 255 bytes). Returns the
// reason it is invalid, or nullopt.
std::optional<std::string> invalid_index_name(std::string_view name);

}  // namespace vigil::api
