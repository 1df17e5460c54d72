#pragma once

#include <stdexcept>
#include <string>

namespace vigil::engine::hunt {

// What went wrong with a hunting query; the API maps each to a status.
enum class HuntErrorCode {
  kSyntax,    // the text does not parse (400)
  kSemantic,  // unknown names, wrong types, wrong arguments (400)
  kTimeout,   // the deadline passed (503)
  kMemory,    // the memory budget was exceeded (503)
  kStore,     // the store failed (503)
};

// Thrown inside engine/hunt; run_query (query.hpp) turns it into a
// HuntResult error, so it never crosses the folder's public boundary.
// Line and column are 1-based; 0 when the error has no position.
class HuntError : public std::runtime_error {
 public:
  HuntError(HuntErrorCode code, std::string message, int line = 0, int column = 0)
      : std::runtime_error(std::move(message)), code_(code), line_(line), column_(column) {}

  HuntErrorCode code() const { return code_; }
  int line() const { return line_; }
  int column() const { return column_; }

 private:
  HuntErrorCode code_;
  int line_;
  int column_;
};

}  // namespace vigil::engine::hunt
