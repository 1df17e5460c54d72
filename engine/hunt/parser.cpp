#include "engine/hunt/parser.hpp"

#include <array>
#include <charconv>

#include "engine/hunt/checked_math.hpp"
#include "engine/hunt/hunt_error.hpp"
#include "engine/hunt/lexer.hpp"

namespace vigil::engine::hunt {
namespace {

// Binary operators that compare (one precedence level, as in Kusto).
constexpr std::array<std::string_view, 38> kComparisonWords = {
    "==",          "!=",           "<",           "<=",          ">",           ">=",           "=~",
    "!~",          "<>",           "has",         "!has",        "has_cs",      "!has_cs",      "hasprefix",
    "!hasprefix",  "hassuffix",    "!hassuffix",  "contains",    "!contains",   "contains_cs",  "!contains_cs",
    "startswith",  "!startswith",  "startswith_cs", "!startswith_cs", "endswith", "!endswith",  "endswith_cs",
    "!endswith_cs", "matches",     "like",        "!like",       "hasprefix_cs", "hassuffix_cs", "has_any_cs",
    "contains_any", "notcontains", "notlike"};

constexpr std::array<std::string_view, 6> kListWords = {"in", "!in", "in~", "!in~", "has_any", "has_all"};

template <std::size_t N>
bool one_of(const std::array<std::string_view, N>& words, std::string_view w) {
  for (const auto x : words)
    if (x == w) return true;
  return false;
}

Position at(const Token& t) { return {t.line, t.column}; }

// Null when the literal is not a number with a unit or does not fit a long of
// milliseconds (`now(-99999999999999999999d)`).
std::optional<TimeMs> timespan_ms(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size() && (std::isdigit(static_cast<unsigned char>(text[i])) || text[i] == '.')) ++i;
  double n = 0;
  const auto parsed = std::from_chars(text.data(), text.data() + i, n);
  if (parsed.ec != std::errc() || parsed.ptr != text.data() + i) return std::nullopt;
  const auto unit = text.substr(i);
  double scale = 0;
  if (unit == "d" || unit == "day" || unit == "days") scale = kDayMs;
  else if (unit == "h" || unit == "hr" || unit == "hrs" || unit == "hour" || unit == "hours") scale = kHourMs;
  else if (unit == "m" || unit == "min" || unit == "minute" || unit == "minutes") scale = kMinuteMs;
  else if (unit == "s" || unit == "sec" || unit == "second" || unit == "seconds") scale = kSecondMs;
  else if (unit.starts_with("milli") || unit == "ms") scale = 1;
  else scale = 0.0001;  // ticks and microseconds: below Vigil's millisecond resolution
  if (unit.starts_with("micro")) scale = 0.001;
  return real_to_long(n * scale);
}

class Parser {
 public:
  explicit Parser(std::vector<Token> tokens) : tokens_(std::move(tokens)) {}

  QueryAst query() {
    QueryAst q;
    while (true) {
      while (accept_symbol(";")) {
      }
      if (peek().kind == TokenKind::kEnd) break;
      if (peek().is_name("let")) {
        const Token let_token = next();
        LetStatement s;
        const Token& name = expect_name();
        s.name = name.text;
        s.at = at(let_token);
        expect_symbol("=");
        s.value = piped();
        q.lets.push_back(std::move(s));
        continue;
      }
      if (q.body) fail(peek());
      q.body = piped();
    }
    if (!q.body) fail(peek());
    return q;
  }

 private:
  [[noreturn]] void fail(const Token& t) const {
    const std::string what = t.kind == TokenKind::kEnd ? "end of query" : t.text;
    throw HuntError(HuntErrorCode::kSyntax,
                    "Query could not be parsed at '" + what + "' on line [" + std::to_string(t.line) + "," +
                        std::to_string(t.column) + "]",
                    t.line, t.column);
  }

  const Token& peek(std::size_t ahead = 0) const {
    return tokens_[std::min(pos_ + ahead, tokens_.size() - 1)];
  }
  const Token& next() {
    const Token& t = peek();
    if (pos_ < tokens_.size() - 1) ++pos_;
    return t;
  }
  bool accept_symbol(std::string_view s) {
    if (!peek().is_symbol(s)) return false;
    next();
    return true;
  }
  bool accept_name(std::string_view s) {
    if (!peek().is_name(s)) return false;
    next();
    return true;
  }
  void expect_symbol(std::string_view s) {
    if (!accept_symbol(s)) fail(peek());
  }
  const Token& expect_name() {
    if (peek().kind != TokenKind::kName) fail(peek());
    return next();
  }
  void expect_word(std::string_view w) {
    if (!accept_name(w)) fail(peek());
  }

