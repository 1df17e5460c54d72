#include "api/ingest/bulk_request.hpp"

#include <nlohmann/json.hpp>

namespace vigil::api {
namespace {

std::string_view next_line(std::string_view body, std::size_t& pos) {
  const auto newline = body.find('\n', pos);
  const auto end = newline == std::string_view::npos ? body.size() : newline;
  auto line = body.substr(pos, end - pos);
  pos = newline == std::string_view::npos ? body.size() : newline + 1;
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

bool blank(std::string_view line) { return line.find_first_not_of(" \t") == std::string_view::npos; }

// Reads the action line into `item`; returns whether a source line follows.
// A line that is not a recognisable action is assumed to be followed by a
// source line, as every action but delete is: that keeps the pairing of the
// rest of the body, so one bad line costs one item, not the batch.
bool read_action(std::string_view line, std::string_view default_index, BulkItem& item) {
  const auto action = nlohmann::json::parse(line, nullptr, false);
  if (action.is_discarded() || !action.is_object() || action.size() != 1 || !action.begin()->is_object()) {
    item.action = "index";
    item.fail(
        400, "illegal_argument_exception",
        "malformed action/metadata line: expected {\"<action>\":{...}}, found " + std::string(line.substr(0, 200)));
    return true;
  }
  item.action = action.begin().key();
  const auto& meta = action.begin().value();
  if (item.action != "create" && item.action != "index" && item.action != "delete" && item.action != "update") {
    item.fail(400, "illegal_argument_exception",
              "unknown action [" + item.action + "], expected one of [create, index, delete, update]");
    return true;
  }
  const bool has_source = item.action != "delete";
  if (const auto it = meta.find("_index"); it != meta.end()) {
    if (!it->is_string()) {
      item.fail(400, "illegal_argument_exception", "_index must be a string");
      return has_source;
    }
    item.index = it->get<std::string>();
  } else {
    item.index = std::string(default_index);
  }
  if (const auto it = meta.find("_id"); it != meta.end() && !it->is_null()) {
    // Elasticsearch coerces a number to its text and refuses objects,
    // arrays and booleans; "{}" as an id would only hide a shipper's bug.
    if (!it->is_string() && !it->is_number()) {
      item.fail(400, "illegal_argument_exception", std::string("_id must be a string, found ") + it->type_name());
      return has_source;
    }
    item.id = it->is_string() ? it->get<std::string>() : it->dump();
  }
  if (item.action == "delete" || item.action == "update") {
    item.fail(
        400, "illegal_argument_exception",
        "the " + item.action + " action is not supported: Vigil stores events as they arrive (use create or index)");
  } else if (item.index.empty()) {
    item.fail(400, "action_request_validation_exception", "Validation Failed: 1: index is missing;");
  } else if (const auto why = invalid_index_name(item.index)) {
    item.fail(400, "invalid_index_name_exception", "Invalid index name [" + item.index + "], " + *why);
  } else if (item.id.size() > 512) {
    item.fail(400, "illegal_argument_exception", "_id is too long, must be no longer than 512 bytes");
  } else if (item.id.empty() && meta.contains("_id") && !meta["_id"].is_null()) {
    // Elasticsearch's words: an empty id is a shipper's bug, not a request for one.
    item.fail(400, "illegal_argument_exception", "if _id is specified it must not be empty");
  } else if (item.id.find('\0') != std::string::npos) {
    // No URL could fetch it, and the store reserves NUL (superseded_id.hpp).
    item.fail(400, "illegal_argument_exception", "_id must not contain NUL (\\u0000)");
  }
  return has_source;
}

}  // namespace

std::optional<std::string> invalid_index_name(std::string_view name) {
  if (name.empty()) return "must not be empty";
  if (name.size() > 255) return "index name is too long, must be no longer than 255 bytes";
  if (name == "." || name == "..") return "must not be '.' or '..'";
  if (name.front() == '-' || name.front() == '_' || name.front() == '+') return "must not start with '_', '-', or '+'";
  for (const char c : name) {
    if (c >= 'A' && c <= 'Z') return "must be lowercase";
    if (std::string_view("\\/*?\"<>| ,#:").find(c) != std::string_view::npos || static_cast<unsigned char>(c) < 0x20)
      return "must not contain the following characters [ , \", *, \\, <, |, ,, >, /, ?, #, :]";
  }
  return std::nullopt;
}

std::vector<BulkItem> parse_bulk_body(std::string_view body, std::string_view default_index,
                                      std::size_t max_source_bytes, std::size_t max_items) {
  std::vector<BulkItem> items;
  std::size_t pos = 0;
  while (pos < body.size() && items.size() <= max_items) {
    const auto line = next_line(body, pos);
    if (blank(line)) continue;
    BulkItem item;
    const bool expects_source = read_action(line, default_index, item);
    if (expects_source) {
      if (pos >= body.size()) {
        if (item.ok())
          item.fail(400, "illegal_argument_exception", "the " + item.action + " action has no source line");
      } else {
        item.source = next_line(body, pos);
        if (item.ok() && blank(item.source)) {
          item.fail(400, "document_parsing_exception", "the source line is empty");
        } else if (item.ok() && item.source.size() > max_source_bytes) {
          item.fail(400, "document_parsing_exception",
                    "the source line is " + std::to_string(item.source.size()) + " bytes, more than the limit of " +
                        std::to_string(max_source_bytes));
        }
      }
    }
    items.push_back(std::move(item));
  }
  return items;
}

}  // namespace vigil::api
