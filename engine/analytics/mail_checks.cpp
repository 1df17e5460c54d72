#include "engine/analytics/mail_checks.hpp"

#include "engine/analytics/column.hpp"

namespace vigil::engine::analytics {
namespace {

std::optional<std::string> domain_of(const ColumnRow& row, std::string_view address_column) {
  const auto address = row.text(address_column);
  return address ? address_domain(*address) : std::nullopt;
}

std::optional<std::string> lowered(const ColumnRow& row, std::string_view column) {
  const auto text = row.text(column);
  return text ? std::optional(lowercase(*text)) : std::nullopt;
}

}  // namespace

bool passes(const ColumnRow& row, MailCheck check) {
  switch (check) {
    case MailCheck::kSenderDomainMismatch: {
      const auto p1 = domain_of(row, "SenderMailFromAddress");
      const auto p2 = domain_of(row, "SenderFromAddress");
      return p1 && p2 && *p1 != *p2;
    }
    case MailCheck::kRecipientOutsideSender: {
      auto recipient = domain_of(row, "RecipientEmailAddress");
      if (!recipient) recipient = lowered(row, "RecipientDomain");
      if (!recipient) return false;
      return lowered(row, "SenderFromDomain") != recipient || lowered(row, "SenderMailFromDomain") != recipient;
    }
  }
  return false;
}

}  // namespace vigil::engine::analytics