  static ExprPtr node(Expr::Kind kind, Position p) {
    auto e = std::make_unique<Expr>();
    e->kind = kind;
    e->at = p;
    return e;
  }

  // An expression that may continue with `| operator`s.
  ExprPtr piped() {
    auto source = expression();
    if (!peek().is_symbol("|")) return source;
    auto p = node(Expr::Kind::kPipeline, source->at);
    p->args.push_back(std::move(source));
    while (accept_symbol("|")) p->ops.push_back(tabular_operator());
    return p;
  }

  ExprPtr expression() { return or_expr(); }

  ExprPtr binary(ExprPtr left, const Token& op, ExprPtr right) {
    auto e = node(Expr::Kind::kBinary, left->at);
    e->op = op.text;
    e->args.push_back(std::move(left));
    e->args.push_back(std::move(right));
    return e;
  }

  ExprPtr or_expr() {
    auto left = and_expr();
    while (peek().is_name("or")) {
      const Token op = next();
      left = binary(std::move(left), op, and_expr());
    }
    return left;
  }

  ExprPtr and_expr() {
    auto left = comparison();
    while (peek().is_name("and")) {
      const Token op = next();
      left = binary(std::move(left), op, comparison());
    }
    return left;
  }

  ExprPtr comparison() {
    auto left = additive();
    const Token& t = peek();
    const bool word = t.kind == TokenKind::kName || t.kind == TokenKind::kSymbol;
    if (word && one_of(kListWords, t.text)) {
      const Token op = next();
      auto e = node(Expr::Kind::kIn, left->at);
      e->op = op.text;
      e->args.push_back(std::move(left));
      expect_symbol("(");
      do {
        e->args.push_back(piped());
      } while (accept_symbol(","));
      expect_symbol(")");
      return e;
    }
    if (t.is_name("between") || t.is_name("!between")) {
      const Token op = next();
      auto e = node(Expr::Kind::kBetween, left->at);
      e->op = op.text;
      e->args.push_back(std::move(left));
      expect_symbol("(");
      e->args.push_back(additive());
      expect_symbol("..");
      e->args.push_back(additive());
      expect_symbol(")");
      return e;
    }
    if (word && one_of(kComparisonWords, t.text)) {
      Token op = next();
      if (op.text == "matches") {
        expect_word("regex");
        op.text = "matches regex";
      }
      return binary(std::move(left), op, additive());
    }
    return left;
  }

  ExprPtr additive() {
    auto left = multiplicative();
    while (peek().is_symbol("+") || peek().is_symbol("-")) {
      const Token op = next();
      left = binary(std::move(left), op, multiplicative());
    }
    return left;
  }

  ExprPtr multiplicative() {
    auto left = unary();
    while (peek().is_symbol("*") || peek().is_symbol("/") || peek().is_symbol("%")) {
      const Token op = next();
      left = binary(std::move(left), op, unary());
    }
    return left;
  }

  ExprPtr unary() {
    if (peek().is_symbol("-") || peek().is_symbol("+")) {
      const Token op = next();
      auto operand = unary();
      if (op.text == "+") return operand;
      auto e = node(Expr::Kind::kUnary, at(op));
      e->op = "-";
      e->args.push_back(std::move(operand));
      return e;
    }
    return postfix(primary());
  }

  ExprPtr postfix(ExprPtr e) {
    while (true) {
      if (peek().is_symbol(".") && peek(1).kind == TokenKind::kName) {
        next();
        auto m = node(Expr::Kind::kMember, e->at);
        m->name = next().text;
        m->args.push_back(std::move(e));
        e = std::move(m);
      } else if (peek().is_symbol("[")) {
        next();
        auto i = node(Expr::Kind::kIndex, e->at);
        i->args.push_back(std::move(e));
        i->args.push_back(expression());
        expect_symbol("]");
        e = std::move(i);
      } else {
        return e;
      }
    }
  }

  ExprPtr literal(Value v, const Token& t) {
    auto e = node(Expr::Kind::kLiteral, at(t));
    e->value = std::move(v);
    return e;
  }

