#include "engine/hunt/operators/scan_operator.hpp"

#include <algorithm>

#include "engine/event/field_lookup.hpp"
#include "engine/event/json_parse.hpp"
#include "engine/hunt/evaluator.hpp"
#include "engine/hunt/table_rows.hpp"

namespace vigil::engine::hunt {
namespace {

std::int64_t row_bytes(const Row& row) {
  std::int64_t bytes = 0;
  for (const auto& v : row) bytes += static_cast<std::int64_t>(v.footprint());
  return bytes;
}

// The shape of a stored event's rows: that of the table's source whose
// dataset (and event code, when the source names codes) the event carries;
// nullopt when none does (a Sysmon event other than a process start).
std::optional<RowShape> shape_of(const TableDefinition& table, const nlohmann::json& doc) {
  const auto* dataset = find_field(doc, "event.dataset");
  if (dataset == nullptr || !dataset->is_string()) return RowShape::kDefender;
  const auto* code = find_field(doc, "event.code");
  for (const auto& s : table.sources) {
    if (s.selector.dataset != dataset->get_ref<const std::string&>()) continue;
    if (s.selector.codes.empty()) return s.shape;
    if (code != nullptr && code->is_string() &&
        std::find(s.selector.codes.begin(), s.selector.codes.end(), code->get<std::string>()) != s.selector.codes.end())
      return s.shape;
    return std::nullopt;
  }
  return RowShape::kDefender;
}

}  // namespace

// Events read per chunk: bounds what a scan holds between two next() calls.
constexpr std::size_t kChunkEvents = 4096;
// Room in each row for the columns an extend above appends in place (project_operator.cpp).
constexpr std::size_t kSpareColumns = 4;

ScanOperator::ScanOperator(const LogicalPlan& plan, ExecContext& context, TableScan scan,
                           std::vector<BoundExprPtr> predicates, std::optional<std::size_t> limit, bool compact)
    : plan_(plan),
      context_(context),
      scan_(std::move(scan)),
      predicates_(std::move(predicates)),
      limit_(limit),
      read_(context.read_columns(plan)),
      compact_(compact) {
  null_row_.reserve(plan_.schema.size());
  for (const auto& c : plan_.schema.columns) null_row_.push_back(Value::null(c.type));
  for (std::size_t i = 0; i < plan_.schema.size(); ++i) {
    if (read_ != nullptr && !(*read_)[i]) continue;
    fields_.push_back(plan_.schema.columns[i].name);
    field_columns_.push_back(i);
  }
}

ScanOperator::~ScanOperator() { context_.charge(-charged_); }

bool ScanOperator::accept(Row row) {
  for (const auto& p : predicates_)
    if (!is_true(evaluate(*p, row, context_))) return true;
  const auto bytes = row_bytes(row);
  context_.charge(bytes);
  charged_ += bytes;
  rows_.push_back({std::move(row), bytes});
  ++produced_;
  return !(limit_ && produced_ >= *limit_);
}

void ScanOperator::fetch() {
  std::size_t events = 0;
  std::size_t skip = skip_;
  TimeMs last = scan_.start;
  std::size_t at_last = skip_;  // events read at `last`, including those skipped
  bool more = false;
  // Whether the event at `t` is one to read: not already read by the
  // previous chunk, and within this chunk.
  const auto take = [&](TimeMs t) {
    if (skip > 0 && t == scan_.start) {
      --skip;
      return false;
    }
    if (events == kChunkEvents) {
      more = true;
      return false;
    }
    ++events;
    at_last = t == last ? at_last + 1 : 1;
    last = t;
    context_.check_deadline();
    context_.count_scanned();
    return true;
  };
  const auto& schema = plan_.schema;
  const bool from_fields = context_.source().scan_fields(scan_, fields_, [&](const FieldRow& fields) {
    if (!take(fields.timestamp)) return !more;
    Row row;
    if (compact_) {
      row.reserve(field_columns_.size() + kSpareColumns);
      for (std::size_t i = 0; i < field_columns_.size(); ++i)
        row.push_back(field_value(fields.values[i], schema.columns[field_columns_[i]].type));
      return accept(std::move(row));
    }
    row.reserve(schema.size() + kSpareColumns);
    row.assign(null_row_.begin(), null_row_.end());
    for (std::size_t i = 0; i < field_columns_.size(); ++i) {
      const auto column = field_columns_[i];
      row[column] = field_value(fields.values[i], schema.columns[column].type);
    }
    return accept(std::move(row));
  });
  if (!from_fields) {
    context_.source().scan(scan_, [&](const StoredEvent& event) {
      if (!take(event.timestamp.value_or(scan_.start))) return !more;
      const auto doc = parse_json(event.document, false);  // simdjson underneath: the scan's main cost
      if (doc.is_discarded()) return true;
      const auto shape = shape_of(*plan_.table, doc);
      if (!shape) return true;
      Row row = document_row(doc, *shape, schema, read_);
      if (compact_) {
        Row read;
        for (const auto column : field_columns_) read.push_back(std::move(row[column]));
        row = std::move(read);
      }
      return accept(std::move(row));
    });
  }
  scan_.start = last;
  skip_ = at_last;
  done_ = !more || (limit_ && produced_ >= *limit_);
}

std::optional<Row> ScanOperator::next() {
  while (rows_.empty()) {
    if (done_) return std::nullopt;
    fetch();
  }
  auto [row, bytes] = std::move(rows_.front());
  rows_.pop_front();
  context_.charge(-bytes);
  charged_ -= bytes;
  return std::move(row);
}

}  // namespace vigil::engine::hunt
