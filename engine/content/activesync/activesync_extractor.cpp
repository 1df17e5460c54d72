#include "engine/content/activesync/activesync_extractor.hpp"

#include <algorithm>
#include <cctype>

#include "engine/content/m365/audit_parameters.hpp"
#include "engine/analytics/column.hpp"
#include "engine/text/ascii.hpp"

namespace vigil::engine::content::activesync {
namespace {

using text::equals_ascii_ci;
using text::find_ascii_ci;

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
bool is_quote(char c) { return c == '"' || c == '\''; }

// Where a parameter or command word may begin and end: the PowerShell text is
// often inside a quoted -Command argument, so quotes delimit words too.
bool starts_word(std::string_view text, std::size_t pos) {
  return pos == 0 || is_blank(text[pos - 1]) || is_quote(text[pos - 1]) || text[pos - 1] == ';';
}
bool ends_word(std::string_view text, std::size_t end) {
  return end == text.size() || is_blank(text[end]) || is_quote(text[end]) || text[end] == ':' || text[end] == '\\';
}

// The offset just past the first `word` that stands alone (case-insensitive), or npos.
std::size_t find_word(std::string_view text, std::string_view word) {
  for (auto pos = find_ascii_ci(text, word); pos != std::string_view::npos; pos = find_ascii_ci(text, word, pos + 1)) {
    if (starts_word(text, pos) && ends_word(text, pos + word.size())) return pos + word.size();
  }
  return std::string_view::npos;
}

// Reads PowerShell values from a position in the command line.
class ValueReader {
 public:
  ValueReader(std::string_view text, std::size_t pos) : text_(text), pos_(pos) {}

  // Steps over the blanks or the colon between a parameter and its value.
  void skip_separator() {
    if (pos_ < text_.size() && text_[pos_] == ':') ++pos_;
    skip_blanks();
  }

  // The value of -ActiveSyncAllowedDeviceIDs: a hashtable of Add/Remove
  // lists, $null, or a plain list that replaces the allow list.
  void read_device_ids(ActiveSyncChange& change) {
    if (consume("@{")) {
      read_hashtable(change);
    } else {
      change.device_ids = values();
    }
  }

  // One quoted or bare value; empty when there is none.
  std::string item() {
    if (pos_ >= text_.size()) return {};
    if (consume("\\\"")) return until("\\\"");
    if (consume("\"")) return until("\"");
    if (consume("'")) return single_quoted();
    const auto start = pos_;
    while (pos_ < text_.size() && !ends_bare(text_[pos_])) ++pos_;
    return std::string(text_.substr(start, pos_ - start));
  }

 private:
  void read_hashtable(ActiveSyncChange& change) {
    while (true) {
      while (pos_ < text_.size() && (is_blank(text_[pos_]) || text_[pos_] == ';')) ++pos_;
      if (pos_ >= text_.size() || consume("}")) return;
      const auto key = hashtable_key();
      skip_blanks();
      if (key.empty() || !consume("=")) return;  // not a hashtable we understand
      skip_blanks();
      auto ids = values();
      // Other keys (Replace is not one Set-CASMailbox takes) are read past and dropped.
      auto* into = equals_ascii_ci(key, "add")      ? &change.device_ids
                   : equals_ascii_ci(key, "remove") ? &change.removed_device_ids
                                                    : nullptr;
      if (into) into->insert(into->end(), ids.begin(), ids.end());
    }
  }

  // A bare key is a word ("Add"); a quoted one ('Add') reads as any value.
  std::string hashtable_key() {
    if (pos_ < text_.size() && (is_quote(text_[pos_]) || text_[pos_] == '\\')) return item();
    const auto start = pos_;
    while (pos_ < text_.size() && (std::isalnum(static_cast<unsigned char>(text_[pos_])) || text_[pos_] == '_')) ++pos_;
    return std::string(text_.substr(start, pos_ - start));
  }

