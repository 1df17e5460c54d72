// Sysmon event 1 normalization (engine/normalize/sysmon_normalizer) of any
// JSON object: the normalizer only adds fields, whatever the document holds.
#include "engine/normalize/sysmon_normalizer.hpp"
#include "tests/fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace vigil;
  const auto input = fuzz::parse_document(fuzz::as_text(data, size));
  if (!input || !input->is_object()) return 0;
  auto doc = *input;
  (void)engine::is_sysmon_process_create(doc);
  engine::normalize_sysmon_process_create(doc);
  fuzz::require_process_start(*input, doc);
  fuzz::fuzz_require(doc.value("event", nlohmann::json::object()).value("code", "") == "1", "event.code is \"1\"");
  return 0;
}
