// The playbook's five queries, pasted verbatim, over rows this test
// writes; each expected row says why Kusto returns it.
#include <gtest/gtest.h>

#include "tests/engine/hunt/hunt_test_support.hpp"
#include "tests/engine/hunt/playbook_queries.hpp"

namespace vigil::engine::hunt::testing {
namespace {

nlohmann::json connector_event(const std::string& action, const std::string& account, TimeMs t,
                               const std::string& name, bool raw_as_text) {
  nlohmann::json raw = {{"RecordType", 1},
                        {"Operation", action},
                        {"Parameters",
                         {{{"Name", "Name"}, {"Value", name}},
                          {{"Name", "Enabled"}, {"Value", "True"}},
                          {{"Name", "SenderDomains"}, {"Value", "*"}}}}};
  return {{"Timestamp", at(t)},
          {"ActionType", action},
          {"Application", "Microsoft Exchange Online"},
          {"ActivityType", "Run"},
          {"AccountObjectId", account},
          // RawEventData arrives as an object from some shippers and as JSON text from others.
          {"RawEventData", raw_as_text ? nlohmann::json(raw.dump()) : raw}};
}

nlohmann::json email(const std::string& id, const std::string& sender, const std::string& connector, TimeMs t) {
  return {{"Timestamp", at(t)},
          {"NetworkMessageId", id},
          {"SenderObjectId", sender},
          {"SenderFromAddress", sender + "@contoso.com"},
          {"SenderMailFromAddress", sender + "@contoso.com"},
          {"SenderFromDomain", "contoso.com"},
          {"SenderMailFromDomain", "contoso.com"},
          {"RecipientEmailAddress", "someone@fabrikam.com"},
          {"EmailDirection", "Outbound"},
          {"Connectors", connector}};
}

TEST(PlaybookTest, NewConnectorQueryListsTheNameAndEnabledParametersOfNewInboundConnectors) {
  HuntStore store;
  // C1: the row the query is about (RawEventData as JSON text).
  store.add("CloudAppEvents", connector_event("New-InboundConnector", "admin-1", kNow - kDayMs, "EvilConnector", true));
  // No AccountObjectId: dropped by isnotempty(AccountObjectId).
  store.add("CloudAppEvents", connector_event("New-InboundConnector", "", kNow - kDayMs, "NoAccount", false));
  // A Set-, not a New-InboundConnector: dropped by ==.
  store.add("CloudAppEvents", connector_event("Set-InboundConnector", "admin-1", kNow - kDayMs, "Partner", false));
  // Eight days old: outside now(-7d) .. now().
  store.add("CloudAppEvents", connector_event("New-InboundConnector", "admin-1", kNow - 8 * kDayMs, "Old", false));
  const auto result = store.run(kNewConnectorQuery);
  const auto rows = rows_of(result);
  ASSERT_EQ(rows.size(), 2u);
  // project-reorder puts the two columns first.
  EXPECT_EQ(column_names(result)[0], "ConnectorName");
  EXPECT_EQ(column_names(result)[1], "IsEnabled");
  // mvexpand gave C1 three rows; the Name parameter names the connector...
  EXPECT_EQ(rows[0]["ConnectorName"], "EvilConnector");
  EXPECT_EQ(rows[0]["IsEnabled"], false);
  // ...the Enabled parameter with Value "True" sets IsEnabled...
  EXPECT_EQ(rows[1]["ConnectorName"], "");
  EXPECT_EQ(rows[1]["IsEnabled"], true);
  // ...and SenderDomains matched neither, so where dropped it.
  EXPECT_EQ(rows[0]["AccountObjectId"], "admin-1");
}

TEST(PlaybookTest, ConnectorVolumeQueryCountsOnlyTheFirstConnectorToscalarReturns) {
  HuntStore store;
  // myConnector's summarize yields the connectors in the order the scan met
  // them (time order): PartnerConnector (two days ago) before EvilConnector
  // (one day ago). toscalar() takes the first row only, so the query counts
  // PartnerConnector's mail and not EvilConnector's.
  store.add("CloudAppEvents", connector_event("Set-InboundConnector", "admin-1", kNow - 2 * kDayMs,
                                              "PartnerConnector", false));
  store.add("CloudAppEvents", connector_event("New-InboundConnector", "admin-1", kNow - kDayMs, "EvilConnector", false));
  const TimeMs hour = kNow - 3 * kHourMs;  // 09:00, a bin(Timestamp, 1h) boundary
  for (int i = 0; i < 100; ++i) {
    // sender-a: 100 distinct messages through PartnerConnector in one hour: MailCount 100 >= 100.
    store.add("EmailEvents", email("a-" + std::to_string(i), "sender-a", "PartnerConnector", hour + i * 1000));
    // sender-b: as many through EvilConnector, not the connector toscalar picked.
    store.add("EmailEvents", email("b-" + std::to_string(i), "sender-b", "EvilConnector", hour + i * 1000));
    // sender-d: "partnerconnector" differs in case, and `in` is case-sensitive.
    store.add("EmailEvents", email("d-" + std::to_string(i), "sender-d", "partnerconnector", hour + i * 1000));
  }
  for (int i = 0; i < 5; ++i)  // the same messages to other recipients: dcount counts each message once
    store.add("EmailEvents", email("a-" + std::to_string(i), "sender-a", "PartnerConnector", hour + 200000 + i));
  for (int i = 0; i < 99; ++i)  // sender-c: 99 messages, under the threshold
    store.add("EmailEvents", email("c-" + std::to_string(i), "sender-c", "PartnerConnector", hour + i * 1000));
  const auto result = store.run(kConnectorVolumeQuery);
  EXPECT_EQ(column_names(result), (std::vector<std::string>{"Connectors", "SenderObjectId", "Timestamp", "MailCount"}));
  const auto rows = rows_of(result);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0]["Connectors"], "PartnerConnector");
  EXPECT_EQ(rows[0]["SenderObjectId"], "sender-a");
  EXPECT_EQ(rows[0]["Timestamp"], format_datetime(hour));
  EXPECT_EQ(rows[0]["MailCount"], 100);
}

