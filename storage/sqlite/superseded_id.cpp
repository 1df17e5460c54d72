#include "storage/sqlite/superseded_id.hpp"

#include <charconv>

namespace vigil::storage {

std::string superseded_id(std::string_view id, std::uint64_t version) {
  const auto digits = std::to_string(version);
  return superseded_low(id) + std::string(20 - digits.size(), '0') + digits;
}

std::string_view shipped_id(std::string_view stored) {
  if (stored.empty() || stored.front() != '\0') return stored;
  const auto end = stored.find('\0', 1);
  return stored.substr(1, end == std::string_view::npos ? std::string_view::npos : end - 1);
}

std::string superseded_low(std::string_view id) {
  std::string out(1, '\0');
  out += id;
  out += '\0';
  return out;
}

std::string superseded_high(std::string_view id) {
  auto out = superseded_low(id);
  out.back() = '\1';
  return out;
}

std::uint64_t superseded_version(std::string_view stored) {
  if (stored.empty() || stored.front() != '\0') return 0;
  const auto sep = stored.rfind('\0');
  if (sep == 0) return 0;
  std::uint64_t version = 0;
  std::from_chars(stored.data() + sep + 1, stored.data() + stored.size(), version);
  return version;
}

}  // namespace vigil::storage
