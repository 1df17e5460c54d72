// GET /api/v1/inputs/dead_letters on the real daemon, over real HTTP, with
// letters kept in its real SQLite file before it starts: filtered, newest
// first, paged by cursor and by the response bound, binary payloads as
// base64, and each bad parameter a 400 naming it.
#include <gtest/gtest.h>

#include <fstream>
#include <set>

#include "api/http/base64.hpp"
#include "engine/time/timestamp.hpp"
#include "storage/sqlite/sqlite_dead_letter_store.hpp"
#include "tests/support/daemon_fixture.hpp"
#include "tests/support/temp_dir.hpp"

namespace vigil::test {
namespace {

using engine::ingest::DeadLetter;
using namespace std::chrono_literals;

constexpr const char* kRoute = "/api/v1/inputs/dead_letters";

engine::TimeMs minutes_ago(int minutes) {
  const auto now =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch());
  return now.count() - minutes * 60'000LL;
}

DeadLetter letter(std::string input, std::string topic, std::int64_t offset, engine::TimeMs at,
                  std::string payload = "{\"winlog\": tru") {
  const auto bytes = payload.size();
  return {
      std::move(input), 0, std::move(topic), 0, offset, "the message is not valid JSON", std::move(payload), bytes, at};
}

// Letters kept by the store the daemon then opens, as a Kafka input keeps them.
void keep(const std::filesystem::path& data_dir, const std::vector<DeadLetter>& letters) {
  std::filesystem::create_directories(data_dir);
  storage::Database db{storage::Database::Options{data_dir / "vigil.db"}};
  storage::SqliteDeadLetterStore(db).add(letters);
}

std::vector<std::int64_t> offsets(const nlohmann::json& page) {
  std::vector<std::int64_t> out;
  for (const auto& l : page["dead_letters"]) out.push_back(l["offset"]);
  return out;
}

TEST(DeadLettersApi, ListsNewestFirstFilteredAndPagedByCursor) {
  TempDir dir;
  std::string binary(100 * 1024, '\xff');
  binary[0] = '\0';
  const auto newest_at = minutes_ago(60);
  keep(dir / "data",
       {letter("beats", "winlogbeat", 1, minutes_ago(180)), letter("beats", "winlogbeat", 2, minutes_ago(120)),
        letter("hub", "defender", 7, minutes_ago(90), binary), letter("beats", "winlogbeat", 3, newest_at)});
  Daemon d({}, dir / "data");

  const auto all = d.client().get(kRoute);
  ASSERT_EQ(all.status, 200) << all.body;
  EXPECT_EQ(offsets(all.json()), (std::vector<std::int64_t>{3, 7, 2, 1}));
  EXPECT_EQ(all.json()["total"], 4);
  EXPECT_TRUE(all.json()["next_cursor"].is_null());
  const auto newest = all.json()["dead_letters"][0];
  EXPECT_EQ(newest["input"], "beats");
  EXPECT_EQ(newest["topic"], "winlogbeat");
  EXPECT_EQ(newest["partition"], 0);
  EXPECT_EQ(newest["epoch"], 0);
  EXPECT_EQ(newest["error"], "the message is not valid JSON");
  EXPECT_EQ(newest["payload"], "{\"winlog\": tru");
  EXPECT_EQ(newest["payload_encoding"], "utf-8");
  EXPECT_EQ(newest["payload_truncated"], false);
  EXPECT_EQ(engine::parse_timestamp(newest["at"].get<std::string>()), newest_at) << newest["at"];

  // The binary message: its first 64 KiB as base64, and its whole size.
  const auto hub = d.client().get(std::string(kRoute) + "?topic=defender").json();
  ASSERT_EQ(hub["dead_letters"].size(), 1u);
  EXPECT_EQ(hub["dead_letters"][0]["payload_encoding"], "base64");
  EXPECT_EQ(api::base64_decode(hub["dead_letters"][0]["payload"].get<std::string>()), binary.substr(0, 64 * 1024));
  EXPECT_EQ(hub["dead_letters"][0]["payload_bytes"], 100 * 1024);
  EXPECT_EQ(hub["dead_letters"][0]["payload_truncated"], true);

  // One input, two a page: the cursor leads to the rest, then ends.
  const auto first = d.client().get(std::string(kRoute) + "?input=beats&limit=2").json();
  EXPECT_EQ(offsets(first), (std::vector<std::int64_t>{3, 2}));
  EXPECT_EQ(first["total"], 3);
  ASSERT_TRUE(first["next_cursor"].is_string()) << first;
  const auto second =
      d.client().get(std::string(kRoute) + "?input=beats&limit=2&cursor=" + first["next_cursor"].get<std::string>());
  EXPECT_EQ(offsets(second.json()), (std::vector<std::int64_t>{1}));
  EXPECT_TRUE(second.json()["next_cursor"].is_null());

  // When they were set aside: since is inclusive, until exclusive.
  const auto window = d.client().get(std::string(kRoute) + "?since=now-150m&until=now-75m").json();
  EXPECT_EQ(offsets(window), (std::vector<std::int64_t>{7, 2}));
  EXPECT_EQ(window["total"], 2);
  EXPECT_EQ(d.client().get(std::string(kRoute) + "?input=nobody").json()["total"], 0);
  EXPECT_EQ(d.stop(), 0);
}

TEST(DeadLettersApi, APageEndsBeforeTheResponseBoundWithACursor) {
  TempDir dir;
  std::vector<DeadLetter> letters;
  const std::string big(64 * 1024, '\xfe');  // 87 KiB of base64 each: 2 MiB holds about 23
  for (int i = 1; i <= 40; ++i) letters.push_back(letter("hub", "defender", i, minutes_ago(10), big));
  keep(dir / "data", letters);
  std::ofstream(dir / "vigil.toml") << "[retention]\nevents_days = 36500\n[server]\nmax_response_bytes = 2097152\n";
  Daemon d({"--config", (dir / "vigil.toml").string()}, dir / "data");

  std::set<std::int64_t> seen;
  std::string cursor;
  int pages = 0;
  do {
    const auto page = d.client().get(std::string(kRoute) + "?limit=1000" + (cursor.empty() ? "" : "&cursor=" + cursor));
    ASSERT_EQ(page.status, 200) << page.body.substr(0, 500);
    EXPECT_LE(page.body.size(), 2097152u);
    for (const auto offset : offsets(page.json())) EXPECT_TRUE(seen.insert(offset).second) << offset;
    cursor = page.json()["next_cursor"].is_string() ? page.json()["next_cursor"].get<std::string>() : "";
    ++pages;
  } while (!cursor.empty() && pages < 10);
  EXPECT_EQ(seen.size(), 40u);
  EXPECT_EQ(pages, 2);
  EXPECT_EQ(d.stop(), 0);
}

TEST(DeadLettersApi, EachBadParameterIsA400NamingIt) {
  Daemon d;
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"?limit=0", "limit must be a whole number from 1 to 1000, got '0'"},
      {"?since=yesterday", "since must be an RFC 3339 timestamp"},
      {"?until=2026-13-01", "until must be an RFC 3339 timestamp"},
      {"?since=now-1h&until=now-2h", "since must be before until"},
      {"?cursor=abc", "invalid cursor"},
      {"?colour=red", "unknown query parameter 'colour'; allowed: input, topic, since, until, limit, cursor, pretty"},
      {"?input=a&input=b", "input takes one value, got 2"},
      {"?topic=", "topic must be a name of 1 to 512 characters"},
      {"?pretty=maybe", "pretty must be empty, true or false"},
  };
  for (const auto& [query, reason] : cases) {
    const auto res = d.client().get(std::string(kRoute) + query);
    EXPECT_EQ(res.status, 400) << query;
    EXPECT_EQ(res.json()["error"]["type"], "illegal_argument_exception") << query;
    EXPECT_NE(res.json()["error"]["reason"].get<std::string>().find(reason), std::string::npos)
        << query << ": " << res.body;
  }
  const auto pretty = d.client().get(std::string(kRoute) + "?pretty");
  EXPECT_EQ(pretty.status, 200);
  EXPECT_EQ(pretty.json()["total"], 0);
  EXPECT_EQ(d.stop(), 0);
}

}  // namespace
}  // namespace vigil::test