nlohmann::json outbound(const std::string& id, const std::string& recipient, const std::string& direction,
                        const std::string& sender = "s1") {
  auto row = email(id, sender, "", kNow - kHourMs);
  row["RecipientEmailAddress"] = recipient;
  row["EmailDirection"] = direction;
  return row;
}

TEST(PlaybookTest, ExternalDomainsQueryKeepsMailToOtherDomainsThatIsNeitherInboundNorIntraOrg) {
  HuntStore store;
  store.add("EmailEvents", outbound("e1", "bob@fabrikam.com", "Outbound"));     // another domain: kept
  store.add("EmailEvents", outbound("e2", "alice@contoso.com", "Outbound"));    // the sender's own domain: dropped
  store.add("EmailEvents", outbound("e3", "carol@Contoso.com", "Outbound"));    // != is case-sensitive: kept
  store.add("EmailEvents", outbound("e4", "dave@fabrikam.com", "Inbound"));     // !in drops Inbound
  store.add("EmailEvents", outbound("e5", "erin@fabrikam.com", "Intra-org"));   // and Intra-org
  store.add("EmailEvents", outbound("e6", "frank@fabrikam.com", "inbound"));    // !in is case-sensitive: kept
  store.add("EmailEvents", outbound("e7", "gina@fabrikam.com", "Outbound", ""));  // no SenderObjectId: dropped
  const auto result = store.run(kExternalDomainsQuery);
  const auto rows = rows_of(result);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0]["NetworkMessageId"], "e1");
  EXPECT_EQ(rows[1]["NetworkMessageId"], "e3");
  EXPECT_EQ(rows[2]["NetworkMessageId"], "e6");
  // split(...)[1] is dynamic, added as the last column.
  EXPECT_EQ(result.schema.columns.back(), (Column{"RecipientDomain", Type::kDynamic}));
  EXPECT_EQ(rows[1]["RecipientDomain"], "Contoso.com");
}

TEST(PlaybookTest, SimilarSendersQueryNeedsMoreThanTheThresholdOfMessagesInAnHour) {
  HuntStore store;
  const TimeMs hour = kNow - 2 * kHourMs;
  for (int i = 0; i < 101; ++i) {  // s1: 101 external messages in one hour: > 100
    auto row = outbound("s1-" + std::to_string(i), "x@fabrikam.com", "Outbound", "s1");
    row["Timestamp"] = at(hour + i * 1000);
    store.add("EmailEvents", row);
  }
  for (int i = 0; i < 100; ++i) {  // s2: exactly 100: not > 100
    auto row = outbound("s2-" + std::to_string(i), "x@fabrikam.com", "Outbound", "s2");
    row["Timestamp"] = at(hour + i * 1000);
    store.add("EmailEvents", row);
  }
  const auto result = store.run(kSimilarSendersQuery);
  EXPECT_EQ(column_names(result), (std::vector<std::string>{"SenderObjectId", "SenderFromAddress",
                                                            "SenderMailFromAddress", "Timestamp", "MailCount"}));
  const auto rows = rows_of(result);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0]["SenderObjectId"], "s1");
  EXPECT_EQ(rows[0]["SenderFromAddress"], "s1@contoso.com");
  EXPECT_EQ(rows[0]["Timestamp"], format_datetime(hour));
  EXPECT_EQ(rows[0]["MailCount"], 101);
}

