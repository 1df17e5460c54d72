#pragma once

#include <toml++/toml.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "config/config_loader.hpp"

namespace vigil::config {

// Whether `name` may name an output or input: names appear in metrics
// labels and log lines.
inline bool valid_name(const std::string& name) {
  return !name.empty() && name.size() <= 64 && std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
  });
}

// Reads one TOML table into option fields, reporting errors at the key's position.
class TableReader {
 public:
  TableReader(const std::string& file, std::string prefix) : file_(file), prefix_(std::move(prefix)) {}

  [[noreturn]] void fail(const toml::node& node, const std::string& key, const std::string& reason) const {
    fail_at(node.source(), key, reason);
  }

  [[noreturn]] void fail_at(const toml::source_region& src, const std::string& key, const std::string& reason) const {
    std::ostringstream out;
    out << file_ << ":" << src.begin.line << ":" << src.begin.column << ": " << prefix_ << key << ": " << reason;
    throw ConfigError(out.str());
  }

  std::string string(const toml::node& node, const std::string& key) const {
    if (const auto* s = node.as_string()) return s->get();
    fail(node, key, std::string("expected a string, found ") + type_name(node));
  }

  std::string one_of(const toml::node& node, const std::string& key, const std::set<std::string>& allowed) const {
    auto value = string(node, key);
    if (!allowed.count(value)) {
      std::string list;
      for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
      fail(node, key, "'" + value + "' is not one of: " + list);
    }
    return value;
  }

  bool boolean(const toml::node& node, const std::string& key) const {
    if (const auto* b = node.as_boolean()) return b->get();
    fail(node, key, std::string("expected true or false, found ") + type_name(node));
  }

  std::uint64_t integer(const toml::node& node, const std::string& key, std::uint64_t min, std::uint64_t max) const {
    const auto* i = node.as_integer();
    if (!i) fail(node, key, std::string("expected an integer, found ") + type_name(node));
    const auto v = i->get();
    if (v < 0 || static_cast<std::uint64_t>(v) < min || static_cast<std::uint64_t>(v) > max)
      fail(node, key, "value " + std::to_string(v) + " is outside " + std::to_string(min) + ".." + std::to_string(max));
    return static_cast<std::uint64_t>(v);
  }

  // The secret (a password, an HMAC key) held by the file `node` names: its
  // text without the line break a file written with echo ends in.
  std::string secret_file(const toml::node& node, const std::string& key) const {
    const std::string path = string(node, key);
    std::ifstream in(path, std::ios::binary);
    if (!in) fail(node, key, "cannot read '" + path + "'");
    std::ostringstream text;
    text << in.rdbuf();
    auto secret = text.str();
    while (!secret.empty() && (secret.back() == '\n' || secret.back() == '\r')) secret.pop_back();
    if (secret.empty()) fail(node, key, "'" + path + "' is empty");
    return secret;
  }

  std::vector<std::string> strings(const toml::node& node, const std::string& key) const {
    const auto* arr = node.as_array();
    if (!arr) fail(node, key, std::string("expected an array of strings, found ") + type_name(node));
    std::vector<std::string> out;
    for (const auto& element : *arr) out.push_back(string(element, key));
    return out;
  }

  void each(const toml::table& table,
            const std::map<std::string, std::function<void(const toml::node&)>>& setters) const {
    for (const auto& [key, node] : table) {
      const std::string name(key.str());
      const auto it = setters.find(name);
      if (it == setters.end()) fail_at(key.source(), name, "unknown key");
      it->second(node);
    }
  }

 private:
  static const char* type_name(const toml::node& node) {
    switch (node.type()) {
      case toml::node_type::string:
        return "a string";
      case toml::node_type::integer:
        return "an integer";
      case toml::node_type::floating_point:
        return "a float";
      case toml::node_type::boolean:
        return "a boolean";
      case toml::node_type::array:
        return "an array";
      case toml::node_type::table:
        return "a table";
      default:
        return "a date/time";
    }
  }

  const std::string& file_;
  std::string prefix_;
};

// Reads an array of tables, [[<prefix><key>]], each through
// read_one(table, reader, options); `what` names one in the error when two
// share a name (names label metrics and log lines, so they must differ).
template <typename Options, typename ReadOne>
std::vector<Options> read_named_tables(const toml::node& node, const std::string& file, const std::string& prefix,
                                       const std::string& key, const std::string& what, ReadOne read_one) {
  const TableReader top(file, prefix);
  const auto* array = node.as_array();
  if (!array || !array->is_array_of_tables()) top.fail(node, key, "expected [[" + prefix + key + "]] tables");
  std::vector<Options> all;
  for (const auto& element : *array) {
    const TableReader r(file, prefix + key + "[" + std::to_string(all.size()) + "].");
    Options options;
    read_one(*element.as_table(), r, options);
    for (const auto& earlier : all)
      if (earlier.name == options.name)
        r.fail(*element.as_table()->get("name"), "name", "'" + options.name + "' names another " + what + " already");
    all.push_back(std::move(options));
  }
  return all;
}

}  // namespace vigil::config
