#include "engine/normalize/ecs_fields.hpp"

#include <algorithm>
#include <charconv>

#include "engine/text/ascii.hpp"
#include "engine/event/field_lookup.hpp"
#include "engine/normalize/command_line.hpp"

namespace vigil::engine {
namespace {

std::string join(std::string_view prefix, std::string_view leaf) {
  std::string path(prefix);
  path += '.';
  path += leaf;
  return path;
}

std::string lowercase(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), text::ascii_lower);
  return out;
}

bool all_zero(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return c == '0'; });
}

}  // namespace

std::optional<std::string> present_text(const nlohmann::json* value) {
  if (value == nullptr) return std::nullopt;
  if (value->is_number_integer()) return value->dump();
  if (!value->is_string()) return std::nullopt;
  const auto& text = value->get_ref<const std::string&>();
  if (text.empty() || text == "-" || text == "{00000000-0000-0000-0000-000000000000}") return std::nullopt;
  return text;
}

std::optional<std::string> member_text(const nlohmann::json& source, std::string_view key) {
  if (!source.is_object()) return std::nullopt;
  const auto it = source.find(key);
  return it == source.end() ? std::nullopt : present_text(&*it);
}

void copy_text(nlohmann::json& doc, const nlohmann::json& source, std::string_view key, std::string_view target) {
  if (auto text = member_text(source, key)) set_field(doc, target, std::move(*text));
}

std::string_view windows_basename(std::string_view path) {
  const auto slash = path.rfind('\\');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

std::optional<std::int64_t> parse_integer(const nlohmann::json* value) {
  if (value == nullptr) return std::nullopt;
  if (value->is_number_integer()) return value->get<std::int64_t>();
  if (!value->is_string()) return std::nullopt;
  std::string_view text = value->get_ref<const std::string&>();
  int base = 10;
  if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
    text.remove_prefix(2);
    base = 16;
  }
  std::int64_t number = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), number, base);
  if (ec != std::errc{} || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return number;
}

void copy_process_id(nlohmann::json& doc, const nlohmann::json& source, std::string_view key, std::string_view prefix) {
  if (!source.is_object()) return;
  const auto it = source.find(key);
  if (it == source.end()) return;
  if (const auto pid = parse_integer(&*it)) set_field(doc, join(prefix, "pid"), *pid);
}

void set_executable(nlohmann::json& doc, std::string_view prefix, std::string_view path) {
  auto& target = field_at(doc, prefix);
  set_field(target, "executable", std::string(path));
  const auto name = windows_basename(path);
  if (!name.empty()) set_field(target, "name", std::string(name));
}

void set_command_line(nlohmann::json& doc, std::string_view prefix, std::string_view command_line) {
  auto& target = field_at(doc, prefix);
  set_field(target, "command_line", std::string(command_line));
  auto args = split_command_line(command_line);
  const auto count = args.size();
  set_field(target, "args", std::move(args));
  set_field(target, "args_count", count);
}

void set_user_from_account(nlohmann::json& doc, std::string_view account) {
  const auto slash = account.find('\\');
  if (slash == std::string_view::npos || account.find('\\', slash + 1) != std::string_view::npos) return;
  const auto domain = account.substr(0, slash);
  const auto name = account.substr(slash + 1);
  if (!domain.empty()) set_field(doc, "user.domain", std::string(domain));
  if (!name.empty()) set_field(doc, "user.name", std::string(name));
}

void set_hashes(nlohmann::json& doc, std::string_view prefix, std::string_view hashes) {
  std::size_t start = 0;
  while (start <= hashes.size()) {
    const auto comma = std::min(hashes.find(',', start), hashes.size());
    const auto entry = hashes.substr(start, comma - start);
    start = comma + 1;
    const auto eq = entry.find('=');
    if (eq == std::string_view::npos || eq == 0) continue;
    const auto algo = lowercase(entry.substr(0, eq));
    const auto value = entry.substr(eq + 1);
    if (value.empty() || all_zero(value)) continue;
    const auto target = algo == "imphash" ? join(prefix, "pe.imphash") : join(prefix, "hash." + algo);
    set_field(doc, target, lowercase(value));
  }
}

void set_process_start(nlohmann::json& doc) {
  set_field(doc, "event.category", nlohmann::json::array({"process"}));
  set_field(doc, "event.type", nlohmann::json::array({"start"}));
}

void default_windows_os(nlohmann::json& doc) {
  const auto* os_type = find_field(doc, "host.os.type");
  if (os_type == nullptr || os_type->is_null()) set_field(doc, "host.os.type", "windows");
}

}  // namespace vigil::engine