  ExprPtr primary() {
    // Nesting recurses: bounded so that hostile text cannot exhaust the stack.
    struct Depth {
      int& d;
      explicit Depth(int& depth) : d(++depth) {}
      ~Depth() { --d; }
    } depth(depth_);
    if (depth_ > kMaxDepth) fail(peek());
    const Token t = next();
    switch (t.kind) {
      case TokenKind::kString:
        return literal(Value::string(t.text), t);
      case TokenKind::kLong: {
        std::int64_t n = 0;
        const auto r = std::from_chars(t.text.data(), t.text.data() + t.text.size(), n);
        if (r.ec != std::errc()) fail(t);
        return literal(Value::long_(n), t);
      }
      case TokenKind::kReal: {
        double d = 0;
        const auto r = std::from_chars(t.text.data(), t.text.data() + t.text.size(), d);
        if (r.ec != std::errc()) fail(t);
        return literal(Value::real(d), t);
      }
      case TokenKind::kTimespan: {
        const auto ms = timespan_ms(t.text);
        if (!ms) fail(t);
        return literal(Value::timespan(*ms), t);
      }
      case TokenKind::kDateTime: {
        if (t.text == "null") return literal(Value::null(Type::kDateTime), t);
        // datetime(2024-03-11) is that day's midnight, UTC.
        const auto parsed = parse_timestamp(t.text.size() == 10 ? t.text + "T00:00:00Z" : t.text);
        if (!parsed) fail(t);
        return literal(Value::datetime(*parsed), t);
      }
      case TokenKind::kDynamic: {
        auto j = nlohmann::json::parse(t.text, nullptr, false);
        if (j.is_discarded()) fail(t);
        return literal(Value::dynamic(std::move(j)), t);
      }
      case TokenKind::kSymbol:
        if (t.text == "(") {
          auto inner = piped();
          expect_symbol(")");
          return inner;
        }
        if (t.text == "*") return node(Expr::Kind::kStar, at(t));
        fail(t);
      case TokenKind::kName:
        return name_or_call(t);
      case TokenKind::kEnd:
        break;
    }
    fail(t);
  }

  ExprPtr name_or_call(const Token& t) {
    if (t.text == "true" || t.text == "false") return literal(Value::boolean(t.text == "true"), t);
    if (!peek().is_symbol("(")) {
      auto e = node(Expr::Kind::kName, at(t));
      e->name = t.text;
      return e;
    }
    next();
    // A typed null or literal: long(null), bool(true), timespan(1d).
    if (const auto type = type_from_name(t.text); type && peek().is_name("null") && peek(1).is_symbol(")")) {
      next();
      next();
      return literal(Value::null(*type), t);
    }
    auto e = node(Expr::Kind::kCall, at(t));
    e->name = t.text;
    if (!accept_symbol(")")) {
      do {
        e->args.push_back(piped());
      } while (accept_symbol(","));
      expect_symbol(")");
    }
    return e;
  }

  // `Name = expr` or `expr`.
  NamedExpr named_expr() {
    NamedExpr item;
    if (peek().kind == TokenKind::kName && peek(1).is_symbol("=")) {
      item.name = next().text;
      next();
    }
    item.expr = expression();
    return item;
  }

  std::vector<NamedExpr> named_list() {
    std::vector<NamedExpr> items;
    do {
      items.push_back(named_expr());
    } while (accept_symbol(","));
    return items;
  }

  void name_list(TabularOperator& op) {
    do {
      const Token& n = expect_name();
      std::string name = n.text;
      op.name_positions.push_back(at(n));
      // A wildcard: Account* (the lexer leaves '*' as a symbol).
      while (peek().is_symbol("*") || (peek().kind == TokenKind::kName && name.ends_with("*"))) name += next().text;
      // project-reorder may say asc/desc: order is kept as given.
      if (peek().is_name("asc") || peek().is_name("desc") || peek().is_name("granny-asc")) next();
      op.names.push_back(std::move(name));
    } while (accept_symbol(","));
  }

  std::vector<SortKey> sort_keys() {
    std::vector<SortKey> keys;
    do {
      SortKey k;
      k.expr = expression();
      if (accept_name("asc")) k.descending = false;
      else accept_name("desc");
      if (accept_name("nulls")) {
        if (accept_name("first")) k.nulls_first = true;
        else {
          expect_word("last");
          k.nulls_first = false;
        }
      }
      keys.push_back(std::move(k));
    } while (accept_symbol(","));
    return keys;
  }

