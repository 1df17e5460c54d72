#include "engine/analytics/group_facts.hpp"

#include <algorithm>

namespace vigil::engine::analytics {

GroupFacts::GroupFacts(StringPool& pool, const AggregationSpec& spec)
    : pool_(&pool),
      spec_(&spec),
      sets_(spec.value_sets.size()),
      evidence_(spec.evidence ? spec.evidence->start(pool, spec) : nullptr) {}

std::vector<std::string_view> GroupFacts::columns_read(const AggregationSpec& spec) {
  std::vector<std::string_view> columns(spec.value_sets.begin(), spec.value_sets.end());
  if (spec.evidence) {
    const auto read = spec.evidence->columns_read();
    columns.insert(columns.end(), read.begin(), read.end());
  }
  return columns;
}

void GroupFacts::add(const ColumnRow& row, TimeMs t) {
  first_ = rows_ == 0 ? t : std::min(first_, t);
  last_ = rows_ == 0 ? t : std::max(last_, t);
  ++rows_;
  std::string_view kept_distinct;
  if (spec_->distinct_field) {
    distinct_count_.reset();
    if (const auto value = row.text(*spec_->distinct_field)) {
      distinct_values_.push_back(pool_->keep(*value));
      kept_distinct = distinct_values_.back();
    }
  }
  for (std::size_t i = 0; i < sets_.size(); ++i) {
    if (const auto value = row.text(spec_->value_sets[i])) sets_[i].insert(pool_->intern(*value));
  }
  if (evidence_) evidence_->add(row, t, kept_distinct);
}

void GroupFacts::merge(GroupFacts&& other) {
  if (other.rows_ == 0) return;
  first_ = rows_ == 0 ? other.first_ : std::min(first_, other.first_);
  last_ = rows_ == 0 ? other.last_ : std::max(last_, other.last_);
  rows_ += other.rows_;
  distinct_values_.insert(distinct_values_.end(), other.distinct_values_.begin(), other.distinct_values_.end());
  distinct_count_.reset();
  for (std::size_t i = 0; i < sets_.size(); ++i) sets_[i].merge(other.sets_[i]);
  if (evidence_ && other.evidence_) evidence_->merge(std::move(*other.evidence_));
}

std::int64_t GroupFacts::metric() const {
  if (!spec_->distinct_field) return rows_;
  if (!distinct_count_) distinct_count_ = static_cast<std::int64_t>(distinct_values().size());
  return *distinct_count_;
}

std::vector<std::string_view> GroupFacts::distinct_values() const {
  auto values = distinct_values_;
  std::sort(values.begin(), values.end());
  values.erase(std::unique(values.begin(), values.end()), values.end());
  return values;
}

nlohmann::json GroupFacts::value_sets() const {
  auto sets = nlohmann::json::object();
  for (std::size_t i = 0; i < sets_.size(); ++i) sets[spec_->value_sets[i]] = sets_[i];
  return sets;
}

}  // namespace vigil::engine::analytics
