#include "api/ingest/bulk_request.hpp"

#include <gtest/gtest.h>

namespace vigil::api {
namespace {

TEST(BulkRequest, PairsActionsWithSourcesInOrder) {
  const std::string body =
      "{\"create\":{\"_index\":\"winlogbeat-8\",\"_id\":\"1\",\"pipeline\":\"p\"}}\n{\"a\":1}\n"
      "{\"index\":{}}\r\n{\"b\":2}\r\n"
      "\n"
      "{\"index\":{\"_index\":\"other\",\"_id\":42}}\n{\"c\":3}";  // no final newline
  const auto items = parse_bulk_body(body, "url-index", 1000);
  ASSERT_EQ(items.size(), 3u);
  EXPECT_EQ(items[0].action, "create");
  EXPECT_EQ(items[0].index, "winlogbeat-8");
  EXPECT_EQ(items[0].id, "1");
  EXPECT_EQ(items[0].source, "{\"a\":1}");
  EXPECT_EQ(items[1].index, "url-index");
  EXPECT_EQ(items[1].id, "");
  EXPECT_EQ(items[1].source, "{\"b\":2}");
  EXPECT_EQ(items[2].id, "42");
  EXPECT_TRUE(items[2].ok());
}

TEST(BulkRequest, AnIdThatIsNeitherStringNorNumberFailsItsItemAndKeepsThePairing) {
  const auto items = parse_bulk_body(
      "{\"create\":{\"_id\":{}}}\n{\"a\":1}\n{\"create\":{\"_id\":[1]}}\n{\"a\":2}\n{\"create\":{\"_id\":7}}\n{\"a\":3}"
      "\n",
      "x", 1000);
  ASSERT_EQ(items.size(), 3u);
  EXPECT_EQ(items[0].error_type, "illegal_argument_exception");
  EXPECT_EQ(items[0].error_reason, "_id must be a string, found object");
  EXPECT_EQ(items[1].error_reason, "_id must be a string, found array");
  EXPECT_TRUE(items[2].ok());
  EXPECT_EQ(items[2].id, "7");
  EXPECT_EQ(items[2].source, "{\"a\":3}");
}

TEST(BulkRequest, BadItemsCarryTheirOwnErrorsAndKeepThePairing) {
  const std::string body =
      "{\"delete\":{\"_index\":\"x\",\"_id\":\"1\"}}\n"
      "{\"update\":{\"_index\":\"x\",\"_id\":\"1\"}}\n{\"doc\":{}}\n"
      "{\"upsert\":{}}\n{\"a\":1}\n"
      "garbage\n{\"a\":1}\n"
      "{\"create\":{\"_index\":\"Bad/Name\"}}\n{\"a\":1}\n"
      "{\"create\":{}}\n{\"a\":1}\n"
      "{\"create\":{\"_index\":\"ok\"}}\n{\"too\":\"long.................\"}\n"
      "{\"create\":{\"_index\":\"ok\"}}\n";
  const auto items = parse_bulk_body(body, "", 20);
  ASSERT_EQ(items.size(), 8u);
  EXPECT_EQ(items[0].error_type, "illegal_argument_exception");  // delete unsupported
  EXPECT_EQ(items[1].action, "update");
  EXPECT_EQ(*items[1].error_status, 400);
  EXPECT_NE(items[2].error_reason.find("unknown action [upsert]"), std::string::npos);
  EXPECT_NE(items[3].error_reason.find("malformed action"), std::string::npos);
  EXPECT_EQ(items[4].error_type, "invalid_index_name_exception");
  EXPECT_EQ(items[5].error_type, "action_request_validation_exception");
  EXPECT_NE(items[6].error_reason.find("more than the limit"), std::string::npos);
  EXPECT_NE(items[7].error_reason.find("no source line"), std::string::npos);
}

TEST(BulkRequest, AnEmptyIdOrOneHoldingNulFailsItsItem) {
  const auto items = parse_bulk_body(
      "{\"create\":{\"_id\":\"\"}}\n{\"a\":1}\n{\"create\":{\"_id\":\"a\\u0000b\"}}\n{\"a\":2}\n"
      "{\"create\":{\"_id\":null}}\n{\"a\":3}\n",
      "x", 1000);
  ASSERT_EQ(items.size(), 3u);
  EXPECT_EQ(*items[0].error_status, 400);
  EXPECT_EQ(items[0].error_type, "illegal_argument_exception");
  EXPECT_EQ(items[0].error_reason, "if _id is specified it must not be empty");
  EXPECT_EQ(*items[1].error_status, 400);
  EXPECT_EQ(items[1].error_reason, "_id must not contain NUL (\\u0000)");
  EXPECT_TRUE(items[2].ok());  // null: generate one
}

TEST(BulkRequest, StopsOneItemPastTheLimit) {
  std::string body;
  for (int i = 0; i < 10; ++i) body += "{\"create\":{}}\n{}\n";
  EXPECT_EQ(parse_bulk_body(body, "x", 1000, 3).size(), 4u);
  EXPECT_EQ(parse_bulk_body(body, "x", 1000, 10).size(), 10u);
}

TEST(BulkRequest, IndexNameRules) {
  EXPECT_FALSE(invalid_index_name("winlogbeat-8.15.0"));
  EXPECT_FALSE(invalid_index_name("logs-windows.sysmon_operational-default"));
  for (const char* bad : {"", ".", "..", "_x", "-x", "+x", "UPPER", "a/b", "../../etc", "a b", "a,b", "a*", "a\"b"})
    EXPECT_TRUE(invalid_index_name(bad)) << bad;
  EXPECT_TRUE(invalid_index_name(std::string(256, 'a')));
}

}  // namespace
}  // namespace vigil::api
