// The EQL parser (engine/eql/parser) through its public boundary,
// CompiledQuery: a query or a bare condition, with and without
// case-insensitive fields. A syntax error must come back as a ParseError
// value; a query that compiles is evaluated against sample events.
#include <variant>

#include "engine/eql/query.hpp"
#include "tests/fuzz/fuzz_support.hpp"

namespace {

using vigil::engine::eql::CompiledQuery;
using vigil::engine::eql::ParseError;

// One event from each source shape the rules are written against.
const nlohmann::json& sample_events() {
  static const auto events = nlohmann::json::parse(R"([
    {"@timestamp":"2026-11-22T10:00:00.000Z","event":{"category":["process"],"type":["start"]},
     "process":{"name":"powershell.exe","executable":"C:\\Windows\\System32\\powershell.exe","pid":4242,
                "args":["powershell.exe","-Command","Set-CASMailbox -ActiveSyncAllowedDeviceIDs @{Add='DEV1'}"],
                "args_count":3,"parent":{"name":"cmd.exe"}},
     "user":{"name":"bob","domain":"CORP"},"host":{"os":{"type":"windows"}}},
    {"event":{"category":"email"},"NetworkMessageId":"0f1e","RecipientCount":12,"SenderFromAddress":"a@b.example",
     "RawEventData":{"Parameters":[{"Name":"Identity","Value":"bob"}]},"Flag":true,"Score":0.5,"Missing":null}
  ])");
  return events;
}

void check(std::variant<CompiledQuery, ParseError> compiled) {
  using vigil::fuzz::fuzz_require;
  if (const auto* error = std::get_if<ParseError>(&compiled)) {
    fuzz_require(error->line >= 1 && error->column >= 1, "a parse error has a 1-based position");
    fuzz_require(!error->message.empty(), "a parse error says what went wrong");
    return;
  }
  for (const auto& event : sample_events()) (void)std::get<CompiledQuery>(compiled).matches(event);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto text = vigil::fuzz::as_text(data, size);
  for (const bool insensitive : {false, true}) {
    check(CompiledQuery::compile(text, {.case_insensitive_fields = insensitive}));
    check(CompiledQuery::compile_condition(text, {.case_insensitive_fields = insensitive}));
  }
  return 0;
}
