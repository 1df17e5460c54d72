#include "engine/hunt/binder.hpp"

#include <set>

#include "engine/hunt/aggregates.hpp"
#include "engine/hunt/catalog.hpp"

namespace vigil::engine::hunt {
namespace {

using K = TabularOperator::Kind;

std::shared_ptr<LogicalPlan> node(LogicalPlan::Kind kind, const PlanPtr& input) {
  auto p = std::make_shared<LogicalPlan>();
  p->kind = kind;
  if (input) {
    p->inputs.push_back(input);
    p->schema = input->schema;
  }
  return p;
}

std::string op_name(const TabularOperator& op) { return op.word; }

// Kusto's glob for project-away and project-reorder: '*' matches any run.
bool glob(std::string_view pattern, std::string_view name) {
  if (pattern.empty()) return name.empty();
  if (pattern.front() == '*') {
    for (std::size_t i = 0; i <= name.size(); ++i)
      if (glob(pattern.substr(1), name.substr(i))) return true;
    return false;
  }
  return !name.empty() && pattern.front() == name.front() && glob(pattern.substr(1), name.substr(1));
}

// A name not yet in `schema`: Kusto appends 1, 2, ... to a repeated column.
std::string unique_name(const Schema& schema, const std::string& name) {
  if (!schema.find(name)) return name;
  for (int i = 1;; ++i)
    if (const auto candidate = name + std::to_string(i); !schema.find(candidate)) return candidate;
}

const std::vector<std::string>& join_kinds() {
  static const std::vector<std::string> kinds = {"innerunique", "inner",     "leftouter", "rightouter", "fullouter",
                                                 "leftanti",    "anti",      "leftantisemi", "rightanti", "rightantisemi",
                                                 "leftsemi",    "rightsemi"};
  return kinds;
}

}  // namespace

PlanPtr select_columns(const PlanPtr& input, const std::vector<std::size_t>& indices,
                       const std::vector<std::string>& names) {
  auto p = node(LogicalPlan::Kind::kProject, input);
  p->schema.columns.clear();
  for (std::size_t i = 0; i < indices.size(); ++i) {
    const auto& c = input->schema.columns[indices[i]];
    p->schema.columns.push_back({names.empty() ? c.name : names[i], c.type});
    p->exprs.push_back(ExpressionBinder::column(indices[i], c.type));
  }
  return p;
}

PlanPtr with_column(const PlanPtr& input, const std::string& name, BoundExprPtr value) {
  auto p = node(LogicalPlan::Kind::kProject, input);
  for (std::size_t i = 0; i < input->schema.size(); ++i)
    p->exprs.push_back(ExpressionBinder::column(i, input->schema.columns[i].type));
  if (const auto i = input->schema.find(name)) {
    p->schema.columns[*i].type = value->type;
    p->exprs[*i] = std::move(value);
  } else {
    p->schema.columns.push_back({name, value->type});
    p->exprs.push_back(std::move(value));
  }
  return p;
}

Binder::Binder(HuntSource& source)
    : source_(source), exprs_(lets_, [this](const Expr& e) { return bind_table(e); }) {}

PlanPtr Binder::bind(const QueryAst& query) {
  for (const auto& let : query.lets) {
    if (exprs_.is_tabular(*let.value)) {
      auto plan = bind_table(*let.value);
      lets_.scalars.erase(let.name);
      lets_.tables[let.name] = std::move(plan);
    } else {
      auto value = exprs_.bind(*let.value, Schema{}, "let");
      lets_.tables.erase(let.name);
      lets_.scalars[let.name] = std::move(value);
    }
  }
  return bind_table(*query.body);
}

PlanPtr Binder::table_scan(const Expr& name) {
  if (const auto it = lets_.tables.find(name.name); it != lets_.tables.end()) return it->second;
  const TableDefinition* table = find_table(name.name);
  if (table == nullptr) ExpressionBinder::unresolved(name.at, name.name);
  auto found = fields_.find(table->name);
  if (found == fields_.end()) {
    std::vector<DatasetSelector> selectors;
    for (const auto& s : table->sources)
      if (s.shape == RowShape::kDefender) selectors.push_back(s.selector);
    found = fields_.emplace(table->name, source_.fields(selectors)).first;
  }
  auto p = node(LogicalPlan::Kind::kScan, nullptr);
  p->table = table;
  p->schema = table_schema(*table, found->second);
  return p;
}

PlanPtr Binder::bind_table(const Expr& expr) {
  switch (expr.kind) {
    case Expr::Kind::kName:
      return table_scan(expr);
    case Expr::Kind::kCall:
      if (expr.name == "materialize" && expr.args.size() == 1) {
        auto p = node(LogicalPlan::Kind::kMaterialize, bind_table(*expr.args[0]));
        p->cache = std::make_shared<LogicalPlan::Cache>();
        return p;
      }
      break;
    case Expr::Kind::kPipeline: {
      PlanPtr plan = bind_table(*expr.args[0]);
      for (const auto& op : expr.ops) plan = bind_operator(std::move(plan), *op);
      return plan;
    }
    default:
      break;
  }
  ExpressionBinder::fail(expr.at, "A tabular expression is expected here");
}

PlanPtr Binder::bind_operator(PlanPtr input, const TabularOperator& op) {
  const std::string name = op_name(op);
  switch (op.kind) {
    case K::kWhere: {
      auto p = node(LogicalPlan::Kind::kFilter, input);
      p->predicate = exprs_.bind(*op.predicate, input->schema, name);
      if (p->predicate->type != Type::kBool && p->predicate->type != Type::kDynamic)
        ExpressionBinder::fail(op.predicate->at, "'" + name + "' operator: the predicate must be of type bool, not " +
                                                     std::string(type_name(p->predicate->type)));
      return p;
    }
    case K::kProject:
      return project(input, op);
    case K::kExtend:
      return extend(input, op.items, name);
    case K::kProjectAway:
      return project_away(input, op);
    case K::kProjectRename:
      return project_rename(input, op);
    case K::kProjectReorder:
      return project_reorder(input, op);
    case K::kSummarize:
      return summarize(input, op);
    case K::kDistinct:
      return distinct(input, op);
    case K::kTake:
    case K::kTop:
    case K::kSort:
      return sorted(input, op);
    case K::kCount: {
      auto p = node(LogicalPlan::Kind::kSummarize, input);
      p->schema.columns = {{"Count", Type::kLong}};
      p->aggregates.push_back({"count", {}, {}, Type::kLong});
      return p;
    }
    case K::kMvExpand:
      return mv_expand(input, op);
    case K::kJoin:
      return join(input, op);
    case K::kUnion:
      return union_of(input, op);
    case K::kGetSchema:
      return getschema(input);
  }
  ExpressionBinder::fail(op.at, "'" + name + "' operator: not supported");
}

PlanPtr Binder::project(PlanPtr input, const TabularOperator& op) {
  auto p = node(LogicalPlan::Kind::kProject, input);
  p->schema.columns.clear();
  int unnamed = 0;
  for (const auto& item : op.items) {
    auto bound = exprs_.bind(*item.expr, input->schema, op.word);
    std::string name = item.name ? *item.name : derived_name(*item.expr).value_or("");
    if (name.empty()) name = "Column" + std::to_string(++unnamed);
    if (p->schema.find(name))
      ExpressionBinder::fail(item.expr->at, "'project' operator: column '" + name + "' is projected more than once");
    p->schema.columns.push_back({name, bound->type});
    p->exprs.push_back(std::move(bound));
  }
  return p;
}

PlanPtr Binder::extend(PlanPtr input, const std::vector<NamedExpr>& items, std::string_view op) {
  // One projection per item, so that later items see earlier ones, as in Kusto.
  int unnamed = 0;
  for (const auto& item : items) {
    auto bound = exprs_.bind(*item.expr, input->schema, op);
    std::string name = item.name ? *item.name : derived_name(*item.expr).value_or("");
    if (name.empty()) name = "Column" + std::to_string(++unnamed);
    input = with_column(input, name, std::move(bound));
  }
  return input;
}

PlanPtr Binder::project_away(PlanPtr input, const TabularOperator& op) {
  std::set<std::size_t> away;
  for (std::size_t n = 0; n < op.names.size(); ++n) {
    bool matched = false;
    for (std::size_t i = 0; i < input->schema.size(); ++i)
      if (glob(op.names[n], input->schema.columns[i].name)) matched = away.insert(i).second || true;
    if (!matched && op.names[n].find('*') == std::string::npos)
      ExpressionBinder::unresolved(op.name_positions[n], op.names[n]);
  }
  std::vector<std::size_t> kept;
  for (std::size_t i = 0; i < input->schema.size(); ++i)
    if (!away.contains(i)) kept.push_back(i);
  return select_columns(input, kept);
}

PlanPtr Binder::project_rename(PlanPtr input, const TabularOperator& op) {
  std::vector<std::size_t> all;
  std::vector<std::string> names;
  for (std::size_t i = 0; i < input->schema.size(); ++i) {
    all.push_back(i);
    names.push_back(input->schema.columns[i].name);
  }
  for (const auto& item : op.items) {
    if (!item.name || item.expr->kind != Expr::Kind::kName)
      ExpressionBinder::fail(item.expr->at, "'project-rename' operator: expects NewName = ExistingColumn");
    const auto i = input->schema.find(item.expr->name);
    if (!i) ExpressionBinder::unresolved(item.expr->at, item.expr->name);
    names[*i] = *item.name;
  }
  return select_columns(input, all, names);
}

PlanPtr Binder::project_reorder(PlanPtr input, const TabularOperator& op) {
  std::vector<std::size_t> order;
  std::set<std::size_t> placed;
  for (std::size_t n = 0; n < op.names.size(); ++n) {
    bool matched = false;
    for (std::size_t i = 0; i < input->schema.size(); ++i) {
      if (!glob(op.names[n], input->schema.columns[i].name)) continue;
      matched = true;
      if (placed.insert(i).second) order.push_back(i);
    }
    if (!matched && op.names[n].find('*') == std::string::npos)
      ExpressionBinder::unresolved(op.name_positions[n], op.names[n]);
  }
  for (std::size_t i = 0; i < input->schema.size(); ++i)
    if (!placed.contains(i)) order.push_back(i);
  return select_columns(input, order);
}

PlanPtr Binder::summarize(PlanPtr input, const TabularOperator& op) {
  auto p = node(LogicalPlan::Kind::kSummarize, input);
  p->schema.columns.clear();
  int unnamed = 0;
  for (const auto& item : op.by) {
    auto bound = exprs_.bind(*item.expr, input->schema, "summarize");
    std::string name = item.name ? *item.name : derived_name(*item.expr).value_or("");
    if (name.empty()) name = "Column" + std::to_string(++unnamed);
    p->schema.columns.push_back({unique_name(p->schema, name), bound->type});
    p->keys.push_back(std::move(bound));
  }
  for (const auto& item : op.items) {
    const Expr& call = *item.expr;
    const AggregateFunction* f = call.kind == Expr::Kind::kCall ? find_aggregate(call.name) : nullptr;
    if (f == nullptr)
      ExpressionBinder::fail(call.at, "'summarize' operator: expects an aggregate function such as count() or dcount()");
    const bool carries = call.name == "arg_min" || call.name == "arg_max";
    const int n = static_cast<int>(call.args.size());
    if (n < f->min_args || n > f->max_args)
      ExpressionBinder::fail(call.at, "'summarize' operator: aggregate '" + call.name + "' expects " +
                                          std::to_string(f->min_args) + (f->min_args == f->max_args ? "" : " or more") +
                                          " arguments, got " + std::to_string(n));
    AggregateSpec spec{call.name, {}, {}, Type::kLong};
    std::vector<std::string> carried_names;
    for (int i = 0; i < n; ++i) {
      const Expr& arg = *call.args[static_cast<std::size_t>(i)];
      if (carries && i > 0) {
        if (arg.kind == Expr::Kind::kStar) {
          for (std::size_t c = 0; c < input->schema.size(); ++c) {
            const auto& col = input->schema.columns[c];
            if (p->schema.find(col.name) || derived_name(*call.args[0]) == col.name) continue;
            spec.carried.push_back(ExpressionBinder::column(c, col.type));
            carried_names.push_back(col.name);
          }
          continue;
        }
        spec.carried.push_back(exprs_.bind(arg, input->schema, "summarize"));
        carried_names.push_back(derived_name(arg).value_or("Column" + std::to_string(++unnamed)));
        continue;
      }
      spec.args.push_back(exprs_.bind(arg, input->schema, "summarize"));
    }
    std::vector<Type> types;
    for (const auto& a : spec.args) types.push_back(a->type);
    std::string error;
    spec.type = f->result(types, error);
    if (!error.empty()) ExpressionBinder::fail(call.at, "'summarize' operator: '" + call.name + "': " + error);
    std::string name;
    if (item.name) name = *item.name;
    else if (carries) name = derived_name(*call.args[0]).value_or(std::string(f->column_prefix) + "_");
    else if (call.args.empty() || call.name == "countif") name = std::string(f->column_prefix) + "_";
    else name = std::string(f->column_prefix) + "_" + derived_name(*call.args[0]).value_or("");
    p->schema.columns.push_back({unique_name(p->schema, name), spec.type});
    for (std::size_t c = 0; c < spec.carried.size(); ++c)
      p->schema.columns.push_back({unique_name(p->schema, carried_names[c]), spec.carried[c]->type});
    p->aggregates.push_back(std::move(spec));
  }
  return p;
}

PlanPtr Binder::distinct(PlanPtr input, const TabularOperator& op) {
  if (!(op.items.size() == 1 && op.items[0].expr->kind == Expr::Kind::kStar)) {
    std::vector<std::size_t> columns;
    for (const auto& item : op.items) {
      if (item.name || item.expr->kind != Expr::Kind::kName)
        ExpressionBinder::fail(item.expr->at, "'distinct' operator: expects column names or *");
      const auto i = input->schema.find(item.expr->name);
      if (!i) ExpressionBinder::unresolved(item.expr->at, item.expr->name);
      columns.push_back(*i);
    }
    input = select_columns(input, columns);
  }
  return node(LogicalPlan::Kind::kDistinct, input);
}

PlanPtr Binder::sorted(PlanPtr input, const TabularOperator& op) {
  const std::string name = op_name(op);
  auto p = node(op.kind == K::kTake ? LogicalPlan::Kind::kTake
                                    : (op.kind == K::kTop ? LogicalPlan::Kind::kTop : LogicalPlan::Kind::kSort),
                input);
  if (op.count) {
    p->count = exprs_.bind(*op.count, Schema{}, name);
    if (!p->count->row_independent || (p->count->type != Type::kLong && p->count->type != Type::kInt))
      ExpressionBinder::fail(op.count->at, "'" + name + "' operator: expects a constant number of rows");
  }
  for (const auto& key : op.sort) {
    BoundSortKey k;
    k.expr = exprs_.bind(*key.expr, input->schema, name);
    k.descending = key.descending;
    // Kusto puts nulls last when descending and first when ascending, unless told.
    k.nulls_first = key.nulls_first.value_or(!key.descending);
    p->sort.push_back(std::move(k));
  }
  return p;
}

PlanPtr Binder::mv_expand(PlanPtr input, const TabularOperator& op) {
  std::vector<std::string> targets;
  for (const auto& item : op.items) {
    std::string name = item.name ? *item.name : derived_name(*item.expr).value_or("");
    if (name.empty()) ExpressionBinder::fail(item.expr->at, "'" + op.word + "' operator: expects Name = expression");
    targets.push_back(name);
    if (!item.name && item.expr->kind == Expr::Kind::kName) {
      if (!input->schema.find(name)) ExpressionBinder::unresolved(item.expr->at, name);
      continue;  // expands the column in place
    }
    // A computed item becomes a column first, as extend would make it.
    input = with_column(input, name, exprs_.bind(*item.expr, input->schema, op.word));
  }
  auto p = node(LogicalPlan::Kind::kMvExpand, input);
  p->expand_limit = op.limit;
  if (op.type_of) {
    p->expand_type = type_from_name(*op.type_of);
    if (!p->expand_type) ExpressionBinder::fail(op.at, "'" + op.word + "' operator: unknown type '" + *op.type_of + "'");
  }
  for (const auto& t : targets) {
    const auto i = *p->schema.find(t);
    if (p->schema.columns[i].type != Type::kDynamic)
      ExpressionBinder::fail(op.at, "'" + op.word + "' operator: expects a dynamic column, '" + t + "' is " +
                                        std::string(type_name(p->schema.columns[i].type)));
    p->expand.push_back(i);
    p->schema.columns[i].type = p->expand_type.value_or(Type::kDynamic);
  }
  return p;
}

PlanPtr Binder::join(PlanPtr left, const TabularOperator& op) {
  if (std::find(join_kinds().begin(), join_kinds().end(), op.join_kind) == join_kinds().end())
    ExpressionBinder::fail(op.at, "'join' operator: unknown join kind '" + op.join_kind + "'");
  PlanPtr right = bind_table(*op.right);
  auto p = node(LogicalPlan::Kind::kJoin, left);
  p->inputs.push_back(right);
  p->join_kind = op.join_kind == "anti" || op.join_kind == "leftantisemi" ? "leftanti"
                 : op.join_kind == "rightantisemi"                        ? "rightanti"
                                                                          : op.join_kind;
  const auto side_column = [&](const Expr& e, std::string_view side, const PlanPtr& plan) {
    if (e.kind != Expr::Kind::kMember || e.args[0]->kind != Expr::Kind::kName || e.args[0]->name != side)
      ExpressionBinder::fail(e.at, "'join' operator: expects $left.column == $right.column");
    const auto i = plan->schema.find(e.name);
    if (!i) ExpressionBinder::unresolved(e.at, e.name);
    return *i;
  };
  for (const auto& key : op.on) {
    std::size_t l = 0, r = 0;
    if (key->kind == Expr::Kind::kName) {
      const auto li = left->schema.find(key->name);
      const auto ri = right->schema.find(key->name);
      if (!li || !ri) ExpressionBinder::unresolved(key->at, key->name);
      l = *li;
      r = *ri;
    } else if (key->kind == Expr::Kind::kBinary && key->op == "==") {
      l = side_column(*key->args[0], "$left", left);
      r = side_column(*key->args[1], "$right", right);
    } else {
      ExpressionBinder::fail(key->at, "'join' operator: expects column names or $left.x == $right.y");
    }
    const Type lt = left->schema.columns[l].type;
    const Type rt = right->schema.columns[r].type;
    if (lt != rt && !(is_numeric(lt) && is_numeric(rt)))
      ExpressionBinder::fail(key->at, "'join' operator: key columns have different types: " +
                                          std::string(type_name(lt)) + " and " + std::string(type_name(rt)));
    p->left_keys.push_back(l);
    p->right_keys.push_back(r);
  }
  const auto& kind = p->join_kind;
  if (kind == "leftanti" || kind == "leftsemi") return p;
  if (kind == "rightanti" || kind == "rightsemi") {
    p->schema = right->schema;
    return p;
  }
  for (const auto& c : right->schema.columns) p->schema.columns.push_back({unique_name(p->schema, c.name), c.type});
  return p;
}

PlanPtr Binder::union_of(PlanPtr first, const TabularOperator& op) {
  auto p = node(LogicalPlan::Kind::kUnion, nullptr);
  std::vector<PlanPtr> legs{first};
  for (const auto& t : op.tables) legs.push_back(bind_table(*t));
  for (const auto& leg : legs)
    for (const auto& c : leg->schema.columns) {
      if (const auto i = p->schema.find(c.name)) {
        if (p->schema.columns[*i].type != c.type) p->schema.columns[*i].type = Type::kDynamic;
      } else {
        p->schema.columns.push_back(c);
      }
    }
  for (const auto& leg : legs) {
    std::vector<std::optional<std::size_t>> map;
    for (const auto& c : p->schema.columns) map.push_back(leg->schema.find(c.name));
    p->union_maps.push_back(std::move(map));
    p->inputs.push_back(leg);
  }
  return p;
}

PlanPtr Binder::getschema(PlanPtr input) {
  auto p = node(LogicalPlan::Kind::kRows, nullptr);
  p->schema.columns = {{"ColumnName", Type::kString},
                       {"ColumnOrdinal", Type::kInt},
                       {"DataType", Type::kString},
                       {"ColumnType", Type::kString}};
  for (std::size_t i = 0; i < input->schema.size(); ++i) {
    const auto& c = input->schema.columns[i];
    p->rows.push_back({Value::string(c.name), Value::integer(static_cast<std::int32_t>(i)),
                       Value::string("System." + std::string(api_type_name(c.type))),
                       Value::string(std::string(type_name(c.type)))});
  }
  return p;
}

}  // namespace vigil::engine::hunt
