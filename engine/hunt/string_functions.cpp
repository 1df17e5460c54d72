// Kusto's string functions. Positions and lengths count bytes for ASCII
// text; Vigil counts UTF-8 code points as Kusto counts characters only for
// strlen (documented in docs/HUNTING.md).
#include <re2/re2.h>

#include <array>

#include "engine/hunt/functions.hpp"
#include "engine/hunt/regex_cache.hpp"
#include "engine/text/case_fold.hpp"

namespace vigil::engine::hunt {
namespace {

std::string upper_ascii(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

Value to_lower(Args v, ExecContext&) { return Value::string(text::fold_case(operand_text(v[0]))); }
Value to_upper(Args v, ExecContext&) { return Value::string(upper_ascii(operand_text(v[0]))); }

Value str_len(Args v, ExecContext&) {
  const auto s = operand_text(v[0]);
  std::int64_t n = 0;
  for (const char c : s)
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  return Value::long_(n);
}

Value sub_string(Args v, ExecContext&) {
  const auto s = operand_text(v[0]);
  if (v[1].is_null()) return Value::string("");
  auto start = v[1].as_long();
  if (start < 0) start = 0;
  if (static_cast<std::size_t>(start) >= s.size()) return Value::string("");
  std::size_t length = std::string::npos;
  if (v.size() > 2 && !v[2].is_null()) length = static_cast<std::size_t>(std::max<std::int64_t>(0, v[2].as_long()));
  return Value::string(s.substr(static_cast<std::size_t>(start), length));
}

Value split(Args v, ExecContext&) {
  const auto s = operand_text(v[0]);
  const auto delimiter = operand_text(v[1]);
  nlohmann::json parts = nlohmann::json::array();
  if (delimiter.empty()) {
    parts.push_back(s);
  } else {
    std::size_t pos = 0;
    while (true) {
      const auto next = s.find(delimiter, pos);
      parts.push_back(s.substr(pos, next - pos));
      if (next == std::string::npos) break;
      pos = next + delimiter.size();
    }
  }
  if (v.size() > 2 && !v[2].is_null()) {
    const auto i = v[2].as_long();
    if (i < 0 || static_cast<std::size_t>(i) >= parts.size()) return Value::dynamic(nlohmann::json::array());
    return Value::dynamic(nlohmann::json::array({parts[static_cast<std::size_t>(i)]}));
  }
  return Value::dynamic(std::move(parts));
}

// split(text, delimiter)[i] with a whole index, as the binder rewrites it:
// the element found in place, without building the array the index would
// pick it from. The same value as the two steps: a dynamic string, null past
// either end or for a null index; a negative index counts from the end.
Value split_element(Args v, ExecContext&) {
  if (v[2].is_null()) return Value::null(Type::kDynamic);
  std::string converted;
  const std::string& s = v[0].type() == Type::kString ? v[0].as_string() : (converted = operand_text(v[0]));
  const auto delimiter = operand_text(v[1]);
  auto i = v[2].as_long();
  if (delimiter.empty()) return i == 0 || i == -1 ? Value::dynamic(nlohmann::json(s)) : Value::null(Type::kDynamic);
  if (i < 0) {
    std::int64_t parts = 1;
    for (auto at = s.find(delimiter); at != std::string::npos; at = s.find(delimiter, at + delimiter.size())) ++parts;
    i += parts;
    if (i < 0) return Value::null(Type::kDynamic);
  }
  std::size_t start = 0;
  for (; i > 0; --i) {
    const auto at = s.find(delimiter, start);
    if (at == std::string::npos) return Value::null(Type::kDynamic);
    start = at + delimiter.size();
  }
  const auto end = s.find(delimiter, start);
  return Value::dynamic(nlohmann::json(s.substr(start, end == std::string::npos ? end : end - start)));
}

Value str_cat(Args v, ExecContext&) {
  std::string out;
  for (const auto& x : v) out += operand_text(x);
  return Value::string(std::move(out));
}

Value replace_string(Args v, ExecContext&) {
  auto s = operand_text(v[0]);
  const auto from = operand_text(v[1]);
  const auto to = operand_text(v[2]);
  if (from.empty()) return Value::string(s);
  std::string out;
  std::size_t pos = 0;
  for (auto hit = s.find(from); hit != std::string::npos; hit = s.find(from, pos)) {
    out.append(s, pos, hit - pos).append(to);
    pos = hit + from.size();
  }
  out.append(s, pos);
  return Value::string(std::move(out));
}

// trim(regex, text): removes leading and trailing matches of the regex.
Value trim(Args v, ExecContext&) {
  const auto pattern = operand_text(v[0]);
  auto s = operand_text(v[1]);
  // One regex at a time: a second cached_regex call may evict the first.
  if (const RE2* lead = cached_regex("^(?:" + pattern + ")+")) RE2::Replace(&s, *lead, "");
  if (const RE2* tail = cached_regex("(?:" + pattern + ")+$")) RE2::Replace(&s, *tail, "");
  return Value::string(std::move(s));
}

// extract(regex, group, text): the group's text of the first match, "" if none.
Value extract(Args v, ExecContext&) {
  const RE2* re = cached_regex(operand_text(v[0]));
  if (re == nullptr || v[1].is_null()) return Value::string("");
  const auto group = static_cast<int>(v[1].as_long());
  if (group < 0 || group > re->NumberOfCapturingGroups()) return Value::string("");
  const auto text = operand_text(v[2]);
  std::vector<re2::StringPiece> groups(static_cast<std::size_t>(group) + 1);
  if (!re->Match(text, 0, text.size(), RE2::UNANCHORED, groups.data(), group + 1)) return Value::string("");
  return Value::string(std::string(groups[static_cast<std::size_t>(group)]));
}

Value index_of(Args v, ExecContext&) {
  const auto s = operand_text(v[0]);
  const auto needle = operand_text(v[1]);
  std::size_t start = 0;
  if (v.size() > 2 && !v[2].is_null()) start = static_cast<std::size_t>(std::max<std::int64_t>(0, v[2].as_long()));
  const auto pos = s.find(needle, start);
  return Value::long_(pos == std::string::npos ? -1 : static_cast<std::int64_t>(pos));
}

Type long_index(std::span<const Type> t, std::string& error) {
  for (std::size_t i = 1; i < t.size(); ++i)
    if (t[i] != Type::kLong && t[i] != Type::kInt && t[i] != Type::kDynamic && t[i] != Type::kString)
      error = "expects a number, got " + std::string(type_name(t[i]));
  return Type::kString;
}

Type extract_type(std::span<const Type> t, std::string& error) {
  if (t[1] != Type::kLong && t[1] != Type::kInt) error = "expects a capture group number as its second argument";
  return Type::kString;
}

const std::array<ScalarFunction, 12> kStringFunctions = {{
    {"tolower", 1, 1, returns<Type::kString>, to_lower},
    {"toupper", 1, 1, returns<Type::kString>, to_upper},
    {"strlen", 1, 1, returns<Type::kLong>, str_len},
    {"substring", 2, 3, long_index, sub_string},
    {"split", 2, 3, returns<Type::kDynamic>, split},
    // Not a name KQL can spell: only the binder's rewrite of split(text, delimiter)[i] calls it.
    {"split()[]", 3, 3, returns<Type::kDynamic>, split_element},
    {"strcat", 1, 64, returns<Type::kString>, str_cat},
    {"replace_string", 3, 3, returns<Type::kString>, replace_string},
    {"trim", 2, 2, returns<Type::kString>, trim},
    {"extract", 3, 3, extract_type, extract},
    {"indexof", 2, 3, returns<Type::kLong>, index_of},
    {"strcat_array", 2, 2, returns<Type::kString>,
     [](Args v, ExecContext&) {
       std::string out;
       if (v[0].type() == Type::kDynamic && !v[0].is_null() && v[0].as_json().is_array())
         for (const auto& e : v[0].as_json()) {
           if (!out.empty()) out += operand_text(v[1]);
           out += e.is_string() ? e.get<std::string>() : e.dump();
         }
       return Value::string(std::move(out));
     }},
}};

}  // namespace

std::span<const ScalarFunction> string_functions() { return kStringFunctions; }

}  // namespace vigil::engine::hunt
