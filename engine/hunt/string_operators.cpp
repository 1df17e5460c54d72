// Kusto's string operators. Without `_cs` they ignore case (Unicode simple
// case folding); `in` is case-sensitive and `in~` is not. Operands of other
// types are compared through their text, as tostring() gives it.
#include <re2/re2.h>

#include <array>
#include <optional>

#include "engine/hunt/functions.hpp"
#include "engine/hunt/regex_cache.hpp"
#include "engine/text/case_fold.hpp"

namespace vigil::engine::hunt {
namespace {

bool alnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) || static_cast<unsigned char>(c) >= 0x80; }

// Kusto's `has`: the needle occurs as whole terms, i.e. not preceded or
// followed by an alphanumeric character (text is split into terms at every
// other character). A needle that is empty matches everything.
bool has_term(std::string_view text, std::string_view needle) {
  if (needle.empty()) return true;
  for (auto pos = text.find(needle); pos != std::string_view::npos; pos = text.find(needle, pos + 1)) {
    const bool starts = pos == 0 || !alnum(text[pos - 1]) || !alnum(needle.front());
    const auto end = pos + needle.size();
    const bool ends = end == text.size() || !alnum(text[end]) || !alnum(needle.back());
    if (starts && ends) return true;
  }
  return false;
}

enum class Match { kHas, kHasPrefix, kHasSuffix, kContains, kStartsWith, kEndsWith };

bool term_prefix(std::string_view text, std::string_view needle) {
  for (auto pos = text.find(needle); pos != std::string_view::npos; pos = text.find(needle, pos + 1))
    if (pos == 0 || !alnum(text[pos - 1])) return true;
  return needle.empty();
}
bool term_suffix(std::string_view text, std::string_view needle) {
  for (auto pos = text.find(needle); pos != std::string_view::npos; pos = text.find(needle, pos + 1)) {
    const auto end = pos + needle.size();
    if (end == text.size() || !alnum(text[end])) return true;
  }
  return needle.empty();
}

bool test(Match m, std::string_view text, std::string_view needle) {
  switch (m) {
    case Match::kHas:
      return has_term(text, needle);
    case Match::kHasPrefix:
      return term_prefix(text, needle);
    case Match::kHasSuffix:
      return term_suffix(text, needle);
    case Match::kContains:
      return text.find(needle) != std::string_view::npos;
    case Match::kStartsWith:
      return text.starts_with(needle);
    case Match::kEndsWith:
      return text.ends_with(needle);
  }
  return false;
}

template <Match M, bool CaseSensitive, bool Negated>
Value string_match(Args v, ExecContext&) {
  std::string text = operand_text(v[0]);
  std::string needle = operand_text(v[1]);
  if (!CaseSensitive) {
    text = text::fold_case(text);
    needle = text::fold_case(needle);
  }
  return Value::boolean(test(M, text, needle) != Negated);
}

Value matches_regex(Args v, ExecContext&) {
  const RE2* re = cached_regex(operand_text(v[1]));
  if (re == nullptr) return Value::null(Type::kBool);
  return Value::boolean(RE2::PartialMatch(operand_text(v[0]), *re));
}

// The list of `in` and `has_any`: its items, with dynamic arrays (a `let`
// of pack_array(), a tabular operand) flattened into their elements, each
// passed to `visit` until it returns true. Items that are plain values are
// passed in place: a list of constants costs no copy per row.
template <typename Visit>
void visit_items(Args items, Visit visit) {
  Value storage;
  for (const auto& item : items) {
    if (item.type() == Type::kDynamic && !item.is_null() && item.as_json().is_array()) {
      for (const auto& element : item.as_json())
        if (visit(unwrap_dynamic(Value::dynamic(element)))) return;
    } else if (visit(unwrapped(item, storage))) {
      return;
    }
  }
}

template <bool CaseSensitive, bool Negated>
Value in_list(Args v, ExecContext&) {
  Value storage;
  const Value& needle = unwrapped(v[0], storage);
  bool found = false;
  visit_items(v.subspan(1), [&](const Value& item) {
    if (CaseSensitive) {
      // As `==`: a null equals nothing; types must be comparable.
      const bool same = (is_numeric(needle.type()) && is_numeric(item.type())) || needle.type() == item.type();
      found = !needle.is_null() && !item.is_null() && same && values_equal(needle, item);
    } else {
      found = text::fold_case(operand_text(needle)) == text::fold_case(operand_text(item));
    }
    return found;
  });
  return Value::boolean(found != Negated);
}

template <bool All>
Value has_list(Args v, ExecContext&) {
  const std::string text = text::fold_case(operand_text(v[0]));
  bool any = false;
  std::optional<bool> decided;
  visit_items(v.subspan(1), [&](const Value& item) {
    any = true;
    const bool has = has_term(text, text::fold_case(operand_text(item)));
    if (has != All) decided = has;
    return decided.has_value();
  });
  return Value::boolean(decided ? *decided : All && any);
}

Type any_bool(std::span<const Type>, std::string&) { return Type::kBool; }

#define VIGIL_MATCH(name, m)                                                                                       \
  {name, 2, 2, any_bool, string_match<m, false, false>}, {"!" name, 2, 2, any_bool, string_match<m, false, true>}, \
      {name "_cs", 2, 2, any_bool, string_match<m, true, false>}, {                                                \
    "!" name "_cs", 2, 2, any_bool, string_match<m, true, true>                                                    \
  }

const std::array<ScalarFunction, 31> kStringOperators = {{
    VIGIL_MATCH("has", Match::kHas),
    VIGIL_MATCH("hasprefix", Match::kHasPrefix),
    VIGIL_MATCH("hassuffix", Match::kHasSuffix),
    VIGIL_MATCH("contains", Match::kContains),
    VIGIL_MATCH("startswith", Match::kStartsWith),
    VIGIL_MATCH("endswith", Match::kEndsWith),
    {"matches regex", 2, 2, any_bool, matches_regex},
    {"in", 2, -1, any_bool, in_list<true, false>},
    {"!in", 2, -1, any_bool, in_list<true, true>},
    {"in~", 2, -1, any_bool, in_list<false, false>},
    {"!in~", 2, -1, any_bool, in_list<false, true>},
    {"has_any", 2, -1, any_bool, has_list<false>},
    {"has_all", 2, -1, any_bool, has_list<true>},
}};

#undef VIGIL_MATCH

}  // namespace

std::span<const ScalarFunction> string_operators() { return kStringOperators; }

}  // namespace vigil::engine::hunt
