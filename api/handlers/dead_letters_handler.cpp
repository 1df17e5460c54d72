#include "api/handlers/dead_letters_handler.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <nlohmann/json.hpp>

#include "api/handlers/page_body.hpp"
#include "api/handlers/query_params.hpp"
#include "api/http/base64.hpp"
#include "api/http/json_response.hpp"
#include "engine/time/timestamp.hpp"

namespace vigil::api {
namespace {

using engine::ingest::DeadLetter;

constexpr std::array<std::string_view, 7> kDeadLetterParams = {"input", "topic",  "since", "until",
                                                               "limit", "cursor", "pretty"};
constexpr std::size_t kMaxDeadLetterLimit = 1000;
// Far above any input or topic name (Kafka allows 249 characters).
constexpr std::size_t kMaxInputNameChars = 512;

// Thrown while reading the parameters; the reason of the 400.
struct BadDeadLetterParam {
  std::string reason;
};

struct DeadLetterListParams {
  engine::ingest::DeadLetterQuery query;
  bool pretty = false;
};

std::string input_or_topic(const std::string& name, const std::string& value) {
  if (value.empty() || value.size() > kMaxInputNameChars)
    throw BadDeadLetterParam{name + " must be a name of 1 to " + std::to_string(kMaxInputNameChars) + " characters"};
  return value;
}

engine::TimeMs letter_time(const std::string& name, const std::string& value, engine::TimeMs now) {
  if (const auto t = engine::parse_date_math(value, now)) return *t;
  throw BadDeadLetterParam{
      name + " must be an RFC 3339 timestamp (2026-11-22T10:00:00Z) or date math (now-24h); got '" + value + "'"};
}

// The letter a previous page ended at, as that page's next_cursor wrote it.
std::int64_t letter_cursor(const std::string& value) {
  const bool digits = !value.empty() && value.size() <= 18 &&
                      std::all_of(value.begin(), value.end(), [](unsigned char c) { return std::isdigit(c); });
  if (!digits || std::stoll(value) <= 0) throw BadDeadLetterParam{"invalid cursor: pass back next_cursor unchanged"};
  return std::stoll(value);
}

DeadLetterListParams read_dead_letter_params(const std::multimap<std::string, std::string>& query, engine::TimeMs now) {
  DeadLetterListParams params;
  auto& filter = params.query.filter;
  for (const auto& [name, value] : query) {
    if (std::find(kDeadLetterParams.begin(), kDeadLetterParams.end(), name) == kDeadLetterParams.end())
      throw BadDeadLetterParam{"unknown query parameter '" + name +
                               "'; allowed: input, topic, since, until, limit, cursor, pretty"};
    if (query.count(name) > 1)
      throw BadDeadLetterParam{name + " takes one value, got " + std::to_string(query.count(name))};
    if (name == "input") {
      filter.input = input_or_topic(name, value);
    } else if (name == "topic") {
      filter.topic = input_or_topic(name, value);
    } else if (name == "since") {
      filter.since = letter_time(name, value, now);
    } else if (name == "until") {
      filter.until = letter_time(name, value, now);
    } else if (name == "limit") {
      auto limit = parse_limit_value(value, kMaxDeadLetterLimit);
      if (auto* reason = std::get_if<std::string>(&limit)) throw BadDeadLetterParam{std::move(*reason)};
      params.query.limit = std::get<std::size_t>(limit);
    } else if (name == "cursor") {
      params.query.after = letter_cursor(value);
    } else if (value.empty() || value == "true" || value == "false") {
      params.pretty = value != "false";
    } else {
      throw BadDeadLetterParam{"pretty must be empty, true or false; got '" + value + "'"};
    }
  }
  if (filter.since && filter.until && *filter.since >= *filter.until)
    throw BadDeadLetterParam{"since must be before until"};
  return params;
}

// JSON strings carry UTF-8 only: a payload that is not (binary, or cut
// inside a character at the kept length) is shown as base64.
bool is_utf8(const std::string& bytes) {
  try {
    (void)nlohmann::json(bytes).dump();
    return true;
  } catch (const nlohmann::json::type_error&) {
    return false;
  }
}

std::string letter_json(const DeadLetter& letter) {
  const bool text = is_utf8(letter.payload);
  const nlohmann::json j = {{"input", letter.input},
                            {"epoch", letter.epoch},
                            {"topic", letter.topic},
                            {"partition", letter.partition},
                            {"offset", letter.offset},
                            {"error", letter.error},
                            {"at", engine::format_timestamp(letter.at)},
                            {"payload", text ? letter.payload : base64_encode(letter.payload)},
                            {"payload_encoding", text ? "utf-8" : "base64"},
                            {"payload_bytes", letter.payload_bytes},
                            {"payload_truncated", letter.payload_bytes > letter.payload.size()}};
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

Response list_dead_letters(const RequestContext& ctx, engine::ingest::DeadLetterStore& letters,
                           const engine::Clock& clock, std::size_t max_response_bytes) {
  DeadLetterListParams params;
  try {
    params = read_dead_letter_params(ctx.query, clock.now());
  } catch (const BadDeadLetterParam& refused) {
    return json_error(ctx.request, http::status::bad_request, "illegal_argument_exception", refused.reason);
  }
  auto body = PageBody::json_object("dead_letters", params.pretty, max_response_bytes);
  const auto page = letters.list(params.query, [&body](DeadLetter&& letter) { return body.add(letter_json(letter)); });
  return json_text_response(
      ctx.request, http::status::ok,
      std::move(body).finish({{"total", std::to_string(page.total)},
                              {"next_cursor", page.next ? "\"" + std::to_string(*page.next) + "\"" : "null"}}));
}

}  // namespace

void add_dead_letters_routes(Router& router, engine::ingest::DeadLetterStore& letters, const engine::Clock& clock,
                             std::size_t max_response_bytes) {
  router.add(http::verb::get, "/api/v1/inputs/dead_letters",
             [&letters, &clock, max_response_bytes](const RequestContext& ctx) {
               return list_dead_letters(ctx, letters, clock, max_response_bytes);
             });
}

}  // namespace vigil::api
