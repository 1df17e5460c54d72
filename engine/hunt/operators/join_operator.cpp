#include "engine/hunt/operators/join_operator.hpp"

namespace vigil::engine::hunt {
namespace {

Row nulls_of(const Schema& schema, std::size_t from, std::size_t count) {
  Row out;
  for (std::size_t i = 0; i < count; ++i) out.push_back(Value::null(schema.columns[from + i].type));
  return out;
}

}  // namespace

JoinOperator::JoinOperator(OperatorPtr left, OperatorPtr right, const LogicalPlan& plan, ExecContext& context)
    : left_(std::move(left)), right_(std::move(right)), plan_(plan), context_(context) {}

JoinOperator::~JoinOperator() { context_.charge(-charged_); }

Row JoinOperator::key_of(const Row& row, const std::vector<std::size_t>& keys) const {
  Row key;
  key.reserve(keys.size());
  for (const auto k : keys) key.push_back(row[k]);
  return key;
}

void JoinOperator::build() {
  left_width_ = plan_.inputs[0]->schema.size();
  while (auto row = right_->next()) {
    context_.check_deadline();
    std::int64_t bytes = 96;
    for (const auto& v : *row) bytes += static_cast<std::int64_t>(v.footprint());
    context_.charge(bytes);
    charged_ += bytes;
    table_[key_of(*row, plan_.right_keys)].push_back(right_rows_.size());
    right_rows_.push_back(std::move(*row));
  }
  right_matched_.assign(right_rows_.size(), false);
}

void JoinOperator::finish_right() {
  const auto& kind = plan_.join_kind;
  for (std::size_t i = 0; i < right_rows_.size(); ++i) {
    if (kind == "rightsemi" && right_matched_[i]) pending_.push_back(right_rows_[i]);
    if (kind == "rightanti" && !right_matched_[i]) pending_.push_back(right_rows_[i]);
    if ((kind == "rightouter" || kind == "fullouter") && !right_matched_[i]) {
      Row out = nulls_of(plan_.inputs[0]->schema, 0, left_width_);
      out.insert(out.end(), right_rows_[i].begin(), right_rows_[i].end());
      pending_.push_back(std::move(out));
    }
  }
}

std::optional<Row> JoinOperator::next() {
  if (!built_) {
    built_ = true;
    build();
  }
  const auto& kind = plan_.join_kind;
  const bool right_output = kind == "rightsemi" || kind == "rightanti";
  while (pending_.empty()) {
    if (left_done_) return std::nullopt;
    auto row = left_->next();
    if (!row) {
      left_done_ = true;
      finish_right();
      continue;
    }
    context_.check_deadline();
    Row key = key_of(*row, plan_.left_keys);
    if (kind == "innerunique") {
      if (left_seen_.contains(key)) continue;
      left_seen_.insert(key);
    }
    const auto found = table_.find(key);
    const bool matched = found != table_.end();
    if (matched)
      for (const auto i : found->second) right_matched_[i] = true;
    if (kind == "leftanti") {
      if (!matched) pending_.push_back(std::move(*row));
      continue;
    }
    if (kind == "leftsemi") {
      if (matched) pending_.push_back(std::move(*row));
      continue;
    }
    if (right_output) continue;
    if (matched) {
      for (const auto i : found->second) {
        Row out = *row;
        out.insert(out.end(), right_rows_[i].begin(), right_rows_[i].end());
        pending_.push_back(std::move(out));
      }
    } else if (kind == "leftouter" || kind == "fullouter") {
      Row out = std::move(*row);
      const auto tail = nulls_of(plan_.schema, left_width_, plan_.schema.size() - left_width_);
      out.insert(out.end(), tail.begin(), tail.end());
      pending_.push_back(std::move(out));
    }
  }
  Row out = std::move(pending_.front());
  pending_.pop_front();
  return out;
}

}  // namespace vigil::engine::hunt
