#pragma once

#include <cstddef>
#include <memory>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace vigil::engine::analytics {

// Copies of texts that stay put until the pool is destroyed, so that what an
// aggregation run accumulates over a million rows can hold views instead of
// strings: one block allocation per megabyte instead of one per text. Not
// thread-safe.
class StringPool {
 public:
  StringPool() = default;
  StringPool(const StringPool&) = delete;
  StringPool& operator=(const StringPool&) = delete;

  // A copy of `text`.
  std::string_view keep(std::string_view text);

  // The pool's one copy of texts equal to `text`: for the values that repeat
  // from row to row (domains, senders).
  std::string_view intern(std::string_view text);

 private:
  std::vector<std::unique_ptr<char[]>> blocks_;
  char* free_ = nullptr;
  std::size_t left_ = 0;
  std::unordered_set<std::string_view> interned_;
};

}  // namespace vigil::engine::analytics
