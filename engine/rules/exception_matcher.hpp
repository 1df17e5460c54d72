#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/rules/rule.hpp"
#include "engine/eql/wildcard.hpp"

namespace vigil::engine {

// A rule's exception items, compiled once (wildcards included).
// Immutable after construction and thread-safe.
//
// Semantics follow Kibana's exception filter: the entries of an item are
// AND-ed, the items OR-ed, and an event that any item fully matches makes no
// alert. `is` / `is_one_of` compare exactly and case-sensitively, `matches`
// uses wildcards, and all of them hold when any element of an array field
// does. Numbers and booleans compare by their JSON spelling ("4688", "true").
// A field that is absent, null or an empty array does not exist. Each
// negated operator is the plain one's negation, so `is_not` holds on an
// event without the field, as Elasticsearch's must_not does.
class ExceptionMatcher {
 public:
  ExceptionMatcher() = default;
  explicit ExceptionMatcher(const std::vector<ExceptionItem>& items);

  bool excepts(const nlohmann::json& event) const;
  bool empty() const { return items_.empty(); }

 private:
  struct Entry {
    std::string field;
    ExceptionOperator op;
    std::vector<std::string> values;        // is / is_one_of and their negations
    std::vector<eql::WildcardPattern> patterns;  // matches / does_not_match

    bool holds(const nlohmann::json& event) const;
  };
  using Item = std::vector<Entry>;

  std::vector<Item> items_;
};

}  // namespace vigil::engine
