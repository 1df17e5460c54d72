#include "engine/rules/exception_reader.hpp"

#include <array>
#include <string_view>
#include <utility>

#include "engine/rules/field_reader.hpp"

namespace vigil::engine {
namespace {

constexpr std::array<std::pair<std::string_view, ExceptionOperator>, 8> kOperators{{
    {"is", ExceptionOperator::kIs},
    {"is_not", ExceptionOperator::kIsNot},
    {"is_one_of", ExceptionOperator::kIsOneOf},
    {"is_not_one_of", ExceptionOperator::kIsNotOneOf},
    {"matches", ExceptionOperator::kMatches},
    {"does_not_match", ExceptionOperator::kDoesNotMatch},
    {"exists", ExceptionOperator::kExists},
    {"does_not_exist", ExceptionOperator::kDoesNotExist},
}};

std::optional<ExceptionOperator> parse_operator(std::string_view text) {
  for (const auto& [name, op] : kOperators) {
    if (name == text) return op;
  }
  return std::nullopt;
}

std::optional<ExceptionEntry> read_entry(FieldReader& fields) {
  ExceptionEntry entry;
  const auto field = fields.string("field", Presence::kRequired);
  if (field && field->empty()) fields.invalid("field", "must not be empty");
  const auto op_name = fields.string("operator", Presence::kRequired);
  std::optional<ExceptionOperator> op;
  if (op_name) {
    op = parse_operator(*op_name);
    if (!op) {
      fields.invalid("operator", "must be one of is, is_not, is_one_of, is_not_one_of, matches, does_not_match, "
                                 "exists, does_not_exist; found \"" + *op_name + "\"");
    }
  }
  if (fields.failed()) return std::nullopt;
  entry.field = *field;
  entry.op = *op;

  switch (entry.op) {
    case ExceptionOperator::kExists:
    case ExceptionOperator::kDoesNotExist:
      if (fields.has("value")) fields.invalid("value", "is not allowed with operator \"" + *op_name + "\"");
      break;
    case ExceptionOperator::kIsOneOf:
    case ExceptionOperator::kIsNotOneOf: {
      auto values = fields.strings("value", Presence::kRequired, /*allow_single=*/true);
      if (values && values->empty()) fields.invalid("value", "must list at least one value");
      if (values) entry.values = std::move(*values);
      break;
    }
    default:
      if (auto value = fields.string("value", Presence::kRequired)) entry.values.push_back(std::move(*value));
      break;
  }
  if (fields.failed()) return std::nullopt;
  return entry;
}

}  // namespace

std::optional<std::vector<ExceptionItem>> read_exception_items(const RuleSource& source, LoadResult& result) {
  FieldReader rule(source, JsonPointer(), result);
  const auto* items = rule.array("exceptions");
  if (rule.failed()) return std::nullopt;
  std::vector<ExceptionItem> read;
  if (items == nullptr) return read;

  bool ok = true;
  for (std::size_t i = 0; i < items->size(); ++i) {
    FieldReader item_fields(source, rule.pointer("exceptions") / i, result);
    ExceptionItem item;
    item.name = item_fields.string("name").value_or("");
    const auto* entries = item_fields.array("entries", Presence::kRequired);
    if (entries != nullptr && entries->empty()) {
      // An item without entries would match every event and silence the rule.
      item_fields.invalid("entries", "must hold at least one entry");
    }
    if (item_fields.failed()) {
      ok = false;
      continue;
    }
    for (std::size_t j = 0; j < entries->size(); ++j) {
      FieldReader entry_fields(source, item_fields.pointer("entries") / j, result);
      if (auto entry = read_entry(entry_fields)) {
        item.entries.push_back(std::move(*entry));
      } else {
        ok = false;
      }
    }
    read.push_back(std::move(item));
  }
  if (!ok) return std::nullopt;
  return read;
}

}  // namespace vigil::engine
