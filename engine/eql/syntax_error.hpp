#pragma once

#include <stdexcept>
#include <string>

#include "engine/eql/query.hpp"

namespace vigil::engine::eql {

// Thrown by the lexer and parser; CompiledQuery::compile turns it into a ParseError value, so it
// never crosses the engine/eql boundary. An immutable value once thrown.
class SyntaxError : public std::runtime_error {
 public:
  SyntaxError(int line, int column, std::string message)
      : std::runtime_error(message), error_{line, column, std::move(message)} {}

  const ParseError& error() const { return error_; }

 private:
  ParseError error_;
};

}  // namespace vigil::engine::eql
