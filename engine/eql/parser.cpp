#include "engine/eql/parser.hpp"

#include <algorithm>
#include <charconv>

#include "engine/eql/lexer.hpp"
#include "engine/eql/syntax_error.hpp"

namespace vigil::engine::eql {
namespace {

bool is_comparison(TokenKind kind) {
  switch (kind) {
    case TokenKind::kEqual:
    case TokenKind::kNotEqual:
    case TokenKind::kLess:
    case TokenKind::kLessEqual:
    case TokenKind::kGreater:
    case TokenKind::kGreaterEqual:
      return true;
    default:
      return false;
  }
}

// `!=` is `==`: parse_comparison negates it.
Comparison::Op comparison_op(TokenKind kind) {
  switch (kind) {
    case TokenKind::kLess:
      return Comparison::Op::kLess;
    case TokenKind::kLessEqual:
      return Comparison::Op::kLessEqual;
    case TokenKind::kGreater:
      return Comparison::Op::kGreater;
    case TokenKind::kGreaterEqual:
      return Comparison::Op::kGreaterEqual;
    default:
      return Comparison::Op::kEqual;
  }
}

bool is_null_literal(const Node& node) {
  const auto* literal = std::get_if<Literal>(&node.data());
  return literal != nullptr && std::holds_alternative<std::monostate>(literal->value);
}

// Flattens `a and (b and c)` style chains built left to right into one operand list.
NodePtr make_logical(Logical::Op op, std::vector<NodePtr> operands) {
  if (operands.size() == 1) return std::move(operands.front());
  return make_node(Logical{op, std::move(operands)});
}

}  // namespace

Parser::Parser(std::string_view text, CompileOptions options) : tokens_(tokenize(text)), options_(options) {}

const Token& Parser::peek(std::size_t ahead) const { return tokens_[std::min(pos_ + ahead, tokens_.size() - 1)]; }

const Token& Parser::next() {
  const Token& token = peek();
  if (pos_ + 1 < tokens_.size()) ++pos_;
  return token;
}

bool Parser::accept(TokenKind kind) {
  if (peek().kind != kind) return false;
  next();
  return true;
}

const Token& Parser::expect(TokenKind kind, std::string_view what) {
  if (peek().kind != kind) fail_expected(what, peek());
  return next();
}

void Parser::fail_expected(std::string_view what, const Token& found) const {
  fail_at(found, "expected " + std::string(what) + " but found " + describe(found));
}

void Parser::fail_at(const Token& token, std::string message) {
  throw SyntaxError(token.line, token.column, std::move(message));
}

ParsedQuery Parser::parse_query() {
  const Token& first = peek();
  if (first.kind == TokenKind::kIdentifier &&
      (first.text == "sequence" || first.text == "sample" || first.text == "join")) {
    fail_at(first, first.text + " queries are not supported: only event queries ('<category> where <condition>')");
  }
  ParsedQuery query;
  if (first.kind == TokenKind::kIdentifier && !first.tilde) {
    query.category = first.text;
  } else if (first.kind == TokenKind::kString) {
    query.category = first.text;
  } else if (first.kind != TokenKind::kAny) {
    fail_expected("an event category or 'any'", first);
  }
  next();
  expect(TokenKind::kWhere, "'where'");
  query.condition = parse_expression();
  expect_end();
  return query;
}

NodePtr Parser::parse_condition() {
  NodePtr condition = parse_expression();
  expect_end();
  return condition;
}

void Parser::expect_end() {
  const Token& token = peek();
  if (token.kind == TokenKind::kEnd) return;
  if (token.kind == TokenKind::kPipe) fail_at(token, "pipes ('|') are not supported: only event queries");
  fail_expected("'and', 'or' or end of query", token);
}

void Parser::reject_arithmetic() const {
  const Token& token = peek();
  switch (token.kind) {
    case TokenKind::kPlus:
    case TokenKind::kMinus:
    case TokenKind::kStar:
    case TokenKind::kSlash:
    case TokenKind::kPercent:
      fail_at(token, "arithmetic ('" + token.text + "') is not supported");
    case TokenKind::kLeftBracket:
      fail_at(token, "array indexing ('[') is not supported");
    default:
      return;
  }
}

NodePtr Parser::parse_expression() { return parse_or(); }

NodePtr Parser::parse_or() {
  std::vector<NodePtr> operands;
  operands.push_back(parse_and());
  while (accept(TokenKind::kOr)) operands.push_back(parse_and());
  return make_logical(Logical::Op::kOr, std::move(operands));
}

NodePtr Parser::parse_and() {
  std::vector<NodePtr> operands;
  operands.push_back(parse_not());
  while (accept(TokenKind::kAnd)) operands.push_back(parse_not());
  return make_logical(Logical::Op::kAnd, std::move(operands));
}

NodePtr Parser::parse_not() {
  if (accept(TokenKind::kNot)) return make_node(Not{parse_not()});
  return parse_comparison();
}

NodePtr Parser::parse_comparison() {
  NodePtr left = parse_operand();
  if (!is_comparison(peek().kind)) return left;
  const bool not_equal = peek().kind == TokenKind::kNotEqual;
  const Comparison::Op op = comparison_op(next().kind);
  NodePtr right = parse_operand();
  // `x == null` / `x != null` are existence tests, not comparisons (which would yield null).
  if (op == Comparison::Op::kEqual) {
    if (is_null_literal(*right)) return make_node(NullCheck{std::move(left), !not_equal});
    if (is_null_literal(*left)) return make_node(NullCheck{std::move(right), !not_equal});
  }
  NodePtr comparison = make_node(Comparison{op, std::move(left), std::move(right)});
  // Elasticsearch runs `x != v` as bool.must_not of x's term query: true when x is missing, and
  // on a multi-valued x only when no element equals v.
  return not_equal ? make_node(Not{std::move(comparison)}) : std::move(comparison);
}

NodePtr Parser::parse_operand() {
  NodePtr operand = parse_primary();
  switch (peek().kind) {
    case TokenKind::kIn:
    case TokenKind::kInInsensitive:
      operand = parse_in(std::move(operand), false);
      break;
    case TokenKind::kNot:
      if (peek(1).kind != TokenKind::kIn && peek(1).kind != TokenKind::kInInsensitive) break;
      next();
      operand = parse_in(std::move(operand), true);
      break;
    case TokenKind::kColon:
    case TokenKind::kLike:
    case TokenKind::kLikeInsensitive:
    case TokenKind::kRegex:
    case TokenKind::kRegexInsensitive:
      operand = parse_pattern_match(std::move(operand));
      break;
    default:
      break;
  }
  reject_arithmetic();
  return operand;
}

NodePtr Parser::parse_in(NodePtr operand, bool negated) {
  const bool case_insensitive = next().kind == TokenKind::kInInsensitive;
  expect(TokenKind::kLeftParen, "'('");
  std::vector<NodePtr> items;
  do {
    items.push_back(parse_expression());
  } while (accept(TokenKind::kComma));
  expect(TokenKind::kRightParen, "',' or ')'");
  NodePtr in = make_node(InList{std::move(operand), std::move(items), case_insensitive});
  return negated ? make_node(Not{std::move(in)}) : std::move(in);
}

NodePtr Parser::parse_pattern_match(NodePtr operand) {
  const TokenKind op = next().kind;
  const auto patterns = parse_pattern_list(op == TokenKind::kColon);
  if (patterns.front()->kind == TokenKind::kNull) return make_node(NullCheck{std::move(operand), true});
  PatternMatch match{std::move(operand), {}};
  for (const Token* pattern : patterns) match.matchers.push_back(compile_pattern(*pattern, op));
  return make_node(std::move(match));
}

// A single string or a parenthesised list of strings; `allow_null` admits a lone null (x : null).
std::vector<const Token*> Parser::parse_pattern_list(bool allow_null) {
  if (allow_null && peek().kind == TokenKind::kNull) return {&next()};
  const bool list = accept(TokenKind::kLeftParen);
  std::vector<const Token*> patterns;
  do {
    patterns.push_back(&expect(TokenKind::kString, "a string pattern"));
  } while (list && accept(TokenKind::kComma));
  if (list) expect(TokenKind::kRightParen, "',' or ')'");
  return patterns;
}

StringMatcher Parser::compile_pattern(const Token& pattern, TokenKind op) {
  switch (op) {
    case TokenKind::kRegex:
    case TokenKind::kRegexInsensitive: {
      std::string error;
      auto matcher = StringMatcher::regex(pattern, op == TokenKind::kRegexInsensitive, error);
      if (!matcher) fail_at(pattern, "invalid regular expression \"" + pattern.text + "\": " + error);
      return std::move(*matcher);
    }
    case TokenKind::kLike:
      return StringMatcher::wildcard(pattern, false);
    default:
      return StringMatcher::wildcard(pattern, true);  // ':' and like~
  }
}

NodePtr Parser::parse_primary() {
  const Token& token = peek();
  switch (token.kind) {
    case TokenKind::kLeftParen: {
      next();
      NodePtr inner = parse_expression();
      expect(TokenKind::kRightParen, "')'");
      return inner;
    }
    case TokenKind::kString:
    case TokenKind::kInteger:
    case TokenKind::kDecimal:
    case TokenKind::kTrue:
    case TokenKind::kFalse:
    case TokenKind::kNull:
      return parse_literal(next());
    case TokenKind::kMinus:
      // Only a negative number: general arithmetic is not supported.
      if (peek(1).kind != TokenKind::kInteger && peek(1).kind != TokenKind::kDecimal) break;
      next();
      return parse_literal(next(), true);
    case TokenKind::kQuestion: {
      next();
      const Token& name = expect(TokenKind::kIdentifier, "a field name after '?'");
      return make_node(FieldRef{name.text, true, options_.case_insensitive_fields});
    }
    case TokenKind::kIdentifier: {
      next();
      if (peek().kind == TokenKind::kLeftParen) return parse_function(token);
      if (token.tilde) fail_expected("'(' after function name " + describe(token), peek());
      return make_node(FieldRef{token.text, false, options_.case_insensitive_fields});
    }
    default:
      break;
  }
  fail_expected("a field, a value or '('", token);
}

NodePtr Parser::parse_function(const Token& name) {
  const auto spec = lookup_function(name.text, name.tilde);
  if (!spec) {
    fail_at(name, "unknown function " + describe(name) + ": supported functions are " +
                      std::string(supported_function_names()));
  }
  expect(TokenKind::kLeftParen, "'('");
  std::vector<NodePtr> args;
  std::vector<const Token*> patterns;  // wildcard(): every argument after the source
  if (peek().kind != TokenKind::kRightParen) {
    do {
      if (spec->function == Function::kWildcard && !args.empty()) {
        patterns.push_back(&expect(TokenKind::kString, "a string pattern"));
      } else {
        args.push_back(parse_expression());
      }
    } while (accept(TokenKind::kComma));
  }
  expect(TokenKind::kRightParen, "',' or ')'");

  const std::size_t count = args.size() + patterns.size();
  if (count < spec->min_args || (spec->max_args && count > *spec->max_args)) {
    const std::string wanted = spec->max_args ? std::to_string(*spec->max_args) + " argument(s)"
                                              : "at least " + std::to_string(spec->min_args) + " arguments";
    fail_at(name, "function " + describe(name) + " takes " + wanted + " but got " + std::to_string(count));
  }
  if (spec->function == Function::kWildcard) {
    PatternMatch match{std::move(args.front()), {}};
    for (const Token* pattern : patterns) {
      match.matchers.push_back(StringMatcher::wildcard(*pattern, spec->case_insensitive));
    }
    return make_node(std::move(match));
  }
  return make_node(FunctionCall{spec->function, spec->case_insensitive, std::move(args)});
}

NodePtr Parser::parse_literal(const Token& token, bool negative) {
  switch (token.kind) {
    case TokenKind::kString:
      return make_node(Literal{token.text});
    case TokenKind::kTrue:
      return make_node(Literal{true});
    case TokenKind::kFalse:
      return make_node(Literal{false});
    case TokenKind::kNull:
      return make_node(Literal{});
    case TokenKind::kInteger: {
      std::int64_t value = 0;
      const auto [end, ec] = std::from_chars(token.text.data(), token.text.data() + token.text.size(), value);
      if (ec == std::errc() && end == token.text.data() + token.text.size()) {
        return make_node(Literal{negative ? -value : value});
      }
      break;  // too large for 64 bits: a decimal, as Elasticsearch does
    }
    default:
      break;
  }
  double value = 0;
  std::from_chars(token.text.data(), token.text.data() + token.text.size(), value);
  return make_node(Literal{negative ? -value : value});
}

}  // namespace vigil::engine::eql
