// The ingest path's normalization (engine/normalize/normalizer): a native
// batch body is unwrapped into events and each is normalized under every
// SourceHint, then turned into the record a store keeps.
#include "engine/ingest/record_builder.hpp"
#include "engine/normalize/normalizer.hpp"
#include "tests/fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace vigil;
  using engine::SourceHint;
  auto body = fuzz::parse_document(fuzz::as_text(data, size));
  if (!body) return 0;
  constexpr engine::TimeMs kReceivedAt = 1'795'000'000'000;  // 2026-11-18T11:06:40Z
  for (const auto& event : engine::unwrap_records(std::move(*body))) {
    for (const auto hint : {SourceHint::kAuto, SourceHint::kWinlogbeat, SourceHint::kSysmon, SourceHint::kSecurity,
                            SourceHint::kDefender}) {
      auto normalized = engine::normalize(event, kReceivedAt, hint);
      fuzz::fuzz_require(normalized.document.is_object(), "a normalized document is an object");
      fuzz::fuzz_require(normalized.recognised == (normalized.shape != engine::EventShape::kUnknown),
                         "recognised means a known shape");
      fuzz::fuzz_require(normalized.default_index.starts_with("logs-") && normalized.default_index.ends_with("-vigil"),
                         "the default index is logs-<dataset>-vigil");
      if (normalized.shape == engine::EventShape::kSysmonProcessCreate ||
          normalized.shape == engine::EventShape::kSecurity4688)
        fuzz::require_process_start(event, normalized.document);
      const auto record = engine::ingest::to_event_record(std::move(normalized), "", "fuzz-id");
      fuzz::fuzz_require(!record.index.empty() && !record.document.empty(), "a record has an index and a document");
    }
  }
  return 0;
}
