#include "engine/hunt/operators/scan_operator.hpp"

#include "engine/hunt/evaluator.hpp"
#include "engine/hunt/table_rows.hpp"

namespace vigil::engine::hunt {
namespace {

std::int64_t row_bytes(const Row& row) {
  std::int64_t bytes = 0;
  for (const auto& v : row) bytes += static_cast<std::int64_t>(v.footprint());
  return bytes;
}

// The shape of a stored event's rows: that of the first source whose dataset it carries.
RowShape shape_of(const TableDefinition& table, const nlohmann::json& doc) {
  const auto* event = doc.is_object() ? &doc : nullptr;
  std::string dataset;
  if (event != nullptr) {
    const auto e = event->find("event");
    if (e != event->end() && e->is_object()) {
      const auto d = e->find("dataset");
      if (d != e->end() && d->is_string()) dataset = d->get<std::string>();
    }
  }
  for (const auto& s : table.sources)
    if (s.selector.dataset == dataset) return s.shape;
  return RowShape::kDefender;
}

}  // namespace

ScanOperator::ScanOperator(const LogicalPlan& plan, ExecContext& context, TableScan scan, BoundExprPtr predicate,
                           std::optional<std::size_t> limit)
    : plan_(plan), context_(context), scan_(std::move(scan)), predicate_(std::move(predicate)), limit_(limit) {}

void ScanOperator::run() {
  context_.source().scan(scan_, [&](const StoredEvent& event) {
    context_.check_deadline();
    context_.count_scanned();
    const auto doc = nlohmann::json::parse(event.document, nullptr, false);
    if (doc.is_discarded()) return true;
    Row row = document_row(doc, shape_of(*plan_.table, doc), plan_.schema);
    if (predicate_ && !is_true(evaluate(*predicate_, row, context_))) return true;
    context_.charge(row_bytes(row));
    rows_.push_back(std::move(row));
    return !limit_ || rows_.size() < *limit_;
  });
}

std::optional<Row> ScanOperator::next() {
  if (!ran_) {
    ran_ = true;
    run();
  }
  if (rows_.empty()) return std::nullopt;
  Row row = std::move(rows_.front());
  rows_.pop_front();
  context_.charge(-row_bytes(row));
  return row;
}

}  // namespace vigil::engine::hunt
