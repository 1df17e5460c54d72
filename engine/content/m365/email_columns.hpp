#pragma once

#include <string_view>

// The columns of Defender XDR's EmailEvents table that the mail rules read,
// named once: the runs read them, and the ingest matcher records exactly
// the columns the runs say they read (row_values.hpp).
namespace vigil::engine::content::m365::email_columns {

inline constexpr std::string_view kMessageId = "NetworkMessageId";
inline constexpr std::string_view kDirection = "EmailDirection";
// Microsoft's P1 is the envelope sender (RFC 5321 MAIL FROM), P2 the
// header sender (RFC 5322 From); alerts name them envelope_from and header_from.
inline constexpr std::string_view kP1 = "SenderMailFromAddress";
inline constexpr std::string_view kP2 = "SenderFromAddress";
inline constexpr std::string_view kP1Domain = "SenderMailFromDomain";
inline constexpr std::string_view kP2Domain = "SenderFromDomain";
inline constexpr std::string_view kRecipient = "RecipientEmailAddress";
inline constexpr std::string_view kRecipientDomain = "RecipientDomain";
inline constexpr std::string_view kSenderIPv4 = "SenderIPv4";  // the last server that relayed the mail
inline constexpr std::string_view kSenderIPv6 = "SenderIPv6";
inline constexpr std::string_view kUrlCount = "UrlCount";
inline constexpr std::string_view kAttachmentCount = "AttachmentCount";

}  // namespace vigil::engine::content::m365::email_columns
