#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "api/ingest/json_depth.hpp"
#include "engine/event/field_lookup.hpp"

// Helpers shared by the libFuzzer targets in tests/fuzz. A target returns
// normally for every input the production code is documented to refuse;
// anything else (an unexpected exception, a sanitizer report, a broken
// invariant checked with fuzz_require) is a finding.
namespace vigil::fuzz {

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// Aborts, which libFuzzer records as a crash with the input that caused it.
inline void fuzz_require(bool holds, const char* invariant) {
  if (holds) return;
  std::fprintf(stderr, "fuzz invariant broken: %s\n", invariant);
  std::abort();
}

// The input as a JSON document, refused as the ingest handlers refuse it:
// too deep to parse (api/ingest/json_depth) or not JSON at all.
inline std::optional<nlohmann::json> parse_document(std::string_view text) {
  if (api::json_nesting_depth(text) > api::kMaxJsonDepth) return std::nullopt;
  auto doc = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return std::nullopt;
  return doc;
}

// <prefix>.args_count, when the normalizer set args, is their number. Args
// the input already carried are the shipper's and may say anything.
inline void require_args_count(const nlohmann::json& input, const nlohmann::json& doc, const std::string& prefix) {
  const auto* process = engine::find_field(doc, prefix);
  if (process == nullptr || !process->is_object()) return;
  if (engine::find_field(input, prefix + ".args") || engine::find_field(input, prefix + ".args_count")) return;
  const auto args = process->find("args");
  if (args == process->end()) return;
  fuzz_require(args->is_array(), "process.args is an array");
  fuzz_require(process->value("args_count", std::size_t{0}) == args->size(),
               "process.args_count is the number of process.args");
}

// What every normalizer promises about a process-start document: the ECS
// category and type, and process.args_count matching process.args.
// `input` is the document before normalization.
inline void require_process_start(const nlohmann::json& input, const nlohmann::json& doc) {
  fuzz_require(doc.is_object(), "a normalized document is an object");
  const auto event = doc.find("event");
  fuzz_require(event != doc.end() && event->is_object(), "event is an object");
  fuzz_require(event->value("category", nlohmann::json()) == nlohmann::json::array({"process"}),
               "event.category is [\"process\"]");
  fuzz_require(event->value("type", nlohmann::json()) == nlohmann::json::array({"start"}), "event.type is [\"start\"]");
  require_args_count(input, doc, "process");
  require_args_count(input, doc, "process.parent");
  // The stored form: invalid UTF-8 replaced, never thrown on.
  (void)doc.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace vigil::fuzz
