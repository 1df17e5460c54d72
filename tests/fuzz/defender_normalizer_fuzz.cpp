// Defender XDR normalization (engine/normalize/defender_normalizer) of any
// JSON object, as a streaming-API record or a bare Advanced Hunting row.
#include "engine/normalize/defender_normalizer.hpp"
#include "tests/fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace vigil;
  const auto input = fuzz::parse_document(fuzz::as_text(data, size));
  if (!input || !input->is_object()) return 0;
  auto doc = *input;
  const bool stream = engine::is_defender_stream_record(doc);
  const auto inferred = engine::infer_defender_table(doc);
  const auto outcome = engine::normalize_defender(doc);
  if (outcome.process_start) fuzz::require_process_start(*input, doc);
  fuzz::fuzz_require(doc.is_object(), "a normalized row is an object");
  if (!stream && inferred) fuzz::fuzz_require(outcome.table == *inferred, "a bare row keeps its inferred table");
  // Nested, where set_field writes: a flat "event.dataset" key is the row's own.
  const auto& dataset = doc.at("event").at("dataset");
  fuzz::fuzz_require(dataset.is_string() && dataset.get_ref<const std::string&>().starts_with("m365_defender."),
                     "event.dataset is m365_defender.<table>");
  return 0;
}
