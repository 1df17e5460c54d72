#include "storage/sqlite/sqlite_hunt_source.hpp"

#include <nlohmann/json.hpp>

#include "engine/event/json_parse.hpp"
#include "storage/sqlite/superseded_id.hpp"

namespace vigil::storage {
namespace {

// The text a compact JSON document holds for `"field":"value"`, when the
// value is written without escapes (nlohmann's dump escapes only quotes,
// backslashes and control characters); nullopt when it is not.
std::optional<std::string> literal_pair(const std::string& field, const std::string& value) {
  for (const char c : field + value)
    if (c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20) return std::nullopt;
  return "\"" + field + "\":\"" + value + "\"";
}

// Whether some `"field":` in the text is followed by a value that is not a string.
bool holds_non_string(const std::string& document, const std::string& key) {
  for (auto pos = document.find(key); pos != std::string::npos; pos = document.find(key, pos + 1)) {
    const auto next = pos + key.size();
    if (next < document.size() && document[next] != '"') return true;
  }
  return false;
}

std::string placeholders(std::size_t n, int first) {
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out += (i ? ", ?" : "?") + std::to_string(first + static_cast<int>(i));
  return out;
}

}  // namespace

SqliteHuntSource::SqliteHuntSource(Database& db) : db_(db), documents_(db, {}) {}

void SqliteHuntSource::scan(const engine::TableScan& scan,
                            const std::function<bool(const engine::StoredEvent&)>& visit) {
  if (scan.datasets.empty() || scan.start > scan.end) return;
  // Each equality becomes the texts any of which a document must contain
  // (or its field must hold something other than a string, which the
  // engine then converts and compares itself).
  std::vector<std::pair<std::string, std::vector<std::string>>> required;
  for (const auto& eq : scan.equals) {
    std::vector<std::string> any;
    for (const auto& v : eq.values) {
      auto pair = literal_pair(eq.field, v);
      if (!pair) {
        any.clear();
        break;
      }
      any.push_back(std::move(*pair));
    }
    if (!any.empty()) required.emplace_back("\"" + eq.field + "\":", std::move(any));
  }
  const std::string sql = "SELECT idx, id, ts, ingested, doc FROM events WHERE ts BETWEEN ?1 AND ?2 AND dataset IN (" +
                          placeholders(scan.datasets.size(), 3) + ") ORDER BY ts, seq";
  db_.read([&](Connection& c) {
    auto& stmt = c.prepare(sql);
    stmt.bind(1, scan.start).bind(2, scan.end);
    for (std::size_t i = 0; i < scan.datasets.size(); ++i) stmt.bind(3 + static_cast<int>(i), scan.datasets[i].dataset);
    engine::StoredEvent e;
    DocumentCodec::ScanCache cache;
    while (stmt.step()) {
      const auto stored_id = stmt.column_bytes(1);
      if (superseded_version(stored_id) != 0) continue;  // a replaced version: hunting reads current ones
      documents_.decode(c, stmt, 4, e.document, cache);
      bool pass = true;
      for (const auto& [key, any] : required) {
        bool found = holds_non_string(e.document, key);
        for (const auto& text : any) found = found || e.document.find(text) != std::string::npos;
        pass = pass && found;
      }
      if (!pass) continue;
      e.index.assign(stmt.column_bytes(0));
      e.id.assign(stored_id);
      e.timestamp = stmt.column_optional_int(2);
      e.ingested = stmt.column_int(3);
      if (!visit(e)) break;
    }
    stmt.reset();
  });
}

std::vector<engine::HuntSource::Field> SqliteHuntSource::fields(std::span<const engine::DatasetSelector> datasets) {
  std::lock_guard lock(learnt_mutex_);
  std::vector<Field> out;
  for (const auto& selector : datasets) {
    auto& learnt = learnt_[selector.dataset];
    db_.read([&](Connection& c) {
      auto& stmt = c.prepare("SELECT seq, doc FROM events WHERE dataset = ?1 AND seq > ?2 ORDER BY seq");
      stmt.bind(1, selector.dataset).bind(2, learnt.last_seq);
      std::string document;
      DocumentCodec::ScanCache cache;
      while (stmt.step()) {
        learnt.last_seq = stmt.column_int(0);
        documents_.decode(c, stmt, 1, document, cache);
        const auto doc = engine::parse_json(document, false);
        if (!doc.is_object()) continue;
        for (const auto& [name, value] : doc.items())
          if (!value.is_null())
            learnt.fields.emplace(name, value.is_number_integer() ? "number_integer"
                                        : value.is_number_float() ? "number_float"
                                                                  : value.type_name());
      }
      stmt.reset();
    });
    for (const auto& [name, type] : learnt.fields) out.push_back({name, type});
  }
  return out;
}

}  // namespace vigil::storage
