// Alert filters as the API reads them: a query string (api/http/query_string)
// into the list, summary and single-alert parameters
// (api/handlers/alert_query_params), or, for an input starting with '{',
// _bulk_update's JSON filter. A bad parameter must be a ParamError.
#include <variant>

#include "api/handlers/alert_query_params.hpp"
#include "api/http/query_string.hpp"
#include "tests/fuzz/fuzz_support.hpp"

namespace {

constexpr vigil::engine::TimeMs kNow = 1'795'348'800'000;  // 2026-11-22T12:00:00Z

template <typename T>
void require_reason(const vigil::api::Parsed<T>& parsed) {
  if (const auto* error = std::get_if<vigil::api::ParamError>(&parsed))
    vigil::fuzz::fuzz_require(!error->reason.empty(), "a refused parameter says why");
}

void check_filter(const vigil::engine::AlertFilter& filter) {
  using vigil::api::kMaxFilterValues;
  vigil::fuzz::fuzz_require(
      filter.rule_ids.size() <= kMaxFilterValues && filter.severities.size() <= kMaxFilterValues &&
          filter.statuses.size() <= kMaxFilterValues && filter.classifications.size() <= kMaxFilterValues,
      "a repeatable filter holds at most kMaxFilterValues values");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace vigil;
  const auto text = fuzz::as_text(data, size);
  if (text.starts_with("{")) {
    const auto filter = fuzz::parse_document(text);
    if (!filter) return 0;
    const auto parsed = api::parse_alert_filter_json(*filter, kNow);
    require_reason(parsed);
    if (const auto* ok = std::get_if<engine::AlertFilter>(&parsed)) check_filter(*ok);
    return 0;
  }
  const auto query = api::parse_query_string(text);
  if (!query) return 0;
  const auto list = api::parse_alert_list_params(*query, kNow);
  require_reason(list);
  if (const auto* ok = std::get_if<api::AlertListParams>(&list)) {
    fuzz::fuzz_require(ok->query.limit >= 1 && ok->query.limit <= 1000, "limit is within 1..1000");
    check_filter(ok->query.filter);
  }
  const auto summary = api::parse_alert_summary_params(*query, kNow);
  require_reason(summary);
  if (const auto* ok = std::get_if<api::AlertSummaryParams>(&summary)) check_filter(ok->filter);
  require_reason(api::parse_pretty_only(*query));
  return 0;
}
