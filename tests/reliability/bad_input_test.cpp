// Hostile input against the real daemon: every request gets its expected
// status and error type, the good items beside bad ones are stored, and the
// daemon stays ready without growing across passes.
#include <gtest/gtest.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "tests/support/compression.hpp"
#include "tests/support/daemon_fixture.hpp"
#include "tests/support/process_status.hpp"
#include "tests/support/sanitizers.hpp"

namespace vigil::test {
namespace {

const std::string kAdminKey = "bad-input-admin-key";  // sha256 below
const std::string kReadKey = "bad-input-read-key";
const std::string kConfig = R"(
[server]
body_limit = 8388608
read_timeout_seconds = 2

[[auth.api_keys]]
name = "admin"
roles = ["admin"]
sha256 = "fc1030e998cdfc7e10ba8f79ab128aa5569c91e057ddaa4f45a8006617fb05d2"

[[auth.api_keys]]
name = "reader"
roles = ["read"]
sha256 = "1a25a5f96d55242630b6018b5996586d8ef71d5854800f1d03cf0bee47dfacd5"
)";

// Where the expected error type is: the response's error.type, or the type
// of a _bulk item's error in a 200 response, or nowhere (status only).
enum class Where { kTop, kItem, kStatus };

struct Case {
  std::string name;
  std::string method;
  std::string target;
  std::string body;
  std::map<std::string, std::string> headers;
  int status;
  std::string type;
  Where where = Where::kTop;
  // An action line whose source is missing takes the next line as its
  // source, as in Elasticsearch: such an item only fails alone at the end.
  bool ends_body = false;
};

const std::map<std::string, std::string> kNdjson = {{"Content-Type", "application/x-ndjson"}};
const std::map<std::string, std::string> kJson = {{"Content-Type", "application/json"}};

std::map<std::string, std::string> with(std::map<std::string, std::string> headers,
                                        const std::map<std::string, std::string>& more) {
  headers.insert(more.begin(), more.end());
  return headers;
}

std::string create(const std::string& source, const std::string& index = "bad-input") {
  return "{\"create\":{\"_index\":\"" + index + "\"}}\n" + source + "\n";
}

std::string nested(std::size_t depth) { return std::string(depth, '[') + std::string(depth, ']'); }

std::vector<Case> cases() {
  const std::string good = R"({"message":"fine"})";
  std::vector<Case> c = {
      // _bulk: whole-request refusals
      {"empty bulk body", "POST", "/_bulk", "", kNdjson, 400, "action_request_validation_exception"},
      {"wrong content type",
       "POST",
       "/_bulk",
       create(good),
       {{"Content-Type", "text/html"}},
       406,
       "media_type_header_exception"},
      {"unknown content encoding", "POST", "/_bulk", create(good), with(kNdjson, {{"Content-Encoding", "br"}}), 415,
       "illegal_argument_exception"},
      {"corrupt gzip", "POST", "/_bulk", "definitely not gzip", with(kNdjson, {{"Content-Encoding", "gzip"}}), 400,
       "parse_exception"},
      {"truncated gzip", "POST", "/_bulk", compress(create(good)).substr(0, 12),
       with(kNdjson, {{"Content-Encoding", "gzip"}}), 400, "parse_exception"},
      {"gzip bomb 1000:1", "POST", "/_bulk", compress(std::string(64u << 20, ' ')),
       with(kNdjson, {{"Content-Encoding", "gzip"}}), 413, "content_too_long_exception"},
      // _bulk: one bad item, answered per item
      {"invalid JSON source", "POST", "/_bulk", create("{not json"), kNdjson, 200, "document_parsing_exception",
       Where::kItem},
      {"source is an array", "POST", "/_bulk", create("[1,2]"), kNdjson, 200, "document_parsing_exception",
       Where::kItem},
      {"source is a string", "POST", "/_bulk", create("\"text\""), kNdjson, 200, "document_parsing_exception",
       Where::kItem},
      {"truncated NDJSON source", "POST", "/_bulk", create("{\"a\":\"unterminated"), kNdjson, 200,
       "document_parsing_exception", Where::kItem},
      {"action line not JSON", "POST", "/_bulk", "{create\n" + good + "\n", kNdjson, 200, "illegal_argument_exception",
       Where::kItem},
      {"action line not an object", "POST", "/_bulk", "[\"create\"]\n" + good + "\n", kNdjson, 200,
       "illegal_argument_exception", Where::kItem},
      {"unknown action", "POST", "/_bulk", "{\"upsert\":{\"_index\":\"x\"}}\n" + good + "\n", kNdjson, 200,
       "illegal_argument_exception", Where::kItem},
      {"action without its source", "POST", "/_bulk", "{\"create\":{\"_index\":\"bad-input\"}}\n", kNdjson, 200,
       "illegal_argument_exception", Where::kItem, true},
      {"delete action", "POST", "/_bulk", "{\"delete\":{\"_index\":\"bad-input\",\"_id\":\"1\"}}\n", kNdjson, 200,
       "illegal_argument_exception", Where::kItem},
      {"update action", "POST", "/_bulk", "{\"update\":{\"_index\":\"bad-input\",\"_id\":\"1\"}}\n{\"doc\":{}}\n",
       kNdjson, 200, "illegal_argument_exception", Where::kItem},
      {"10,000-deep nesting", "POST", "/_bulk", create("{\"a\":" + nested(10000) + "}"), kNdjson, 200,
       "document_parsing_exception", Where::kItem},
      {"number beyond double", "POST", "/_bulk", create("{\"n\":1e999999}"), kNdjson, 200, "document_parsing_exception",
       Where::kItem},
      {"invalid UTF-8", "POST", "/_bulk", create("{\"a\":\"\xff\xfe\"}"), kNdjson, 200, "document_parsing_exception",
       Where::kItem},
      {"NUL byte in a string", "POST", "/_bulk", create(std::string("{\"a\":\"b\0c\"}", 11)), kNdjson, 200,
       "document_parsing_exception", Where::kItem},
      {"index name with path traversal", "POST", "/_bulk", create(good, "../../etc/passwd"), kNdjson, 200,
       "invalid_index_name_exception", Where::kItem},
      {"index name upper case", "POST", "/_bulk", create(good, "Bad-Input"), kNdjson, 200,
       "invalid_index_name_exception", Where::kItem},
      {"index name with NUL", "POST", "/_bulk", create(good, "bad\\u0000input"), kNdjson, 200,
       "invalid_index_name_exception", Where::kItem},
      {"id of the wrong type", "POST", "/_bulk", "{\"create\":{\"_index\":\"bad-input\",\"_id\":{}}}\n" + good + "\n",
       kNdjson, 200, "illegal_argument_exception", Where::kItem},
      // accepted shapes that a naive parser would refuse
      {"duplicate keys", "POST", "/_bulk", create("{\"a\":1,\"a\":2}"), kNdjson, 200, "", Where::kStatus},
      {"missing final newline", "POST", "/_bulk", create(good).substr(0, create(good).size() - 1), kNdjson, 200, "",
       Where::kStatus},
      {"huge integer", "POST", "/_bulk", create("{\"n\":123456789012345678901234567890}"), kNdjson, 200, "",
       Where::kStatus},
      // native events
      {"events: invalid JSON", "POST", "/api/v1/events", "{bad", kJson, 400, "parse_exception"},
      {"events: array of numbers", "POST", "/api/v1/events", "[1,2,3]", kJson, 400, "parse_exception"},
      {"events: empty body", "POST", "/api/v1/events", "", kJson, 400, ""},
      {"events: unknown source", "POST", "/api/v1/events?source=windows95", good, kJson, 400, ""},
      {"events: 10,000-deep nesting", "POST", "/api/v1/events", nested(10000), kJson, 400, "parse_exception"},
      // routing and methods
      {"unknown route", "GET", "/no/such/route", "", {}, 404, "not_found"},
      {"wrong method on _bulk", "DELETE", "/_bulk", "", {}, 405, "method_not_allowed"},
      {"wrong method on alerts", "PUT", "/api/v1/alerts", "", {}, 405, "method_not_allowed"},
      {"path traversal in the index", "POST", "/..%2F..%2Fetc/_bulk", create(good), kNdjson, 400,
       "invalid_index_name_exception"},
      {"malformed percent-encoding", "GET", "/api/v1/alerts?q=%zz", "", {}, 400, "illegal_argument_exception"},
      {"%00 in a path", "GET", "/api/v1/alerts/a%00b", "", {}, 400, "illegal_argument_exception"},
      // alert query parameters
      {"unknown query parameter", "GET", "/api/v1/alerts?colour=red", "", {}, 400, "illegal_argument_exception"},
      {"oversized limit", "GET", "/api/v1/alerts?limit=100000", "", {}, 400, "illegal_argument_exception"},
      {"negative limit", "GET", "/api/v1/alerts?limit=-1", "", {}, 400, "illegal_argument_exception"},
      {"bad cursor", "GET", "/api/v1/alerts?cursor=bm90IGEgY3Vyc29y", "", {}, 400, "illegal_argument_exception"},
      {"cursor of garbage bytes", "GET", "/api/v1/alerts?cursor=%FF%FE", "", {}, 400, "illegal_argument_exception"},
      {"bad date", "GET", "/api/v1/alerts?since=yesterday", "", {}, 400, "illegal_argument_exception"},
      {"bad date math", "GET", "/api/v1/alerts?until=now-3x", "", {}, 400, "illegal_argument_exception"},
      {"bad severity", "GET", "/api/v1/alerts?severity=apocalyptic", "", {}, 400, "illegal_argument_exception"},
      {"bad technique",
       "GET",
       "/api/v1/alerts?technique=T1%27%20OR%201%3D1",
       "",
       {},
       400,
       "illegal_argument_exception"},
      {"%00 in a filter", "GET", "/api/v1/alerts?host=a%00b", "", {}, 400, "illegal_argument_exception"},
      {"SQL metacharacters in filters",
       "GET",
       "/api/v1/alerts?rule_id=%27%3B%20DROP%20TABLE%20alerts%3B--&host=%22%20OR%20%221%22%3D%221&q=%25%27%29--",
       "",
       {},
       200,
       "",
       Where::kStatus},
      {"too many query parameters",
       "GET",
       "/api/v1/alerts?" +
           [] {
             std::string q;
             for (int i = 0; i < 70; ++i) q += "status=open&";
             return q;
           }(),
       "",
       {},
       400,
       ""},
      {"bad sort", "GET", "/api/v1/alerts?sort=seq;DROP", "", {}, 400, "illegal_argument_exception"},
      // triage bodies
      {"PATCH unknown alert", "PATCH", "/api/v1/alerts/no-such-alert", "{\"status\":\"closed\"}", kJson, 404, ""},
      {"PATCH body not JSON", "PATCH", "/api/v1/alerts/x", "{", kJson, 400, ""},
      {"bulk update without ids or filter", "POST", "/api/v1/alerts/_bulk_update", "{\"status\":\"closed\"}", kJson,
       400, ""},
      {"bulk update with a bad status", "POST", "/api/v1/alerts/_bulk_update", "{\"ids\":[\"a\"],\"status\":\"gone\"}",
       kJson, 400, ""},
      {"manual run with a bad window", "POST", "/api/v1/rules/ce64d965-6cb0-466d-b74f-8d2c76f47f05/_run",
       "{\"start\":\"tomorrow\",\"end\":\"later\"}", kJson, 400, "illegal_argument_exception"},
      // authentication
      {"no credentials", "GET", "/api/v1/alerts", "", {{"Authorization", ""}}, 401, ""},
      {"unknown scheme", "GET", "/api/v1/alerts", "", {{"Authorization", "Digest abc"}}, 401, ""},
      {"Basic not base64", "GET", "/api/v1/alerts", "", {{"Authorization", "Basic !!!!"}}, 401, ""},
      {"Basic without a colon", "GET", "/api/v1/alerts", "", {{"Authorization", "Basic YWRtaW4="}}, 401, ""},
      {"ApiKey wrong key", "GET", "/api/v1/alerts", "", {{"Authorization", "ApiKey YWRtaW46d3Jvbmc="}}, 401, ""},
      {"Bearer empty", "GET", "/api/v1/alerts", "", {{"Authorization", "Bearer "}}, 401, ""},
      {"8 KB Authorization header",
       "GET",
       "/api/v1/alerts",
       "",
       {{"Authorization", "Bearer " + std::string(8192, 'k')}},
       401,
       ""},
      {"read key on a write route",
       "PATCH",
       "/api/v1/alerts/x",
       "{\"status\":\"closed\"}",
       {{"Authorization", "Bearer " + kReadKey}, {"Content-Type", "application/json"}},
       403,
       ""},
  };
  return c;
}

// Raw bytes on a fresh connection, for what an HTTP library would refuse to
// send. Returns the status of the first response, 0 when the server closed
// the connection without one.
int raw_status(const Daemon& d, const std::string& bytes, bool half_close = true) {
  namespace net = boost::asio;
  net::io_context io;
  net::ip::tcp::socket socket(io);
  socket.connect({net::ip::make_address(d.host()), d.port()});
  boost::system::error_code ec;
  net::write(socket, net::buffer(bytes), ec);
  if (half_close) socket.shutdown(net::ip::tcp::socket::shutdown_send, ec);
  std::string reply;
  char buffer[4096];
  for (;;) {
    const auto n = socket.read_some(net::buffer(buffer), ec);
    reply.append(buffer, n);
    if (ec || reply.find("\r\n") != std::string::npos) break;
  }
  if (reply.rfind("HTTP/1.1 ", 0) != 0) return 0;
  return std::stoi(reply.substr(9, 3));
}

std::string auth_line() { return "Authorization: Bearer " + kAdminKey + "\r\n"; }

struct RawCase {
  std::string name;
  std::string bytes;
  int status;
};

std::vector<RawCase> raw_cases() {
  const std::string body = create(R"({"message":"raw"})");
  const std::string head = "POST /_bulk HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-ndjson\r\n" + auth_line();
  // Over the 8 MiB body limit: refused from the Content-Length header, before
  // the body is read, so only its start is sent.
  const auto oversized = [&](std::size_t length) {
    return head + "Content-Length: " + std::to_string(length) + "\r\n\r\n" +
           create("{\"m\":\"" + std::string(64 * 1024, 'a'));
  };
  std::string flood = "GET /healthz HTTP/1.1\r\nHost: localhost\r\n";
  for (int i = 0; i < 5000; ++i) flood += "X-Flood-" + std::to_string(i) + ": y\r\n";
  return {
      {"body over the limit", oversized(9u << 20), 413},
      {"50 MB single line", oversized(50u << 20), 413},
      // The connection ends before the promised body does.
      {"Content-Length larger than the body", head + "Content-Length: 1000\r\n\r\n" + body, 400},
      // Five bytes are the body (a malformed action, failed per item); the
      // rest is read as a next request, which is not HTTP.
      {"Content-Length smaller than the body", head + "Content-Length: 5\r\n\r\n" + body, 200},
      {"chunked body",
       head + "Transfer-Encoding: chunked\r\n\r\n" +
           [&] {
             std::ostringstream hex;
             hex << std::hex << body.size();
             return hex.str();
           }() +
           "\r\n" + body + "\r\n0\r\n\r\n",
       200},
      {"malformed chunk size", head + "Transfer-Encoding: chunked\r\n\r\nzz\r\n" + body + "\r\n0\r\n\r\n", 400},
      {"header flood", flood + "\r\n", 431},
      {"64 KB URL", "GET /api/v1/alerts?q=" + std::string(64 * 1024, 'a') + " HTTP/1.1\r\nHost: localhost\r\n\r\n", 431},
      {"not HTTP at all", "\x16\x03\x01\x02\x00garbage\r\n\r\n", 400},
      {"unknown HTTP version", "GET /healthz HTTP/9.9\r\nHost: localhost\r\n\r\n", 400},
  };
}

std::string error_type(const HttpResponse& res, Where where) {
  const auto body = nlohmann::json::parse(res.body, nullptr, false);
  if (body.is_discarded()) return "(not JSON: " + res.body.substr(0, 80) + ")";
  if (where == Where::kTop) return body.contains("error") ? body["error"].value("type", "") : "(no error object)";
  for (const auto& item : body.value("items", nlohmann::json::array()))
    for (const auto& [action, result] : item.items())
      if (result.contains("error")) return result["error"].value("type", "");
  return "(no item error)";
}

class BadInput : public ::testing::Test {
 protected:
  void SetUp() override {
    std::ofstream(dir / "vigil.toml") << kConfig;
    // One malloc arena: glibc otherwise gives each thread its own, and each
    // keeps its peak (an 8 MiB inflated body) until that thread has seen the
    // big requests, which looks like growth for as many passes.
    daemon = std::make_unique<Daemon>(std::vector<std::string>{"--config", (dir / "vigil.toml").string()},
                                      std::filesystem::path{}, std::vector<std::string>{"MALLOC_ARENA_MAX=1"});
  }

