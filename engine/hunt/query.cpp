#include "engine/hunt/query.hpp"

#include <limits>

#include "engine/hunt/binder.hpp"
#include "engine/hunt/column_usage.hpp"
#include "engine/hunt/parser.hpp"
#include "engine/hunt/planner.hpp"
#include "engine/store/store_error.hpp"

namespace vigil::engine::hunt {
namespace {

template <typename Body>
auto guarded(Body body) -> std::variant<decltype(body()), HuntFailure> {
  try {
    return body();
  } catch (const HuntError& e) {
    return HuntFailure{e.code(), e.what(), e.line(), e.column()};
  } catch (const StoreError& e) {
    return HuntFailure{HuntErrorCode::kStore, std::string("The store failed: ") + e.what(), 0, 0};
  } catch (const std::bad_alloc&) {
    return HuntFailure{HuntErrorCode::kMemory, "Query execution has exceeded the allowed limits: out of memory", 0, 0};
  }
}

}  // namespace

std::variant<HuntResult, HuntFailure> run_hunt(const HuntRequest& request, HuntSource& source, TimeMs now,
                                               const std::function<TimeMs()>& clock_ms) {
  const TimeMs started = clock_ms();
  return guarded([&] {
    const auto ast = parse_query(request.query);
    const PlanPtr plan = Binder(source).bind(ast);
    const TimeMs start = request.timespan ? now - *request.timespan : std::numeric_limits<TimeMs>::min();
    const TimeMs end = request.timespan ? now : std::numeric_limits<TimeMs>::max();
    ExecContext context(source, now, start, end, request.limits, clock_ms);
    const ColumnUsage usage(*plan);
    context.set_column_usage(&usage);
    auto op = plan_operators(*plan, context);
    HuntResult result;
    result.schema = plan->schema;
    while (auto row = op->next()) {
      if (result.rows.size() >= request.limits.max_rows) {
        result.truncated = true;
        break;
      }
      result.rows.push_back(std::move(*row));
    }
    result.rows_scanned = context.rows_scanned();
    result.peak_bytes = context.peak_bytes();
    result.duration_ms = clock_ms() - started;
    return result;
  });
}

}  // namespace vigil::engine::hunt