  // `kind = x`, `hint.strategy = y` and the like, before an operator's arguments.
  std::optional<std::string> option(std::string_view key) {
    if (peek().is_name(key) && peek(1).is_symbol("=")) {
      next();
      next();
      return expect_name().text;
    }
    return std::nullopt;
  }
  void skip_hints() {
    while (peek().kind == TokenKind::kName && peek().text.starts_with("hint") && peek(1).is_symbol(".")) {
      next();
      next();
      expect_name();
      expect_symbol("=");
      next();
    }
  }

  std::unique_ptr<TabularOperator> tabular_operator() {
    const Token word = expect_name();
    auto op = std::make_unique<TabularOperator>();
    op->at = at(word);
    op->word = word.text;
    using K = TabularOperator::Kind;
    const auto& w = word.text;
    if (w == "where" || w == "filter") {
      op->kind = K::kWhere;
      op->predicate = expression();
    } else if (w == "project") {
      op->kind = K::kProject;
      op->items = named_list();
    } else if (w == "extend") {
      op->kind = K::kExtend;
      op->items = named_list();
    } else if (w == "project-away" || w == "project-reorder" || w == "project-keep") {
      op->kind = w == "project-reorder" ? K::kProjectReorder : K::kProjectAway;
      if (w == "project-keep") fail(word);
      name_list(*op);
    } else if (w == "project-rename") {
      op->kind = K::kProjectRename;
      op->items = named_list();
    } else if (w == "summarize") {
      op->kind = K::kSummarize;
      skip_hints();
      if (!peek().is_name("by")) op->items = named_list();
      if (accept_name("by")) op->by = named_list();
    } else if (w == "distinct") {
      op->kind = K::kDistinct;
      op->items = named_list();
    } else if (w == "take" || w == "limit") {
      op->kind = K::kTake;
      op->count = expression();
    } else if (w == "top") {
      op->kind = K::kTop;
      op->count = expression();
      expect_word("by");
      op->sort = sort_keys();
    } else if (w == "sort" || w == "order") {
      op->kind = K::kSort;
      expect_word("by");
      op->sort = sort_keys();
    } else if (w == "count") {
      op->kind = K::kCount;
    } else if (w == "mv-expand" || w == "mvexpand") {
      mv_expand(*op);
    } else if (w == "join") {
      join(*op);
    } else if (w == "union") {
      op->kind = K::kUnion;
      while (option("kind") || option("withsource") || option("isfuzzy")) {
      }
      do {
        op->tables.push_back(union_leg());
      } while (accept_symbol(","));
    } else if (w == "getschema") {
      op->kind = K::kGetSchema;
    } else {
      fail(word);
    }
    return op;
  }

  ExprPtr union_leg() {
    if (accept_symbol("(")) {
      auto e = piped();
      expect_symbol(")");
      return e;
    }
    const Token& n = expect_name();
    auto e = node(Expr::Kind::kName, at(n));
    e->name = n.text;
    return e;
  }

  void mv_expand(TabularOperator& op) {
    op.kind = TabularOperator::Kind::kMvExpand;
    const bool legacy = op.word == "mvexpand";
    // The legacy operator stops at 128 values per row unless told otherwise.
    if (legacy) op.limit = 128;
    while (option("kind") || option("bagexpansion") || option("with_itemindex")) {
    }
    op.items = named_list();
    if (accept_name("to")) {
      expect_word("typeof");
      expect_symbol("(");
      op.type_of = expect_name().text;
      expect_symbol(")");
    }
    if (accept_name("limit")) {
      const Token& n = next();
      if (n.kind != TokenKind::kLong) fail(n);
      std::int64_t limit = 0;
      const auto r = std::from_chars(n.text.data(), n.text.data() + n.text.size(), limit);
      if (r.ec != std::errc()) fail(n);
      op.limit = limit;
    }
  }

  void join(TabularOperator& op) {
    op.kind = TabularOperator::Kind::kJoin;
    op.join_kind = "innerunique";
    while (true) {
      if (auto k = option("kind")) {
        op.join_kind = *k;
      } else if (peek().kind == TokenKind::kName && peek().text.starts_with("hint") && peek(1).is_symbol(".")) {
        skip_hints();
      } else {
        break;
      }
    }
    op.right = union_leg();
    expect_word("on");
    do {
      op.on.push_back(expression());
    } while (accept_symbol(","));
  }

  static constexpr int kMaxDepth = 200;
  std::vector<Token> tokens_;
  std::size_t pos_ = 0;
  int depth_ = 0;
};

}  // namespace

QueryAst parse_query(std::string_view text) { return Parser(tokenize(text)).query(); }

}  // namespace vigil::engine::hunt
