#pragma once

#include <nlohmann/json.hpp>
#include <functional>
#include <optional>
#include <string_view>

namespace vigil::engine {

// nlohmann::json::parse(text) (or, with allow_exceptions false, its
// discarded value instead of a throw), with simdjson doing the parsing: the
// same values and number types (a non-negative integer is unsigned, as
// nlohmann makes it), the last of duplicate keys kept. Text simdjson
// refuses (invalid JSON or UTF-8, numbers beyond 64 bits, nesting past
// 1024) goes to nlohmann as it is, so errors stay exactly nlohmann's. One
// difference: "-0" is an unsigned 0 (nlohmann: a signed one); both print
// and compare the same. For the hot paths: bulk sources, stored events read
// by rule runs, stored alerts.
nlohmann::json parse_json(std::string_view text, bool allow_exceptions = true);

// A top-level member's value as a reader of columns takes it: a string's own
// text, a number or boolean spelled as nlohmann prints it; nullopt for null,
// objects and arrays.
using MemberText = std::optional<std::string_view>;

// Calls `member(key, text)` for each member of the JSON object in `text`, in
// document order (a duplicate key is met twice), without building any value:
// for readers of a few columns of many documents. The views last only for
// the call. Returns false, having called nothing, for text that is no object
// or that simdjson refuses; parse_json then tells what the text holds.
bool for_each_member_text(std::string_view text,
                          const std::function<void(std::string_view key, MemberText text)>& member);

}  // namespace vigil::engine