nlohmann::json logon(const std::string& action, const std::string& user, TimeMs t, const std::string& report,
                     const std::string& application = "Microsoft 365") {
  return {{"Timestamp", at(t)},         {"ActionType", action},    {"Application", application},
          {"LogonType", "Login"},       {"Protocol", "OAuth2"},   {"AccountObjectId", user},
          {"AccountUpn", user + "@contoso.com"}, {"ISP", "EvilISP"}, {"CountryCode", "RU"},
          {"ReportId", report}};
}

TEST(PlaybookTest, LogonFailuresQueryFindsASuccessWithinTenSecondsOfTheFirstBurstOfFailures) {
  HuntStore store;
  const TimeMs t = kNow - kHourMs;  // 11:00:00, a bin(Timestamp, 60s) boundary
  // u1, first bin [11:00:00, 11:01:00): 101 failures from 11:00:49 to 11:00:59 (LatestTime).
  for (int i = 0; i <= 100; ++i) store.add("IdentityLogonEvents", logon("LogonFailed", "u1", t + 49000 + i * 100, "f"));
  // u1, second bin: 101 failures from 11:01:00 to 11:01:01. logonFail holds
  // two rows with u1's join key; innerunique keeps only the first, so the
  // result counts each success once and LatestFailedTime is the first bin's.
  for (int i = 0; i <= 100; ++i) store.add("IdentityLogonEvents", logon("LogonFailed", "u1", t + 60000 + i * 10, "f"));
  // Successes: 11:01:05 is within LatestTime .. LatestTime + 10s; 11:01:09
  // is exactly LatestTime + 10s, and between includes its bounds; 11:01:10 is past it.
  store.add("IdentityLogonEvents", logon("LogonSuccess", "u1", t + 65000, "r1"));
  store.add("IdentityLogonEvents", logon("LogonSuccess", "u1", t + 69000, "r2"));
  store.add("IdentityLogonEvents", logon("LogonSuccess", "u1", t + 70000, "r3"));
  // u2: exactly 100 failures, not > 100, then a success: no row.
  for (int i = 0; i < 100; ++i) store.add("IdentityLogonEvents", logon("LogonFailed", "u2", t + 49000 + i * 100, "f"));
  store.add("IdentityLogonEvents", logon("LogonSuccess", "u2", t + 60000, "r4"));
  // u3: 101 failures against Active Directory, which the query leaves out.
  for (int i = 0; i <= 100; ++i)
    store.add("IdentityLogonEvents", logon("LogonFailed", "u3", t + 49000 + i * 100, "f", "Active Directory"));
  store.add("IdentityLogonEvents", logon("LogonSuccess", "u3", t + 60000, "r5", "Active Directory"));
  const auto result = store.run(kLogonFailuresQuery);
  EXPECT_EQ(column_names(result),
            (std::vector<std::string>{"AccountObjectId", "AccountUpn", "Timestamp", "ReportId", "EarliestFailedTime",
                                      "LatestFailedTime", "failedLogonCount", "SuccessLogonCount", "ISPSet",
                                      "CountrySet", "AppSet"}));
  const auto rows = rows_of(result);
  ASSERT_EQ(rows.size(), 1u);
  const auto& r = rows[0];
  EXPECT_EQ(r["AccountObjectId"], "u1");
  EXPECT_EQ(r["AccountUpn"], "u1@contoso.com");
  EXPECT_EQ(r["Timestamp"], format_datetime(t + 65000));  // arg_min: the earliest success...
  EXPECT_EQ(r["ReportId"], "r1");                         // ...and its ReportId
  EXPECT_EQ(r["EarliestFailedTime"], format_datetime(t + 49000));
  EXPECT_EQ(r["LatestFailedTime"], format_datetime(t + 59000));
  EXPECT_EQ(r["failedLogonCount"], 101);
  EXPECT_EQ(r["SuccessLogonCount"], 2);  // r1 and r2 (kind=inner would add r1, r2, r3 for the second bin)
  EXPECT_EQ(r["ISPSet"], nlohmann::json::array({"EvilISP"}));
  EXPECT_EQ(r["CountrySet"], nlohmann::json::array({"RU"}));
  EXPECT_EQ(r["AppSet"], nlohmann::json::array({"Microsoft 365"}));
}

}  // namespace
}  // namespace vigil::engine::hunt::testing
