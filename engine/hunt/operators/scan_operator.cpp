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
// Room in each row for the columns a projection above appends (append_operator.hpp).
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

Row& ScanOperator::free_row() {
  if (filled_ == rows_.size()) rows_.emplace_back();
  return rows_[filled_].row;
}

bool ScanOperator::accept() {
  auto& held = rows_[filled_];
  for (const auto& p : predicates_)
    if (!is_true(evaluate(*p, held.row, context_))) return true;
  held.bytes = row_bytes(held.row);
  context_.charge(held.bytes);
  charged_ += held.bytes;
  ++filled_;
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
  next_ = 0;
  filled_ = 0;
  const bool from_fields = context_.source().scan_fields(scan_, fields_, [&](const FieldRow& fields) {
    if (!take(fields.timestamp)) return !more;
    Row& row = free_row();
    if (compact_) {
      row.reserve(field_columns_.size() + kSpareColumns);
      row.resize(field_columns_.size());
      for (std::size_t i = 0; i < field_columns_.size(); ++i)
        assign_field_value(row[i], fields.values[i], schema.columns[field_columns_[i]].type);
      return accept();
    }
    row.reserve(schema.size() + kSpareColumns);
    row.assign(null_row_.begin(), null_row_.end());
    for (std::size_t i = 0; i < field_columns_.size(); ++i) {
      const auto column = field_columns_[i];
      assign_field_value(row[column], fields.values[i], schema.columns[column].type);
    }
    return accept();
  });
  if (!from_fields) {
    context_.source().scan(scan_, [&](const StoredEvent& event) {
      if (!take(event.timestamp.value_or(scan_.start))) return !more;
      const auto doc = parse_json(event.document, false);  // simdjson underneath: the scan's main cost
      if (doc.is_discarded()) return true;
      const auto shape = shape_of(*plan_.table, doc);
      if (!shape) return true;
      Row row = document_row(doc, *shape, schema, read_);
      Row& kept = free_row();
      if (compact_) {
        kept.clear();
        for (const auto column : field_columns_) kept.push_back(std::move(row[column]));
      } else {
        kept = std::move(row);
      }
      return accept();
    });
  }
  scan_.start = last;
  skip_ = at_last;
  done_ = !more || (limit_ && produced_ >= *limit_);
}

bool ScanOperator::next_into(Row& row) {
  while (next_ == filled_) {
    if (done_) return false;
    fetch();
  }
  auto& held = rows_[next_++];
  std::swap(row, held.row);  // the consumer's row is refilled by the next chunk
  context_.charge(-held.bytes);
  charged_ -= held.bytes;
  return true;
}

}  // namespace vigil::engine::hunt
