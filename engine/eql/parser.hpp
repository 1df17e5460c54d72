#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/eql/ast.hpp"
#include "engine/eql/query.hpp"
#include "engine/eql/token.hpp"

namespace vigil::engine::eql {

struct ParsedQuery {
  std::optional<std::string> category;  // nullopt for `any`
  NodePtr condition;
};

// Recursive-descent parser for Elasticsearch EQL event queries, following its grammar:
//
//   query      := category 'where' expression         (category: name, "string" or any)
//   expression := or
//   or         := and ('or' and)*
//   and        := not ('and' not)*
//   not        := 'not' not | comparison
//   comparison := operand [('==' | '!=' | '<' | '<=' | '>' | '>=') operand]
//   operand    := primary [predicate]
//   predicate  := ['not'] ('in' | 'in~') '(' expression (',' expression)* ')'
//               | (':' | 'like' | 'like~' | 'regex' | 'regex~') (string | '(' string (',' string)* ')')
//   primary    := literal | ['?'] field | function '(' args ')' | '(' expression ')'
//
// Patterns are compiled while parsing. Sequences, samples, joins, pipes, arithmetic and array
// indexing are rejected with a message saying so. Throws SyntaxError.
// One Parser per query text; not thread-safe, cheap to construct.
class Parser {
 public:
  Parser(std::string_view text, CompileOptions options);

  ParsedQuery parse_query();
  NodePtr parse_condition();

 private:
  const Token& peek(std::size_t ahead = 0) const;
  const Token& next();
  bool accept(TokenKind kind);
  const Token& expect(TokenKind kind, std::string_view what);
  [[noreturn]] void fail_expected(std::string_view what, const Token& found) const;
  [[noreturn]] static void fail_at(const Token& token, std::string message);

  void expect_end();
  void reject_arithmetic() const;
  NodePtr parse_expression();
  NodePtr parse_or();
  NodePtr parse_and();
  NodePtr parse_not();
  NodePtr parse_comparison();
  NodePtr parse_operand();
  NodePtr parse_in(NodePtr operand, bool negated);
  NodePtr parse_pattern_match(NodePtr operand);
  std::vector<const Token*> parse_pattern_list(bool allow_null);
  StringMatcher compile_pattern(const Token& pattern, TokenKind op);
  NodePtr parse_primary();
  NodePtr parse_function(const Token& name);
  NodePtr parse_literal(const Token& token, bool negative = false);

  std::vector<Token> tokens_;
  std::size_t pos_ = 0;
  CompileOptions options_;
};

}  // namespace vigil::engine::eql
