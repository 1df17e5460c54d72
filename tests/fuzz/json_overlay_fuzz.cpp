// Stored alerts as a page serves them (engine/event/json_overlay): any text
// is refused or overlaid without a fault, and for an object as nlohmann
// dumps it (how vigild stores alerts) the overlay prints what parsing,
// assigning the members and dumping prints.
#include "engine/event/json_overlay.hpp"
#include "tests/fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace vigil;
  static const engine::OverlayMember kTriage[] = {{"assignee", "\"erin\""},
                                                  {"classification", "null"},
                                                  {"determination", "\"malware\""},
                                                  {"status", "\"closed\""},
                                                  {"triage_updated_at", "\"2026-11-22T10:00:00.000Z\""}};
  const auto text = fuzz::as_text(data, size);
  (void)engine::overlay_members(text, kTriage);
  const auto document = fuzz::parse_document(text);
  if (!document || !document->is_object()) return 0;
  constexpr auto kReplace = nlohmann::json::error_handler_t::replace;
  const auto stored = document->dump(-1, ' ', false, kReplace);
  const auto overlaid = engine::overlay_members(stored, kTriage);
  fuzz::fuzz_require(overlaid.has_value(), "an object nlohmann wrote is overlaid");
  auto expected = *document;
  for (const auto& member : kTriage) expected[std::string(member.key)] = nlohmann::json::parse(member.value);
  fuzz::fuzz_require(*overlaid == expected.dump(-1, ' ', false, kReplace),
                     "the overlay prints what an nlohmann round trip prints");
  return 0;
}
