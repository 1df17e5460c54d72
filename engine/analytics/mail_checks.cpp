#include "engine/analytics/mail_checks.hpp"

#include "engine/analytics/column.hpp"
#include "engine/analytics/email_columns.hpp"

namespace vigil::engine::analytics {
namespace {

using namespace email_columns;

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
      const auto p1 = domain_of(row, kP1);
      const auto p2 = domain_of(row, kP2);
      return p1 && p2 && *p1 != *p2;
    }
    case MailCheck::kRecipientOutsideSender: {
      auto recipient = domain_of(row, kRecipient);
      if (!recipient) recipient = lowered(row, kRecipientDomain);
      if (!recipient) return false;
      return lowered(row, kP2Domain) != recipient || lowered(row, kP1Domain) != recipient;
    }
  }
  return false;
}

std::vector<std::string_view> columns_read(MailCheck check) {
  switch (check) {
    case MailCheck::kSenderDomainMismatch:
      return {kP1, kP2};
    case MailCheck::kRecipientOutsideSender:
      return {kRecipient, kRecipientDomain, kP2Domain, kP1Domain};
  }
  return {};
}

}  // namespace vigil::engine::analytics
