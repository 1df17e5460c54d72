#include "engine/rules/wildcard_pattern.hpp"

#include <cstddef>

namespace vigil::engine {
namespace {

// The index just past the UTF-8 code point that starts at `i`.
std::size_t next_code_point(std::string_view text, std::size_t i) {
  ++i;
  while (i < text.size() && (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) ++i;
  return i;
}

}  // namespace

WildcardPattern::WildcardPattern(std::string_view pattern) {
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    const char c = pattern[i];
    if (c == '\\' && i + 1 < pattern.size()) {
      tokens_.push_back({Kind::kLiteral, pattern[++i]});
    } else if (c == '*') {
      // Consecutive stars match the same as one.
      if (tokens_.empty() || tokens_.back().kind != Kind::kAnyRun) tokens_.push_back({Kind::kAnyRun, 0});
    } else if (c == '?') {
      tokens_.push_back({Kind::kAnyOne, 0});
    } else {
      tokens_.push_back({Kind::kLiteral, c});
    }
  }
}

bool WildcardPattern::matches(std::string_view text) const {
  // Greedy matching that backtracks only to the last star: linear for the
  // common patterns, O(text * pattern) at worst, never exponential.
  std::size_t t = 0;
  std::size_t p = 0;
  std::size_t star_p = tokens_.size();  // none yet
  std::size_t star_t = 0;
  while (t < text.size()) {
    if (p < tokens_.size() && tokens_[p].kind == Kind::kAnyRun) {
      star_p = p++;
      star_t = t;
    } else if (p < tokens_.size() && tokens_[p].kind == Kind::kAnyOne) {
      t = next_code_point(text, t);
      ++p;
    } else if (p < tokens_.size() && tokens_[p].literal == text[t]) {
      ++t;
      ++p;
    } else if (star_p < tokens_.size()) {
      p = star_p + 1;
      star_t = next_code_point(text, star_t);
      t = star_t;
    } else {
      return false;
    }
  }
  while (p < tokens_.size() && tokens_[p].kind == Kind::kAnyRun) ++p;
  return p == tokens_.size();
}

}  // namespace vigil::engine
