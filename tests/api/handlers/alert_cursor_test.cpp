// The alert cursor: round trips, is bound to its sort and order, and every
// malformed spelling is refused rather than crashing the query.
#include "api/handlers/alert_cursor.hpp"

#include <gtest/gtest.h>

#include "api/http/base64.hpp"

namespace vigil::api {
namespace {

using engine::AlertCursor;
using engine::AlertSort;

TEST(AlertCursor, RoundTripsUnderTheSameSortAndOrder) {
  const AlertCursor cursor{1732269600000, 42};
  for (const auto sort : {AlertSort::kCreatedAt, AlertSort::kOriginalTime, AlertSort::kRiskScore})
    for (const bool ascending : {false, true}) {
      const auto text = encode_alert_cursor(sort, ascending, cursor);
      EXPECT_EQ(text.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
                std::string::npos)
          << text;
      const auto back = decode_alert_cursor(text, sort, ascending);
      ASSERT_TRUE(back);
      EXPECT_EQ(back->key, cursor.key);
      EXPECT_EQ(back->seq, cursor.seq);
    }
}

TEST(AlertCursor, AnUnsetOriginalTimeKeyIsValidOnlyForThatSort) {
  const AlertCursor unset{std::nullopt, 7};
  const auto text = encode_alert_cursor(AlertSort::kOriginalTime, false, unset);
  const auto back = decode_alert_cursor(text, AlertSort::kOriginalTime, false);
  ASSERT_TRUE(back);
  EXPECT_FALSE(back->key);
  EXPECT_EQ(back->seq, 7);
  EXPECT_FALSE(
      decode_alert_cursor(encode_alert_cursor(AlertSort::kCreatedAt, false, unset), AlertSort::kCreatedAt, false));
}

TEST(AlertCursor, IsRefusedUnderAnotherSortOrOrder) {
  const auto text = encode_alert_cursor(AlertSort::kCreatedAt, false, {5, 9});
  EXPECT_FALSE(decode_alert_cursor(text, AlertSort::kCreatedAt, true));
  EXPECT_FALSE(decode_alert_cursor(text, AlertSort::kRiskScore, false));
  EXPECT_FALSE(decode_alert_cursor(text, AlertSort::kOriginalTime, false));
}

TEST(AlertCursor, MalformedCursorsAreRefused) {
  const auto valid = encode_alert_cursor(AlertSort::kCreatedAt, false, {5, 9});
  // base64url of JSON payloads with the wrong shape, version, types or range.
  const auto wrap = [](const std::string& payload) { return base64_encode(payload, true); };
  ASSERT_EQ(wrap(R"([1,0,"desc",5,9])"), valid);  // the payload layout these variations start from
  for (const std::string payload :
       {R"([2,0,"desc",5,9])", R"([1,0,"desc",5])", R"([1,0,"desc",5,9,0])", R"([1,0,"desc","5",9])",
        R"([1,0,"desc",5,-1])", R"([1,0,"desc",5.5,9])", R"([1,0,"desc",5,18446744073709551615])",
        R"([1,"0","desc",5,9])", R"([1,0,"DESC",5,9])", R"({"v":1})", "not json", ""})
    EXPECT_FALSE(decode_alert_cursor(wrap(payload), AlertSort::kCreatedAt, false)) << payload;
  for (const std::string& text : {valid + "=", valid + "A", std::string("!!!!"), valid.substr(1), std::string(300, 'A'),
                                 valid.substr(0, valid.size() - 1) + "+", std::string("")})
    EXPECT_FALSE(decode_alert_cursor(text, AlertSort::kCreatedAt, false)) << text;
}

}  // namespace
}  // namespace vigil::api
