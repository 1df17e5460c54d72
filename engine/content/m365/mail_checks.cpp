#include "engine/content/m365/mail_checks.hpp"

#include <optional>
#include <string>

#include "engine/analytics/column.hpp"
#include "engine/content/m365/email_columns.hpp"

namespace vigil::engine::content::m365 {
namespace {

using analytics::ColumnRow;
using namespace email_columns;

std::optional<std::string> domain_of(const ColumnRow& row, std::string_view address_column) {
  const auto address = row.text(address_column);
  return address ? analytics::address_domain(*address) : std::nullopt;
}

std::optional<std::string> lowered(const ColumnRow& row, std::string_view column) {
  const auto text = row.text(column);
  return text ? std::optional(analytics::lowercase(*text)) : std::nullopt;
}

bool sender_domains_differ(const ColumnRow& row) {
  const auto p1 = domain_of(row, kP1);
  const auto p2 = domain_of(row, kP2);
  return p1 && p2 && *p1 != *p2;
}

bool recipient_outside_sender(const ColumnRow& row) {
  auto recipient = domain_of(row, kRecipient);
  if (!recipient) recipient = lowered(row, kRecipientDomain);
  if (!recipient) return false;
  return lowered(row, kP2Domain) != recipient || lowered(row, kP1Domain) != recipient;
}

}  // namespace

const analytics::RowCheck& sender_domain_mismatch() {
  static const analytics::RowCheck check{sender_domains_differ, {kP1, kP2}};
  return check;
}

const analytics::RowCheck& recipient_outside_sender_domain() {
  static const analytics::RowCheck check{recipient_outside_sender, {kRecipient, kRecipientDomain, kP2Domain, kP1Domain}};
  return check;
}

}  // namespace vigil::engine::content::m365
