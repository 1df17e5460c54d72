#include "api/handlers/alert_query_params.hpp"

#include <algorithm>
#include <cctype>
#include <initializer_list>
#include <span>
#include <type_traits>
#include <utility>

#include "api/handlers/alert_cursor.hpp"
#include "api/handlers/query_params.hpp"
#include "engine/triage/triage_values.hpp"

namespace vigil::api {
namespace {

using Params = std::multimap<std::string, std::string>;

// Thrown while reading, caught at each public function and returned.
struct Refused {
  std::string reason;
};

constexpr std::size_t kMaxLimit = 1000;
// Far above any host, user or rule id; bounds what one value makes SQLite scan for.
constexpr std::size_t kMaxValueChars = 512;

struct ParamSpec {
  std::string_view name;
  bool repeatable = false;
};

constexpr ParamSpec kFilterParams[] = {
    {"rule_id", true}, {"severity", true}, {"status", true}, {"classification", true},
    {"host"},          {"user"},           {"technique"},    {"tactic"},
    {"since"},         {"until"},          {"time_field"},   {"q"}};
constexpr ParamSpec kPageParams[] = {{"sort"}, {"order"}, {"limit"}, {"cursor"}, {"format"}, {"track_total_hits"}};
constexpr ParamSpec kPrettyParam[] = {{"pretty"}};

using Specs = std::initializer_list<std::span<const ParamSpec>>;

// Refuses names outside `specs`, a second value of a single-valued
// parameter and too many values of a repeatable one. `what` names the kind
// of key in messages: "query parameter" or "filter field".
void check_names(const Params& params, Specs specs, std::string_view what) {
  for (auto it = params.begin(); it != params.end(); it = params.upper_bound(it->first)) {
    const ParamSpec* spec = nullptr;
    for (const auto group : specs)
      for (const auto& candidate : group)
        if (candidate.name == it->first) spec = &candidate;
    if (!spec) {
      std::string allowed;
      for (const auto group : specs)
        for (const auto& candidate : group) allowed.append(allowed.empty() ? "" : ", ").append(candidate.name);
      throw Refused{"unknown " + std::string(what) + " '" + it->first + "'; allowed: " + allowed};
    }
    const auto count = params.count(it->first);
    if (!spec->repeatable && count > 1) throw Refused{it->first + " takes one value, got " + std::to_string(count)};
    if (count > kMaxFilterValues)
      throw Refused{it->first + " takes at most " + std::to_string(kMaxFilterValues) + " values, got " +
                    std::to_string(count)};
  }
}

// A value as given, refused when empty or longer than kMaxValueChars.
const std::string& checked(const std::string& name, const std::string& value) {
  if (value.empty()) throw Refused{name + " must not be empty"};
  if (value.size() > kMaxValueChars)
    throw Refused{name + " must be at most " + std::to_string(kMaxValueChars) + " characters"};
  return value;
}

const std::string* single(const Params& params, const std::string& name) {
  const auto it = params.find(name);
  return it == params.end() ? nullptr : &checked(name, it->second);
}

// Every value of a repeatable parameter, each through `read`.
template <typename Read>
std::vector<std::string> each(const Params& params, const std::string& name, Read read) {
  std::vector<std::string> out;
  const auto [first, last] = params.equal_range(name);
  for (auto it = first; it != last; ++it) out.push_back(read(checked(name, it->second)));
  return out;
}

std::string triage_value(const engine::triage::ParsedValue& parsed) {
  if (!parsed.ok()) throw Refused{parsed.error};
  return parsed.value;
}

// One of a fixed set of spellings, `fallback` when absent.
template <typename T>
T choice(const Params& params, const std::string& name,
         std::initializer_list<std::pair<std::string_view, std::type_identity_t<T>>> options, T fallback) {
  const auto* text = single(params, name);
  if (!text) return fallback;
  std::string allowed;
  for (const auto& [spelling, value] : options) {
    if (*text == spelling) return value;
    allowed.append(allowed.empty() ? "" : ", ").append(spelling);
  }
  throw Refused{name + " must be one of " + allowed + "; got '" + *text + "'"};
}

// "T1098" or "T1098.002" (technique); "TA0003" (tactic). Upper-cased, as ATT&CK spells ids.
std::optional<std::string> mitre_id(const Params& params, const std::string& name, std::string_view prefix, bool sub_id,
                                    std::string_view example) {
  const auto* text = single(params, name);
  if (!text) return std::nullopt;
  std::string id = *text;
  std::transform(id.begin(), id.end(), id.begin(), [](unsigned char c) { return std::toupper(c); });
  const auto digits = [&](std::size_t from, std::size_t n) {
    return id.size() >= from + n &&
           std::all_of(id.begin() + from, id.begin() + from + n, [](unsigned char c) { return std::isdigit(c); });
  };
  const auto base = prefix.size() + 4;
  const bool shaped =
      id.starts_with(prefix) && digits(prefix.size(), 4) &&
      (id.size() == base || (sub_id && id.size() == base + 4 && id[base] == '.' && digits(base + 1, 3)));
  if (!shaped) throw Refused{name + " must look like " + std::string(example) + "; got '" + *text + "'"};
  return id;
}

std::optional<engine::TimeMs> instant(const Params& params, const std::string& name, engine::TimeMs now) {
  const auto* text = single(params, name);
  if (!text) return std::nullopt;
  const auto t = engine::parse_date_math(*text, now);
  if (!t)
    throw Refused{name +
                  " must be an RFC 3339 timestamp (2026-11-22T10:00:00Z) or date math (now, now-24h, now-7d); got '" +
                  *text + "'"};
  return t;
}

bool pretty(const Params& params) {
  const auto it = params.find("pretty");
  if (it == params.end()) return false;
  if (it->second.empty() || it->second == "true") return true;
  if (it->second == "false") return false;
  throw Refused{"pretty must be empty, true or false; got '" + it->second + "'"};
}

engine::AlertFilter read_filter(const Params& params, engine::TimeMs now) {
  using engine::triage::parse_classification, engine::triage::parse_severity, engine::triage::parse_status;
  engine::AlertFilter f;
  f.rule_ids = each(params, "rule_id", [](const std::string& id) { return id; });
  f.severities = each(params, "severity", [](const std::string& s) { return triage_value(parse_severity(s)); });
  f.statuses = each(params, "status", [](const std::string& s) { return triage_value(parse_status(s)); });
  f.classifications =
      each(params, "classification", [](const std::string& s) { return triage_value(parse_classification(s)); });
  if (const auto* host = single(params, "host")) f.host = *host;
  if (const auto* user = single(params, "user")) f.user = *user;
  f.technique = mitre_id(params, "technique", "T", true, "T1098 or T1098.002");
  f.tactic = mitre_id(params, "tactic", "TA", false, "TA0003");
  f.time_field = choice(
      params, "time_field",
      {{"created_at", engine::AlertTimeField::kCreatedAt}, {"original_time", engine::AlertTimeField::kOriginalTime}},
      engine::AlertTimeField::kCreatedAt);
  f.since = instant(params, "since", now);
  f.until = instant(params, "until", now);
  if (f.since && f.until && *f.since >= *f.until) throw Refused{"since must be before until"};
  if (const auto* q = single(params, "q")) f.text = *q;
  return f;
}

engine::AlertQuery read_query(const Params& params, engine::TimeMs now) {
  engine::AlertQuery query;
  query.filter = read_filter(params, now);
  query.sort = choice(params, "sort",
                      {{"created_at", engine::AlertSort::kCreatedAt},
                       {"original_time", engine::AlertSort::kOriginalTime},
                       {"risk_score", engine::AlertSort::kRiskScore}},
                      engine::AlertSort::kCreatedAt);
  query.ascending = choice(params, "order", {{"desc", false}, {"asc", true}}, false);
  if (const auto* text = single(params, "limit")) {
    auto limit = parse_limit_value(*text, kMaxLimit);
    if (auto* reason = std::get_if<std::string>(&limit)) throw Refused{std::move(*reason)};
    query.limit = std::get<std::size_t>(limit);
  }
  if (const auto* text = single(params, "track_total_hits")) {
    if (*text == "true") {
      query.count_limit = 0;
    } else {
      auto count_limit = parse_limit_value(*text, kMaxCountLimit);
      if (auto* reason = std::get_if<std::string>(&count_limit))
        throw Refused{"track_total_hits must be true or a whole number in 1.." + std::to_string(kMaxCountLimit) +
                      "; got '" + *text + "'"};
      query.count_limit = std::get<std::size_t>(count_limit);
    }
  }
  if (const auto* text = single(params, "cursor")) {
    query.after = decode_alert_cursor(*text, query.sort, query.ascending);
    if (!query.after)
      throw Refused{"invalid cursor: pass back next_cursor unchanged, with the sort and order that produced it"};
  }
  return query;
}

// The JSON filter as query parameters, so both spellings share one reader.
Params params_of(const nlohmann::json& filter) {
  if (!filter.is_object()) throw Refused{"filter must be a JSON object"};
  Params params;
  // No structured binding: clang 14 (the fuzz build) cannot capture one in a lambda.
  for (const auto& entry : filter.items()) {
    const std::string& key = entry.key();
    const auto& value = entry.value();
    const auto refuse = [&] { return Refused{"filter." + key + " must be a string or a non-empty array of strings"}; };
    if (value.is_string()) {
      params.emplace(key, value.get<std::string>());
      continue;
    }
    if (!value.is_array() || value.empty()) throw refuse();
    for (const auto& item : value) {
      if (!item.is_string()) throw refuse();
      params.emplace(key, item.get<std::string>());
    }
  }
  return params;
}

template <typename Read>
auto refusal_as_error(Read read) -> Parsed<decltype(read())> {
  try {
    return read();
  } catch (Refused& refused) {
    return ParamError{std::move(refused.reason)};
  }
}

}  // namespace

Parsed<AlertListParams> parse_alert_list_params(const Params& query, engine::TimeMs now) {
  return refusal_as_error([&] {
    check_names(query, Specs{kFilterParams, kPageParams, kPrettyParam}, "query parameter");
    AlertListParams params;
    params.query = read_query(query, now);
    params.format = choice(query, "format",
                           {{"json", AlertFormat::kJson}, {"ndjson", AlertFormat::kNdjson}, {"csv", AlertFormat::kCsv}},
                           AlertFormat::kJson);
    params.pretty = pretty(query);
    return params;
  });
}

Parsed<AlertSummaryParams> parse_alert_summary_params(const Params& query, engine::TimeMs now) {
  return refusal_as_error([&] {
    check_names(query, Specs{kFilterParams, kPrettyParam}, "query parameter");
    return AlertSummaryParams{read_filter(query, now), pretty(query)};
  });
}

Parsed<bool> parse_pretty_only(const Params& query) {
  return refusal_as_error([&] {
    check_names(query, Specs{kPrettyParam}, "query parameter");
    return pretty(query);
  });
}

Parsed<AlertHistoryParams> parse_alert_history_params(const Params& query) {
  return refusal_as_error([&] {
    static constexpr ParamSpec kCursor[] = {{"cursor"}};
    check_names(query, Specs{kCursor, kPrettyParam}, "query parameter");
    AlertHistoryParams params{0, pretty(query)};
    if (const auto* text = single(query, "cursor")) {
      // The entry's sequence number, as history pages write it.
      const bool digits = text->size() <= 18 && std::all_of(text->begin(), text->end(), [](unsigned char c) {
        return std::isdigit(c);
      });
      if (!digits || (params.after = std::stoll(*text)) <= 0)
        throw Refused{"invalid cursor: pass back next_cursor unchanged"};
    }
    return params;
  });
}

Parsed<engine::AlertFilter> parse_alert_filter_json(const nlohmann::json& filter, engine::TimeMs now) {
  return refusal_as_error([&] {
    const auto params = params_of(filter);
    check_names(params, Specs{kFilterParams}, "filter field");
    return read_filter(params, now);
  });
}

}  // namespace vigil::api
