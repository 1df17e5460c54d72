#include "engine/time/timestamp.hpp"

#include <gtest/gtest.h>

namespace vigil::engine {
namespace {

TEST(Timestamp, ParsesTheShapesEventsCarry) {
  const TimeMs base = 1603828814320;  // 2020-10-27T20:00:14.320Z
  EXPECT_EQ(parse_timestamp("2020-10-27T20:00:14.320Z"), base);
  EXPECT_EQ(parse_timestamp("2020-10-27 20:00:14.320"), base);            // Sysmon UtcTime
  EXPECT_EQ(parse_timestamp("2020-10-27T20:00:14.3209999Z"), base);       // Defender: 7 digits, truncated
  EXPECT_EQ(parse_timestamp("2020-10-27T22:00:14.320+02:00"), base);
  EXPECT_EQ(parse_timestamp("2020-10-27T15:30:14.320-0430"), base);
  EXPECT_EQ(parse_timestamp("2020-10-27T20:00:14.32Z"), base);
  EXPECT_EQ(parse_timestamp("2020-10-27"), base - (20 * kHourMs + 14320));
  for (const char* bad : {"", "2020-13-01T00:00:00Z", "2020-02-30T00:00:00Z", "20201027", "2020-10-27T20:00:14.Z",
                          "2020-10-27T20:00:14Zjunk", "now"})
    EXPECT_FALSE(parse_timestamp(bad)) << bad;
}

TEST(Timestamp, FormatsUtcWithMilliseconds) {
  EXPECT_EQ(format_timestamp(1603828814320), "2020-10-27T20:00:14.320Z");
  EXPECT_EQ(format_timestamp(0), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(parse_timestamp(format_timestamp(1767225600123)), 1767225600123);
  EXPECT_EQ(format_timestamp(-1), "1969-12-31T23:59:59.999Z");
  EXPECT_EQ(format_timestamp(253402300799999), "9999-12-31T23:59:59.999Z");
  EXPECT_EQ(format_timestamp(253402300800000), "10000-01-01T00:00:00.000Z");  // past four digits, as printf widens
  // Every field at every width, from 1900 to 2100: what is printed reads back.
  for (TimeMs t = -2208988800000; t < 4102444800000; t += 3 * kDayMs + 7 * kHourMs + 11 * kMinuteMs + 13007) {
    const auto text = format_timestamp(t);
    ASSERT_EQ(text.size(), 24u) << text;
    ASSERT_EQ(parse_timestamp(text), t) << text;
  }
}

TEST(Timestamp, DurationsAndDateMath) {
  EXPECT_EQ(parse_duration("5m"), 5 * kMinuteMs);
  EXPECT_EQ(parse_duration("1h"), kHourMs);
  EXPECT_EQ(parse_duration("60s"), kMinuteMs);
  EXPECT_EQ(parse_duration("7d"), 7 * kDayMs);
  EXPECT_EQ(parse_duration("500ms"), 500);
  EXPECT_FALSE(parse_duration("5x"));
  EXPECT_FALSE(parse_duration("m"));
  EXPECT_EQ(format_duration(5 * kMinuteMs), "5m");
  EXPECT_EQ(format_duration(90 * kSecondMs), "90s");
  EXPECT_EQ(format_duration(1500), "1500ms");
  EXPECT_EQ(parse_date_math("now-9m", 10 * kMinuteMs), kMinuteMs);
  EXPECT_EQ(parse_date_math("now", 42), 42);
  EXPECT_EQ(parse_date_math("now+1h", 0), kHourMs);
  EXPECT_FALSE(parse_date_math("now*2", 0));
}

// Found by tests/fuzz/query_params_fuzz (?since=now-200000000000d): the
// unit's multiplication overflowed, undefined behaviour, before any check.
TEST(Timestamp, DurationsTooLongToRepresentAreRefused) {
  EXPECT_EQ(parse_duration("104249991d"), 104249991 * kDayMs);  // 2^53 ms, rounded down to days
  EXPECT_FALSE(parse_duration("104249992d"));
  EXPECT_FALSE(parse_duration("200000000000d"));
  EXPECT_FALSE(parse_duration("9223372036854775807ms"));
  EXPECT_FALSE(parse_duration("99999999999999999999999s"));
  EXPECT_FALSE(parse_date_math("now-200000000000d", 0));
  EXPECT_EQ(parse_date_math("now+1d", kDayMs), 2 * kDayMs);
}

}  // namespace
}  // namespace vigil::engine
