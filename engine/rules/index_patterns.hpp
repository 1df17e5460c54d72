#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/eql/wildcard.hpp"

namespace vigil::engine {

// A rule's `index` list compiled for matching the index (or data stream) an
// event was shipped to: "winlogbeat-*" selects "winlogbeat-8.11.0-2024.01.01".
// A pattern starting with '-' excludes what it matches, as in Elasticsearch.
// An empty list selects every index: Kibana then falls back to the space's
// default security indices, which in Vigil is everything it receives.
// Immutable and thread-safe.
class IndexPatterns {
 public:
  IndexPatterns() = default;
  explicit IndexPatterns(const std::vector<std::string>& patterns);
  // Patterns as an Elasticsearch request names indices (_count, _search):
  // only '*' is a wildcard there, so a '?' is itself.
  static IndexPatterns of_request(std::span<const std::string> patterns);

  bool selects(std::string_view index) const;

 private:
  std::vector<eql::WildcardPattern> include_;
  std::vector<eql::WildcardPattern> exclude_;
};

}  // namespace vigil::engine
