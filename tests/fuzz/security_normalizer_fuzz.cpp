// Security 4688 normalization (engine/normalize/security_normalizer) of any
// JSON object.
#include "engine/normalize/security_normalizer.hpp"
#include "tests/fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace vigil;
  const auto input = fuzz::parse_document(fuzz::as_text(data, size));
  if (!input || !input->is_object()) return 0;
  auto doc = *input;
  (void)engine::is_security_process_create(doc);
  engine::normalize_security_process_create(doc);
  fuzz::require_process_start(*input, doc);
  fuzz::fuzz_require(doc.value("event", nlohmann::json::object()).value("code", "") == "4688",
                     "event.code is \"4688\"");
  return 0;
}
