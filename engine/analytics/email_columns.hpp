#pragma once

#include <string_view>

// The columns of Defender XDR's EmailEvents table that the mail rules read,
// named once: the runs read them, and the ingest matcher records exactly
// the columns the runs say they read (row_values.hpp).
namespace vigil::engine::analytics::email_columns {

inline constexpr std::string_view kMessageId = "NetworkMessageId";
inline constexpr std::string_view kDirection = "EmailDirection";
inline constexpr std::string_view kP1 = "SenderMailFromAddress";  // P1, the envelope sender
inline constexpr std::string_view kP2 = "SenderFromAddress";      // P2, the From header
inline constexpr std::string_view kP1Domain = "SenderMailFromDomain";
inline constexpr std::string_view kP2Domain = "SenderFromDomain";
inline constexpr std::string_view kRecipient = "RecipientEmailAddress";
inline constexpr std::string_view kRecipientDomain = "RecipientDomain";

}  // namespace vigil::engine::analytics::email_columns
