#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "engine/eql/wildcard.hpp"

namespace re2 {
class RE2;
}

namespace vigil::engine::eql {

struct Token;

// One compiled right-hand side of ':', like, like~, regex, regex~ or wildcard(): either a
// wildcard pattern or an RE2 regex, built once at compile time. Immutable; matches() is
// thread-safe (RE2 matching is const and thread-safe).
class StringMatcher {
 public:
  // Wildcard pattern from a string token (honours its \* \? escapes).
  static StringMatcher wildcard(const Token& pattern, bool case_insensitive);
  // Regex from a string token, matched against the whole value. Lucene regexp syntax is taken as
  // RE2 syntax: the common subset (classes, groups, alternation, repetition) behaves the same,
  // '.' also matches a newline as in Lucene, and Lucene-only operators (@ & ~ <n-m> #) are not
  // special. Returns nullopt and sets `error` when RE2 rejects the pattern.
  static std::optional<StringMatcher> regex(const Token& pattern, bool case_insensitive, std::string& error);

  bool matches(std::string_view text) const;

 private:
  using Impl = std::variant<WildcardPattern, std::shared_ptr<const re2::RE2>>;
  explicit StringMatcher(Impl impl) : impl_(std::move(impl)) {}

  Impl impl_;
};

}  // namespace vigil::engine::eql