  // $null, a parenthesized array (@('a','b') or ('a','b')), or a comma list.
  std::vector<std::string> values() {
    if (text_.size() - pos_ >= 5 && equals_ascii_ci(text_.substr(pos_, 5), "$null")) {
      pos_ += 5;
      return {};
    }
    const bool parenthesized = consume("@(") || consume("(");
    std::vector<std::string> out;
    do {
      skip_blanks();
      if (auto value = item(); !value.empty()) out.push_back(std::move(value));
      skip_blanks();
    } while (consume(","));
    if (parenthesized) consume(")");
    return out;
  }

  // A bare word ends where PowerShell syntax or the enclosing quote resumes.
  bool ends_bare(char c) const {
    return is_blank(c) || is_quote(c) || c == ',' || c == ';' || c == '}' || c == ')' ||
           (c == '\\' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '"');
  }

  std::string until(std::string_view close) {
    const auto end = text_.find(close, pos_);
    const auto stop = end == std::string_view::npos ? text_.size() : end;
    std::string out(text_.substr(pos_, stop - pos_));
    pos_ = end == std::string_view::npos ? text_.size() : end + close.size();
    return out;
  }

  // PowerShell's single-quoted string, where '' stands for one quote.
  std::string single_quoted() {
    std::string out;
    while (pos_ < text_.size()) {
      if (text_[pos_] == '\'') {
        if (pos_ + 1 < text_.size() && text_[pos_ + 1] == '\'') {
          out += '\'';
          pos_ += 2;
          continue;
        }
        ++pos_;
        break;
      }
      out += text_[pos_++];
    }
    return out;
  }

  bool consume(std::string_view token) {
    if (text_.substr(pos_, token.size()) != token) return false;
    pos_ += token.size();
    return true;
  }

  void skip_blanks() {
    while (pos_ < text_.size() && is_blank(text_[pos_])) ++pos_;
  }

  std::string_view text_;
  std::size_t pos_;
};

std::optional<std::string> read_identity(std::string_view line) {
  auto pos = find_word(line, "-identity");
  if (pos == std::string_view::npos) {
    // Identity is Set-CASMailbox's first positional parameter.
    pos = find_word(line, "set-casmailbox");
    if (pos == std::string_view::npos) return std::nullopt;
    while (pos < line.size() && is_blank(line[pos])) ++pos;
    if (pos >= line.size() || line[pos] == '-') return std::nullopt;
  }
  ValueReader reader(line, pos);
  reader.skip_separator();
  auto identity = reader.item();
  if (identity.empty()) return std::nullopt;
  return identity;
}

// The device ids of an audited parameter value (see extract_activesync_parameters).
void read_audited_ids(const nlohmann::json* value, ActiveSyncChange& change) {
  if (value == nullptr || value->is_null()) return;
  if (value->is_array()) {
    for (const auto& id : *value) {
      if (auto text = analytics::value_text(id)) change.device_ids.push_back(std::move(*text));
    }
    return;
  }
  const auto text = analytics::value_text(*value).value_or("");
  if (text.find_first_of("@{'\"$(") != std::string::npos) {
    ValueReader reader(text, 0);
    reader.read_device_ids(change);
    return;
  }
  std::size_t start = 0;
  while (start < text.size()) {
    const auto end = std::min(text.find_first_of(";, \t", start), text.size());
    if (end > start) change.device_ids.emplace_back(text.substr(start, end - start));
    start = end + 1;
  }
}

}  // namespace

std::optional<ActiveSyncChange> extract_activesync_parameters(const nlohmann::json& row) {
  const auto list = m365::audit_parameters(row);
  const auto* device_ids = m365::audit_parameter(list, "ActiveSyncAllowedDeviceIDs");
  if (device_ids == nullptr) return std::nullopt;
  ActiveSyncChange change;
  read_audited_ids(device_ids, change);
  change.identity = m365::audit_parameter_text(list, "Identity");
  return change;
}

std::optional<ActiveSyncChange> extract_activesync(std::string_view command_line) {
  const auto pos = find_word(command_line, "-activesyncalloweddeviceids");
  if (pos == std::string_view::npos) return std::nullopt;
  ActiveSyncChange change;
  ValueReader reader(command_line, pos);
  reader.skip_separator();
  reader.read_device_ids(change);
  change.identity = read_identity(command_line);
  return change;
}

}  // namespace vigil::engine::content::activesync
