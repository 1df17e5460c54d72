#include "engine/hunt/regex_cache.hpp"

#include <memory>
#include <re2/re2.h>
#include <unordered_map>

namespace vigil::engine::hunt {

const re2::RE2* cached_regex(const std::string& pattern) {
  thread_local std::unordered_map<std::string, std::unique_ptr<re2::RE2>> cache;
  auto it = cache.find(pattern);
  if (it == cache.end()) {
    // A bound on what a query full of distinct patterns can hold.
    if (cache.size() >= 256) cache.clear();
    re2::RE2::Options options;
    options.set_log_errors(false);
    it = cache.emplace(pattern, std::make_unique<re2::RE2>(pattern, options)).first;
  }
  return it->second->ok() ? it->second.get() : nullptr;
}

}  // namespace vigil::engine::hunt
