#include "api/handlers/alert_bounds.hpp"

#include <algorithm>
#include <stdexcept>

#include "engine/event/json_overlay.hpp"
#include "engine/event/json_string_cut.hpp"

namespace vigil::api {
namespace {

using Member = engine::JsonStringCut::Member;

std::size_t size_of(const Member& member) { return member.end - member.begin; }

// The largest members, as few as take `text` within kMaxAlertBytes once
// each is null, in the order they appear.
std::vector<Member> members_to_drop(std::vector<Member> members, std::size_t size) {
  std::stable_sort(members.begin(), members.end(),
                   [](const Member& a, const Member& b) { return size_of(a) > size_of(b); });
  std::vector<Member> dropped;
  for (const auto& member : members) {
    if (size <= kMaxAlertBytes) break;
    size -= std::min(size, size_of(member)) - std::min(size_of(member), std::size_t{4});
    dropped.push_back(member);
  }
  std::sort(dropped.begin(), dropped.end(), [](const Member& a, const Member& b) { return a.begin < b.begin; });
  return dropped;
}

bool inside(const std::string& field, const std::string& member) {
  return field == member || (field.starts_with(member) && field[member.size()] == '.');
}

}  // namespace

std::string bounded_alert(std::string alert) {
  if (alert.size() <= kMaxAlertStringBytes) return alert;
  auto cut = engine::cut_long_strings(alert, kMaxAlertStringBytes);
  if (!cut) throw std::invalid_argument("an alert to bound is no JSON object");
  alert.clear();
  alert.shrink_to_fit();
  auto& text = cut->text;
  auto& fields = cut->cut_fields;
  if (text.size() > kMaxAlertBytes) {
    const auto dropped = members_to_drop(cut->members, text.size());
    for (auto it = dropped.rbegin(); it != dropped.rend(); ++it) text.replace(it->begin, size_of(*it), "null");
    for (const auto& member : dropped) {
      std::erase_if(fields, [&](const std::string& field) { return inside(field, member.key); });
      fields.push_back(member.key);
    }
  }
  if (fields.empty()) return std::move(text);
  // The names are escaped as in the text already.
  std::string list = "[";
  for (const auto& field : fields) list.append(list.size() == 1 ? "\"" : ",\"").append(field).append("\"");
  list.append("]");
  const engine::OverlayMember member{"truncated_fields", std::move(list)};
  auto bounded = engine::overlay_members(text, {&member, 1});
  if (!bounded) throw std::invalid_argument("an alert to bound is no JSON object");
  return std::move(*bounded);
}

}  // namespace vigil::api
