#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vigil::engine::eql {

// A wildcard pattern compiled once: '*' matches zero or more characters, '?' exactly one
// character (one UTF-8 code point), everything else itself. The match is anchored to the whole
// value, as Lucene's wildcard query. Case-insensitive patterns fold ASCII only (see ascii.hpp).
//
// Matching never allocates: the pattern is pre-split at '*' into pieces and pre-lowercased, and
// each middle piece is placed at its leftmost match, which is optimal for '*'-separated globs
// because every piece has a fixed length in code points.
//
// Immutable after construction; matches() is thread-safe.
class WildcardPattern {
 public:
  // `literal_wildcards` lists byte offsets in `pattern` of '*' or '?' that match only themselves
  // (written \* or \? in the query text).
  WildcardPattern(std::string_view pattern, const std::vector<std::size_t>& literal_wildcards, bool case_insensitive);

  bool matches(std::string_view text) const;

 private:
  // The text between two '*': literal bytes, with '?' slots marked in `any`.
  struct Piece {
    std::string bytes;
    std::vector<bool> any;
    std::size_t code_points = 0;
    bool has_any = false;
  };

  std::optional<std::size_t> match_at(const Piece& piece, std::string_view text, std::size_t pos) const;
  std::optional<std::size_t> find_leftmost(const Piece& piece, std::string_view text, std::size_t from) const;

  // pieces_.size() == 1 means the pattern has no '*'. Otherwise the first piece is anchored at the
  // start, the last at the end, and either may be empty.
  std::vector<Piece> pieces_;
  bool case_insensitive_;
};

}  // namespace vigil::engine::eql
