// POST /api/v1/events: native batches in every accepted shape.
#include <gtest/gtest.h>

#include "tests/support/daemon_fixture.hpp"
#include "tests/support/test_data.hpp"

namespace vigil::test {
namespace {

const std::string k4688 =
    R"({"@timestamp":"2026-11-22T10:00:00Z","winlog":{"channel":"Security","event_id":"4688","event_data":{)"
    R"("NewProcessName":"C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe","NewProcessId":"0x11cc",)"
    R"("CommandLine":"powershell.exe -c Get-Date","SubjectUserName":"bob","SubjectDomainName":"CORP"}}})";

TEST(EventsHandler, AcceptsArrayNdjsonAndSingleObjectIntoConventionalIndexes) {
  Daemon d;
  auto& c = d.client();
  auto res = c.post("/api/v1/events", "[" + k4688 + "," + k4688 + "]");
  ASSERT_EQ(res.status, 200) << res.body;
  EXPECT_EQ(res.json()["accepted"], 2);
  EXPECT_EQ(res.json()["rejected"], 0);
  res = c.post("/api/v1/events", k4688 + "\r\n" + k4688 + "\n", {{"Content-Type", "application/x-ndjson"}});
  EXPECT_EQ(res.json()["accepted"], 2);
  res = c.post("/api/v1/events", k4688);
  EXPECT_EQ(res.json()["accepted"], 1);
  EXPECT_EQ(c.get("/logs-system.security-vigil/_count").json()["count"], 5);
}

TEST(EventsHandler, BadLinesAreReportedAndGoodOnesStored) {
  Daemon d;
  auto res = d.client().post("/api/v1/events", k4688 + "\n{broken\n42\n" + k4688 + "\n");
  ASSERT_EQ(res.status, 200) << res.body;
  const auto j = res.json();
  EXPECT_EQ(j["accepted"], 2);
  EXPECT_EQ(j["rejected"], 2);
  ASSERT_EQ(j["errors"].size(), 2u);
  auto all = d.client().post("/api/v1/events", "{broken\nalso broken\n");
  EXPECT_EQ(all.status, 400);
  EXPECT_EQ(all.json()["accepted"], 0);
  EXPECT_EQ(d.client().post("/api/v1/events?source=nonsense", k4688).status, 400);
}

// The project's Defender streaming records (tests/data/defender), one per
// line and then inside an Event Hub {"records": [...]} message.
TEST(EventsHandler, DefenderStreamingRecordsAsNdjsonAndAsEventHubMessage) {
  Daemon d;
  const auto body = read_file(data_dir() / "defender/streaming_api_records.ndjson");
  const auto lines = read_json_lines(data_dir() / "defender/streaming_api_records.ndjson");
  ASSERT_EQ(lines.size(), 33u);
  auto res = d.client().post("/api/v1/events?source=defender", body, {{"Content-Type", "application/x-ndjson"}});
  ASSERT_EQ(res.status, 200) << res.body;
  EXPECT_EQ(res.json()["rejected"], 0);
  EXPECT_EQ(res.json()["accepted"].get<std::size_t>(), lines.size());
  EXPECT_EQ(d.client().get("/logs-m365_defender.event-vigil/_count").json()["count"].get<std::size_t>(), lines.size());

  nlohmann::json envelope = {{"records", nlohmann::json::array()}};
  for (const auto& l : lines) envelope["records"].push_back(l);
  res = d.client().post("/api/v1/events", envelope.dump());
  ASSERT_EQ(res.status, 200) << res.body;
  EXPECT_EQ(res.json()["rejected"], 0);
  EXPECT_EQ(res.json()["accepted"].get<std::size_t>(), lines.size());
  EXPECT_EQ(d.client().get("/logs-m365_defender.event-vigil/_count").json()["count"].get<std::size_t>(),
            2 * lines.size());
}

}  // namespace
}  // namespace vigil::test
