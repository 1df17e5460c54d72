#pragma once

#include <cstddef>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

namespace vigil::api {

// What a page body keeps free for what follows its items: a JSON object's
// closing members (keys, a cursor of at most 256 characters, a total).
inline constexpr std::size_t kPageEnvelopeBytes = 1024;

// A response body written item by item as a store hands the items over,
// within a byte bound, so that a page never holds more than it sends.
class PageBody {
 public:
  // Items as they are, each a line with its end, after `header` (NDJSON,
  // CSV).
  static PageBody lines(std::string header, std::size_t max_bytes);
  // The JSON object {"<array_key>": [items], closing members}, each item a
  // JSON text; indented by two spaces, as nlohmann indents, when `pretty`.
  static PageBody json_object(std::string_view array_key, bool pretty, std::size_t max_bytes);

  // False, adding nothing, when the item would take the body and
  // kPageEnvelopeBytes past max_bytes: the page ends early, before it. The
  // first item always goes in, so that paging moves on.
  bool add(const std::string& item);
  bool ended_early() const { return ended_early_; }

  // The body: for a JSON object, `members` (keys, each with its value's
  // JSON text, after the array's in byte order) close it; lines take none.
  std::string finish(std::initializer_list<std::pair<std::string_view, std::string>> members = {}) &&;

 private:
  PageBody(std::string start, bool json, bool pretty, std::size_t max_bytes)
      : text_(std::move(start)), json_(json), pretty_(pretty), max_bytes_(max_bytes) {}
  std::string piece(const std::string& item) const;

  std::string text_;
  bool json_;
  bool pretty_;
  std::size_t max_bytes_;
  std::size_t count_ = 0;
  bool ended_early_ = false;
};

}  // namespace vigil::api
