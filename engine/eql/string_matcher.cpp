#include "engine/eql/string_matcher.hpp"

#include <re2/re2.h>

#include <algorithm>

#include "engine/eql/token.hpp"

namespace vigil::engine::eql {

StringMatcher StringMatcher::wildcard(const Token& pattern, bool case_insensitive) {
  return StringMatcher(WildcardPattern(pattern.text, pattern.literal_wildcards, case_insensitive));
}

std::optional<StringMatcher> StringMatcher::regex(const Token& pattern, bool case_insensitive, std::string& error) {
  RE2::Options options;
  options.set_log_errors(false);
  options.set_dot_nl(true);
  options.set_case_sensitive(!case_insensitive);
  // A \* or \? written in the query means a literal character, so it stays escaped for RE2.
  std::string text;
  for (std::size_t i = 0; i < pattern.text.size(); ++i) {
    if (std::find(pattern.literal_wildcards.begin(), pattern.literal_wildcards.end(), i) !=
        pattern.literal_wildcards.end()) {
      text += '\\';
    }
    text += pattern.text[i];
  }
  auto compiled = std::make_shared<const RE2>(text, options);
  if (!compiled->ok()) {
    error = compiled->error();
    return std::nullopt;
  }
  return StringMatcher(std::shared_ptr<const RE2>(std::move(compiled)));
}

bool StringMatcher::matches(std::string_view text) const {
  if (const auto* wildcard = std::get_if<WildcardPattern>(&impl_)) return wildcard->matches(text);
  return RE2::FullMatch(text, *std::get<std::shared_ptr<const RE2>>(impl_));
}

}  // namespace vigil::engine::eql
