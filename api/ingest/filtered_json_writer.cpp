#include "api/ingest/filtered_json_writer.hpp"

#include <charconv>

#include "engine/event/json_text.hpp"

namespace vigil::api {

FilteredJsonWriter::FilteredJsonWriter(const FilterPath& filter) : filter_(filter) {
  frames_.reserve(8);
  out_.reserve(4096);
}

FilteredJsonWriter::Keep FilteredJsonWriter::enter(std::string_view key) {
  const auto states_end = states_.size();
  if (frames_.empty()) {
    if (filter_.keeps_everything()) return Keep::kAll;
    for (std::size_t p = 0; p < filter_.paths().size(); ++p) states_.push_back({p, 0});
    return Keep::kSome;
  }
  const auto& parent = frames_.back();
  if (parent.keep != Keep::kSome) return parent.keep;
  if (parent.array) {
    for (auto i = parent.states_begin; i < states_end; ++i) states_.push_back(states_[i]);
    return Keep::kSome;
  }
  for (auto i = parent.states_begin; i < states_end; ++i) {
    const auto [path, next] = states_[i];
    const auto& wanted = filter_.paths()[path][next];
    if (wanted != "*" && wanted != key) continue;
    if (next + 1 == filter_.paths()[path].size()) {
      states_.resize(states_end);
      return Keep::kAll;
    }
    states_.push_back({path, next + 1});
  }
  return states_.size() > states_end ? Keep::kSome : Keep::kNothing;
}

void FilteredJsonWriter::push(std::string_view key, bool array) {
  const auto states_begin = states_.size();
  const auto keep = enter(key);
  frames_.push_back({keep, array, false, false, std::string(key), states_begin});
  if (keep == Keep::kAll) open_frames();  // kept whole, even if empty
}

void FilteredJsonWriter::open_frames() {
  for (std::size_t i = 0; i < frames_.size(); ++i) {
    auto& frame = frames_[i];
    if (frame.opened) continue;
    if (i > 0) separate(frames_[i - 1], frame.key);
    out_.push_back(frame.array ? '[' : '{');
    frame.opened = true;
  }
}

void FilteredJsonWriter::separate(Frame& parent, std::string_view key) {
  if (parent.any_member) out_.push_back(',');
  parent.any_member = true;
  if (parent.array) return;
  engine::append_json_string(out_, key);
  out_.push_back(':');
}

bool FilteredJsonWriter::begin_scalar(std::string_view key) {
  const auto states_begin = states_.size();
  const auto keep = enter(key);
  states_.resize(states_begin);
  if (keep != Keep::kAll) return false;  // a scalar is kept only where a path ends
  open_frames();
  separate(frames_.back(), key);
  return true;
}

void FilteredJsonWriter::begin_object(std::string_view key) { push(key, false); }

void FilteredJsonWriter::begin_array(std::string_view key) { push(key, true); }

void FilteredJsonWriter::end() {
  const auto& frame = frames_.back();
  if (frame.opened) out_.push_back(frame.array ? ']' : '}');
  states_.resize(frame.states_begin);
  frames_.pop_back();
}

void FilteredJsonWriter::member(std::string_view key, std::string_view text) {
  if (begin_scalar(key)) engine::append_json_string(out_, text);
}

void FilteredJsonWriter::member(std::string_view key, std::int64_t number) {
  if (!begin_scalar(key)) return;
  char digits[24];
  out_.append(digits, std::to_chars(digits, digits + sizeof digits, number).ptr);
}

void FilteredJsonWriter::member(std::string_view key, bool value) {
  if (begin_scalar(key)) out_.append(value ? "true" : "false");
}

std::string FilteredJsonWriter::take() { return out_.empty() ? "{}" : std::move(out_); }

}  // namespace vigil::api
