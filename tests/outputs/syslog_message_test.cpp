#include "outputs/syslog_message.hpp"

#include <gtest/gtest.h>

#include "tests/outputs/test_entries.hpp"

namespace vigil::outputs {
namespace {

const SyslogIdentity kIdentity{syslog_facility("local0"), "vigil-host", "vigil", "4242"};

TEST(SyslogMessage, IsRfc5424WithTheIdempotencyKeyInStructuredData) {
  const auto entry = testing::created_entry();
  const auto message = syslog_message(kIdentity, SyslogFormat::kJson, entry);
  // local0 (16) * 8 + warning (4, a medium alert)
  const std::string head = "<132>1 " + engine::format_timestamp(entry.at) +
                           " vigil-host vigil 4242 alert.created [vigil@32473 idempotency_key=\"9f2c\" "
                           "alert_id=\"9f2c\" rule_id=\"ce64d965\" severity=\"medium\"] ";
  ASSERT_EQ(message.substr(0, head.size()), head);
  EXPECT_EQ(nlohmann::json::parse(message.substr(head.size()))["alert"]["id"], "9f2c");
}

TEST(SyslogMessage, EscapesStructuredDataValues) {
  auto entry = testing::created_entry();
  entry.alert["rule"]["id"] = "a\"b]c\\d";
  const auto message = syslog_message(kIdentity, SyslogFormat::kJson, entry);
  EXPECT_NE(message.find("rule_id=\"a\\\"b\\]c\\\\d\""), std::string::npos) << message;
}

TEST(SyslogMessage, TriageChangesAreInformational) {
  const auto message = syslog_message(kIdentity, SyslogFormat::kJson, testing::triaged_entry());
  EXPECT_EQ(message.rfind("<134>1 ", 0), 0u) << message;
  EXPECT_NE(message.find(" alert.triaged [vigil@32473 idempotency_key=\"9f2c:triage:9\""), std::string::npos);
}

TEST(SyslogMessage, CefRecordsEscapeHeaderAndExtensionValues) {
  auto entry = testing::created_entry();
  entry.alert["rule"]["name"] = "a|b";
  entry.alert["reason"] = "x=y\nz";
  const auto message = syslog_message(kIdentity, SyslogFormat::kCef, entry);
  const auto cef = message.substr(message.find("CEF:0|"));
  EXPECT_EQ(cef.rfind("CEF:0|Vigil|vigild|", 0), 0u);
  EXPECT_NE(cef.find("|ce64d965|a\\|b|5|rt=1795000000123 externalId=9f2c act=alert.created dhost=WS1 duser=bob "
                     "msg=x\\=y\\nz cs1Label=mitre cs1=T1098,T1098.002 cs2Label=status cs2=open"),
            std::string::npos)
      << cef;
}

TEST(SyslogMessage, FacilitiesByName) {
  EXPECT_EQ(syslog_facility("kern"), 0);
  EXPECT_EQ(syslog_facility("authpriv"), 10);
  EXPECT_EQ(syslog_facility("local7"), 23);
  EXPECT_EQ(syslog_facility("local8"), -1);
}

}  // namespace
}  // namespace vigil::outputs