  void send_every_case() {
    HttpClient client(daemon->host(), daemon->port());
    for (const auto& c : cases()) {
      auto headers = c.headers;
      if (!headers.count("Authorization")) headers["Authorization"] = "Bearer " + kAdminKey;
      if (headers["Authorization"].empty()) headers.erase("Authorization");
      const auto res = client.request(c.method, c.target, c.body, headers);
      EXPECT_EQ(res.status, c.status) << c.name << ": " << res.body.substr(0, 300);
      if (c.where != Where::kStatus && !c.type.empty()) {
        EXPECT_EQ(error_type(res, c.where), c.type) << c.name << ": " << res.body.substr(0, 300);
      }
      if (res.status >= 400) {
        const auto body = nlohmann::json::parse(res.body, nullptr, false);
        EXPECT_TRUE(body.is_object() && body.contains("error")) << c.name << ": errors are JSON naming the problem";
      }
    }
    for (const auto& c : raw_cases()) {
      EXPECT_EQ(raw_status(*daemon, c.bytes), c.status) << c.name;
    }
    EXPECT_EQ(client.get("/readyz").status, 200) << "not ready after the corpus";
  }

  TempDir dir;
  std::unique_ptr<Daemon> daemon;
};

TEST_F(BadInput, EveryHostileRequestGetsItsAnswerAndTheDaemonStaysHealthy) {
  ASSERT_GE(cases().size() + raw_cases().size(), 60u);
  // Two passes warm the allocator, SQLite's page cache and the metric series
  // up to a plateau (measured: 17 MB after one, 34 MB after two, then within
  // 0.4 MB over eight more); a leak keeps growing after it.
  send_every_case();
  send_every_case();
  const long warm = status_kb(daemon->pid(), "VmRSS");
  for (int pass = 0; pass < 3; ++pass) send_every_case();
  const long after = status_kb(daemon->pid(), "VmRSS");
  if (!kSanitized)  // LeakSanitizer checks leaks there; the quarantine grows RSS
    EXPECT_LT(after - warm, 4 * 1024) << "RSS grew from " << warm << " KB to " << after << " KB over three passes";
  EXPECT_EQ(daemon->stop(), 0) << daemon->log();
}

TEST_F(BadInput, GoodItemsBesideBadOnesAreStored) {
  HttpClient client(daemon->host(), daemon->port());
  std::string body, last;
  int good = 0;
  for (const auto& c : cases()) {
    if (c.where != Where::kItem) continue;
    if (c.ends_body) {
      last += c.body;
      continue;
    }
    body += c.body;
    body += create("{\"message\":\"good " + std::to_string(good++) + "\"}", "good-beside-bad");
  }
  body += last;
  const std::map<std::string, std::string> headers = {{"Content-Type", "application/x-ndjson"},
                                                      {"Authorization", "Bearer " + kAdminKey}};
  const auto res = client.request("POST", "/_bulk", body, headers);
  ASSERT_EQ(res.status, 200) << res.body.substr(0, 300);
  EXPECT_EQ(res.json()["errors"], true);
  const auto count = client.request("GET", "/good-beside-bad/_count", "", headers);
  EXPECT_EQ(count.json()["count"], good) << count.body;
}

}  // namespace
}  // namespace vigil::test
