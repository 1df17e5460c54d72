// Rule loading from text (engine/rules/rule_loader): the TOML reader
// (engine/rules/toml_rule_reader), then the compiler and its EQL query.
// An input starting with '{' is read as a Kibana NDJSON export instead, the
// loader's other format. Every problem must be a LoadResult message.
#include "engine/rules/rule_loader.hpp"
#include "tests/fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace vigil;
  const auto text = fuzz::as_text(data, size);
  const std::string name = text.starts_with("{") ? "fuzz.ndjson" : "fuzz.toml";
  engine::RuleLoader loader;
  loader.add_text(text, name);
  const auto loaded = std::move(loader).finish();
  for (const auto* messages : {&loaded.result.errors(), &loaded.result.warnings()})
    for (const auto& message : *messages) {
      fuzz::fuzz_require(message.location.file == name, "a message names the file");
      fuzz::fuzz_require(!message.message.empty(), "a message says what went wrong");
    }
  if (name == "fuzz.toml") {
    fuzz::fuzz_require(loaded.rules.size() <= 1, "a TOML file holds at most one rule");
    fuzz::fuzz_require(loaded.rules.size() == 1 || !loaded.result.errors().empty() || !loaded.result.warnings().empty(),
                       "a TOML file that loads no rule says why");
  }
  (void)loaded.result.to_json().dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return 0;
}
