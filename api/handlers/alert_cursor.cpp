#include "api/handlers/alert_cursor.hpp"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <nlohmann/json.hpp>

#include "api/http/base64.hpp"

namespace vigil::api {
namespace {

// Payload: [version, sort (the enum's value), order, key or null, seq]. A new
// layout takes a new version.
constexpr int kVersion = 1;
// Far above any real cursor; bounds the work a hostile one can cause.
constexpr std::size_t kMaxCursorChars = 256;

std::optional<std::string> from_base64url(std::string_view text) {
  const bool alphabet = std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
  });
  if (!alphabet) return std::nullopt;
  std::string standard(text);
  std::replace(standard.begin(), standard.end(), '-', '+');
  std::replace(standard.begin(), standard.end(), '_', '/');
  auto bytes = base64_decode(standard);
  // Only the canonical spelling is a cursor: stray trailing bits are not.
  if (!bytes || base64_encode(*bytes, true) != text) return std::nullopt;
  return bytes;
}

std::optional<std::int64_t> as_int64(const nlohmann::json& value) {
  if (value.is_number_unsigned() && value.get<std::uint64_t>() > std::numeric_limits<std::int64_t>::max())
    return std::nullopt;
  if (!value.is_number_integer()) return std::nullopt;
  return value.get<std::int64_t>();
}

}  // namespace

std::string encode_alert_cursor(engine::AlertSort sort, bool ascending, const engine::AlertCursor& cursor) {
  const nlohmann::json payload = {kVersion, static_cast<int>(sort), ascending ? "asc" : "desc",
                                  cursor.key ? nlohmann::json(*cursor.key) : nlohmann::json(nullptr), cursor.seq};
  return base64_encode(payload.dump(), true);
}

std::optional<engine::AlertCursor> decode_alert_cursor(std::string_view text, engine::AlertSort sort, bool ascending) {
  if (text.empty() || text.size() > kMaxCursorChars) return std::nullopt;
  const auto bytes = from_base64url(text);
  if (!bytes) return std::nullopt;
  const auto payload = nlohmann::json::parse(*bytes, nullptr, false);
  // Only payloads this code writes are cursors: nothing trailing, no other spelling.
  if (!payload.is_array() || payload.dump() != *bytes || payload.size() != 5 || payload[0] != kVersion ||
      payload[1] != static_cast<int>(sort) || payload[2] != (ascending ? "asc" : "desc"))
    return std::nullopt;
  const auto seq = as_int64(payload[4]);
  if (!seq || *seq < 0) return std::nullopt;
  engine::AlertCursor cursor;
  cursor.seq = *seq;
  if (const auto key = as_int64(payload[3]))
    cursor.key = *key;
  else if (!payload[3].is_null() || sort != engine::AlertSort::kOriginalTime)
    // Only original_time can be unset; created_at and risk_score always have a key.
    return std::nullopt;
  return cursor;
}

}  // namespace vigil::api
