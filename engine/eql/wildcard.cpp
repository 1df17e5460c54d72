#include "engine/eql/wildcard.hpp"

#include <algorithm>

#include "engine/text/ascii.hpp"

namespace vigil::engine::eql {
namespace {

bool is_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// Offset just past the code point starting at `pos`; invalid bytes count as one character each.
std::size_t next_code_point(std::string_view text, std::size_t pos) {
  ++pos;
  while (pos < text.size() && is_continuation(text[pos])) ++pos;
  return pos;
}

}  // namespace

WildcardPattern::WildcardPattern(std::string_view pattern, const std::vector<std::size_t>& literal_wildcards,
                                 bool case_insensitive)
    : case_insensitive_(case_insensitive) {
  auto escaped = [&](std::size_t i) {
    return std::find(literal_wildcards.begin(), literal_wildcards.end(), i) != literal_wildcards.end();
  };
  pieces_.emplace_back();
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    const char c = pattern[i];
    if (c == '*' && !escaped(i)) {
      pieces_.emplace_back();
      continue;
    }
    Piece& piece = pieces_.back();
    const bool any = c == '?' && !escaped(i);
    piece.bytes += case_insensitive ? engine::text::ascii_lower(c) : c;
    piece.any.push_back(any);
    piece.has_any = piece.has_any || any;
    if (!is_continuation(c)) ++piece.code_points;
  }
}

std::optional<std::size_t> WildcardPattern::match_at(const Piece& piece, std::string_view text, std::size_t pos) const {
  for (std::size_t i = 0; i < piece.bytes.size(); ++i) {
    if (pos >= text.size()) return std::nullopt;
    if (piece.any[i]) {
      pos = next_code_point(text, pos);
      continue;
    }
    const char c = case_insensitive_ ? engine::text::ascii_lower(text[pos]) : text[pos];
    if (c != piece.bytes[i]) return std::nullopt;
    ++pos;
  }
  return pos;
}

std::optional<std::size_t> WildcardPattern::find_leftmost(const Piece& piece, std::string_view text,
                                                          std::size_t from) const {
  if (!piece.has_any) {
    const std::size_t at = case_insensitive_ ? engine::text::find_ascii_ci(text, piece.bytes, from) : text.find(piece.bytes, from);
    if (at == std::string_view::npos) return std::nullopt;
    return at + piece.bytes.size();
  }
  for (std::size_t pos = from; pos < text.size(); pos = next_code_point(text, pos)) {
    if (auto end = match_at(piece, text, pos)) return end;
  }
  return std::nullopt;
}

bool WildcardPattern::matches(std::string_view text) const {
  const auto head_end = match_at(pieces_.front(), text, 0);
  if (!head_end) return false;
  if (pieces_.size() == 1) return *head_end == text.size();

  std::size_t pos = *head_end;
  for (std::size_t i = 1; i + 1 < pieces_.size(); ++i) {
    const auto end = find_leftmost(pieces_[i], text, pos);
    if (!end) return false;
    pos = *end;
  }

  // The tail must end exactly at the end of the text: step back its length in code points.
  const Piece& tail = pieces_.back();
  std::size_t start = text.size();
  for (std::size_t n = 0; n < tail.code_points; ++n) {
    if (start == 0) return false;
    --start;
    while (start > 0 && is_continuation(text[start])) --start;
  }
  if (start < pos) return false;
  const auto tail_end = match_at(tail, text, start);
  return tail_end && *tail_end == text.size();
}

}  // namespace vigil::engine::eql
