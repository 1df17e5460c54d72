#include "engine/hunt/planner.hpp"

#include <limits>

#include "engine/hunt/column_layout.hpp"
#include "engine/hunt/evaluator.hpp"
#include "engine/hunt/operators/append_operator.hpp"
#include "engine/hunt/operators/distinct_operator.hpp"
#include "engine/hunt/operators/filter_operator.hpp"
#include "engine/hunt/operators/join_operator.hpp"
#include "engine/hunt/operators/mv_expand_operator.hpp"
#include "engine/hunt/operators/project_operator.hpp"
#include "engine/hunt/operators/rows_operator.hpp"
#include "engine/hunt/operators/scan_operator.hpp"
#include "engine/hunt/operators/sort_operator.hpp"
#include "engine/hunt/operators/summarize_operator.hpp"
#include "engine/hunt/operators/take_operator.hpp"
#include "engine/hunt/operators/union_operator.hpp"

namespace vigil::engine::hunt {
namespace {

void conjuncts(const BoundExprPtr& e, std::vector<const BoundExpr*>& out) {
  if (e->kind == BoundExpr::Kind::kCall && e->function == "and") {
    conjuncts(e->args[0], out);
    conjuncts(e->args[1], out);
    return;
  }
  out.push_back(e.get());
}

// Narrows the scan with one conjunct of the `where` above it, when it has
// the shape `column <op> row-independent value`.
void push_down(const BoundExpr& term, const LogicalPlan& scan_plan, TableScan& scan, ExecContext& context) {
  if (term.kind != BoundExpr::Kind::kCall || term.args.size() != 2) return;
  const auto& column = *term.args[0];
  const auto& bound = *term.args[1];
  if (column.kind != BoundExpr::Kind::kColumn || !bound.row_independent) return;
  const auto& col = scan_plan.schema.columns[column.column];
  const std::string_view op = term.function;
  if (col.name == "Timestamp" && col.type == Type::kDateTime) {
    const Value v = evaluate(bound, {}, context);
    if (v.is_null() || v.type() != Type::kDateTime) return;
    const TimeMs t = v.as_long();
    if (op == ">=" || op == ">" || op == "==") scan.start = std::max(scan.start, t);
    if (op == "<=" || op == "<" || op == "==") scan.end = std::min(scan.end, t);
    return;
  }
  for (const auto& s : scan_plan.table->sources)
    if (s.shape != RowShape::kDefender) return;  // other shapes map fields: not pushed down
  if (op == "==" && col.type == Type::kString && bound.type == Type::kString) {
    // "" also matches a row without the field: not an equality the store can see.
    auto value = evaluate(bound, {}, context).as_string();
    if (!value.empty()) scan.equals.push_back({col.name, {std::move(value)}});
  }
}

// `Column in (values...)` with row-independent values, all strings: the
// column must equal one of them (toscalar() runs here, once, as it would
// on the first row).
void push_down_in(const BoundExpr& term, const LogicalPlan& scan_plan, TableScan& scan, ExecContext& context) {
  if (term.kind != BoundExpr::Kind::kCall || term.function != "in" || term.args.size() < 2) return;
  const auto& column = *term.args[0];
  if (column.kind != BoundExpr::Kind::kColumn || scan_plan.schema.columns[column.column].type != Type::kString) return;
  for (const auto& s : scan_plan.table->sources)
    if (s.shape != RowShape::kDefender) return;
  FieldEquals eq{scan_plan.schema.columns[column.column].name, {}};
  for (std::size_t i = 1; i < term.args.size(); ++i) {
    if (!term.args[i]->row_independent) return;
    const Value v = evaluate(*term.args[i], {}, context);
    if (v.type() == Type::kString && v.as_string().empty()) {
      return;  // "" also matches a row without the field
    } else if (v.type() == Type::kString) {
      eq.values.push_back(v.as_string());
    } else if (v.type() == Type::kDynamic && !v.is_null() && v.as_json().is_array()) {
      for (const auto& e : v.as_json()) {
        if (!e.is_string() || e.get_ref<const std::string&>().empty()) return;
        eq.values.push_back(e.get<std::string>());
      }
    } else {
      return;
    }
  }
  scan.equals.push_back(std::move(eq));
}

// `layout`: the scan's rows are compact, laid out so (its predicates are
// pushed down as bound, then remapped).
OperatorPtr scan(const LogicalPlan& plan, ExecContext& context, std::vector<BoundExprPtr> predicates,
                 std::optional<std::size_t> limit, const ColumnLayout* layout = nullptr) {
  TableScan request;
  for (const auto& s : plan.table->sources) request.datasets.push_back(s.selector);
  request.start = context.range_start();
  request.end = context.range_end();
  for (const auto& predicate : predicates) {
    std::vector<const BoundExpr*> terms;
    conjuncts(predicate, terms);
    for (const auto* t : terms) {
      push_down(*t, plan, request, context);
      push_down_in(*t, plan, request, context);
    }
  }
  if (layout != nullptr)
    for (auto& p : predicates) p = remap(p, *layout);
  return std::make_unique<ScanOperator>(plan, context, std::move(request), std::move(predicates), limit,
                                        layout != nullptr);
}

// The predicates of the `where`s stacked right on a table, bottom first,
// and the table; nullptr when `plan` is not such a stack.
const LogicalPlan* filtered_scan(const LogicalPlan& plan, std::vector<BoundExprPtr>& predicates) {
  if (plan.kind == LogicalPlan::Kind::kScan) return &plan;
  if (plan.kind != LogicalPlan::Kind::kFilter) return nullptr;
  const LogicalPlan* table = filtered_scan(*plan.inputs[0], predicates);
  if (table != nullptr) predicates.push_back(plan.predicate);
  return table;
}

// The operators of a table scan and the filters and projections over it,
// passing compact rows (column_layout.hpp), and the layout of the rows the
// top one yields; nullopt when `plan` is not such a chain or the columns
// read are not known.
struct CompactChain {
  OperatorPtr op;
  ColumnLayout layout;
};

std::optional<CompactChain> compact_chain(const LogicalPlan& plan, ExecContext& context) {
  std::vector<BoundExprPtr> predicates;
  if (const auto* table = filtered_scan(plan, predicates)) {
    const auto* read = context.read_columns(*table);
    if (read == nullptr) return std::nullopt;
    auto layout = ColumnLayout::of(*read);
    auto op = scan(*table, context, std::move(predicates), std::nullopt, &layout);
    return CompactChain{std::move(op), std::move(layout)};
  }
  if (plan.kind != LogicalPlan::Kind::kFilter && plan.kind != LogicalPlan::Kind::kProject) return std::nullopt;
  const auto* read = context.read_columns(plan);
  if (read == nullptr) return std::nullopt;
  auto input = compact_chain(*plan.inputs[0], context);
  if (!input) return std::nullopt;
  if (plan.kind == LogicalPlan::Kind::kFilter) {
    // A filter's rows are its input's: the same layout.
    input->op = std::make_unique<FilterOperator>(std::move(input->op), remap(plan.predicate, input->layout), context);
    return input;
  }
  // Columns passed on stay where they lie; computed ones are appended.
  ColumnLayout layout;
  layout.at.assign(plan.exprs.size(), ColumnLayout::kAbsent);
  layout.width = input->layout.width;
  std::vector<BoundExprPtr> computed;
  for (std::size_t i = 0; i < plan.exprs.size(); ++i) {
    if (!(*read)[i]) continue;
    const auto& e = plan.exprs[i];
    if (e->kind == BoundExpr::Kind::kColumn) {
      layout.at[i] = input->layout.at[e->column];
      continue;
    }
    computed.push_back(remap(e, input->layout));
    layout.at[i] = layout.width++;
  }
  return CompactChain{std::make_unique<AppendOperator>(std::move(input->op), std::move(computed), context),
                      std::move(layout)};
}

std::size_t row_count(const BoundExprPtr& count, ExecContext& context) {
  const Value v = evaluate(*count, {}, context);
  return v.is_null() || v.as_long() < 0 ? 0 : static_cast<std::size_t>(v.as_long());
}

}  // namespace

OperatorPtr plan_operators(const LogicalPlan& plan, ExecContext& context) {
  using Kind = LogicalPlan::Kind;
  const auto input = [&](std::size_t i = 0) { return plan_operators(*plan.inputs[i], context); };
  switch (plan.kind) {
    case Kind::kScan:
      return scan(plan, context, {}, std::nullopt);
    case Kind::kFilter: {
      std::vector<BoundExprPtr> predicates;
      if (const auto* table = filtered_scan(plan, predicates))
        return scan(*table, context, std::move(predicates), std::nullopt);
      return std::make_unique<FilterOperator>(input(), plan.predicate, context);
    }
    case Kind::kProject:
      return std::make_unique<ProjectOperator>(input(), plan.exprs, context);
    case Kind::kSummarize:
      // A summarize keeps none of its input's columns: what it reads can come compact.
      if (auto chain = compact_chain(*plan.inputs[0], context))
        return std::make_unique<SummarizeOperator>(std::move(chain->op), plan, context, &chain->layout);
      return std::make_unique<SummarizeOperator>(input(), plan, context);
    case Kind::kSort:
      return std::make_unique<SortOperator>(input(), plan.sort, context);
    case Kind::kTop:
      return std::make_unique<TakeOperator>(std::make_unique<SortOperator>(input(), plan.sort, context),
                                            row_count(plan.count, context));
    case Kind::kTake: {
      const auto n = row_count(plan.count, context);
      // A take over a table (or a filtered one) stops the scan once it has enough rows.
      std::vector<BoundExprPtr> predicates;
      if (const auto* table = filtered_scan(*plan.inputs[0], predicates))
        return scan(*table, context, std::move(predicates), n);
      return std::make_unique<TakeOperator>(input(), n);
    }
    case Kind::kDistinct:
      return std::make_unique<DistinctOperator>(input(), context);
    case Kind::kMvExpand:
      return std::make_unique<MvExpandOperator>(input(), plan);
    case Kind::kJoin:
      return std::make_unique<JoinOperator>(input(0), input(1), plan, context);
    case Kind::kUnion: {
      std::vector<OperatorPtr> legs;
      for (std::size_t i = 0; i < plan.inputs.size(); ++i) legs.push_back(input(i));
      return std::make_unique<UnionOperator>(std::move(legs), plan);
    }
    case Kind::kRows:
      return std::make_unique<RowsOperator>(std::make_shared<const std::vector<Row>>(plan.rows));
    case Kind::kMaterialize:
      // Computed on first use and shared by every later use in the query.
      if (!plan.cache->rows) plan.cache->rows = std::make_shared<const std::vector<Row>>(context.run(*plan.inputs[0]));
      return std::make_unique<RowsOperator>(plan.cache->rows);
  }
  return nullptr;
}

}  // namespace vigil::engine::hunt
