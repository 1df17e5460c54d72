// Alerts as a response bounds them (engine/event/json_string_cut): any text
// is refused or cut without a fault, and an object as nlohmann dumps it (how
// vigild stores alerts) comes back as valid JSON whose strings are within
// the limit and its marker, each top-level span one whole value, and whole
// when nothing is over the limit.
#include "engine/event/json_string_cut.hpp"
#include "tests/fuzz/fuzz_support.hpp"

namespace {

constexpr std::size_t kLimit = 8;
// "…[truncated N bytes]": the marker of a cut string, N at most 10 digits here.
constexpr std::size_t kMarkerBytes = 3 + 12 + 10 + 7;

bool strings_within(const nlohmann::json& value) {
  if (value.is_string()) {
    constexpr auto kReplace = nlohmann::json::error_handler_t::replace;
    return nlohmann::json(value).dump(-1, ' ', false, kReplace).size() - 2 <= kLimit + kMarkerBytes;
  }
  // nlohmann iterates a number or a boolean as one element: itself.
  if (!value.is_structured()) return true;
  for (const auto& item : value)
    if (!strings_within(item)) return false;
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace vigil;
  const auto text = fuzz::as_text(data, size);
  (void)engine::cut_long_strings(text, kLimit);
  const auto document = fuzz::parse_document(text);
  if (!document || !document->is_object()) return 0;
  const auto stored = document->dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  const auto whole = engine::cut_long_strings(stored, stored.size());
  fuzz::fuzz_require(whole && whole->text == stored && whole->cut_fields.empty(), "nothing over the limit: unchanged");
  const auto cut = engine::cut_long_strings(stored, kLimit);
  fuzz::fuzz_require(cut.has_value(), "an object nlohmann wrote is cut");
  const auto parsed = nlohmann::json::parse(cut->text, nullptr, false);
  fuzz::fuzz_require(!parsed.is_discarded(), "the cut text is JSON (no character split)");
  fuzz::fuzz_require(strings_within(parsed), "every string is within the limit and its marker");
  fuzz::fuzz_require(cut->members.size() == document->size(), "one span per top-level member");
  for (const auto& member : cut->members) {
    const auto value = cut->text.substr(member.begin, member.end - member.begin);
    fuzz::fuzz_require(!nlohmann::json::parse(value, nullptr, false).is_discarded(), "a span is one whole value");
  }
  fuzz::fuzz_require(cut->cut_fields.size() <= engine::kMaxCutFieldNames, "the names are bounded");
  return 0;
}
