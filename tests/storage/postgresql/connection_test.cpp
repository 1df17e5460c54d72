#include "storage/postgresql/connection.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <string>

#include "engine/store/store_error.hpp"
#include "tests/support/postgres_server.hpp"

namespace vigil::storage::postgresql {
namespace {

TEST(PostgresConnection, AServerNotThereIsNamedButThePasswordNever) {
  // The server's port, one past it: nothing listens there.
  const auto port = std::to_string(test::PostgresServer::shared().port() + 1);
  try {
    Connection c("host=127.0.0.1 port=" + port + " dbname=vigil user=vigil password=s3cret-word connect_timeout=5");
    FAIL() << "connected to a port nothing listens on";
  } catch (const engine::StoreError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("127.0.0.1:" + port + "/vigil as vigil"), std::string::npos) << what;
    EXPECT_EQ(what.find("s3cret"), std::string::npos) << what;
    EXPECT_EQ(e.kind(), engine::StoreErrorKind::kUnreachable);
    EXPECT_TRUE(e.transient());
  }
}

TEST(PostgresConnection, AFailedStatementIsNamedWithTheServersReason) {
  Connection c(test::PostgresServer::shared().create_database());
  try {
    c.query("SELECT no_such_column FROM pg_class");
    FAIL() << "a bad statement ran";
  } catch (const engine::StoreError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("SELECT no_such_column FROM pg_class: ERROR:  column \"no_such_column\" does not exist"),
              std::string::npos)
        << what;
    EXPECT_EQ(e.kind(), engine::StoreErrorKind::kFailed);
  }
  // The connection is still usable.
  EXPECT_EQ(c.query("SELECT 7::int8").int8(0, 0), 7);
}

TEST(PostgresConnection, ParametersAndResultsRoundTripInBinary) {
  Connection c(test::PostgresServer::shared().create_database());
  ArrayParam numbers(PgType::kInt8);
  numbers.push(std::int64_t{-5}).push_null().push(std::int64_t{1} << 40);
  ArrayParam blobs(PgType::kBytea);
  blobs.push(std::string("a\0b", 3));
  const auto r = c.query(
      "SELECT $1::text, $2::bytea, $3::int8, $4::int8, (SELECT array_agg(coalesce(n, 0)) FROM unnest($5::int8[]) "
      "n)::text, length(($6::bytea[])[1])::int8, cardinality($7::text[])::int8",
      Params()
          .add_text("héllo")
          .add_bytea(std::string("\0\xff", 2))
          .add(std::int64_t{-1})
          .add(std::optional<std::int64_t>{})
          .add(numbers)
          .add(blobs)
          .add(ArrayParam(PgType::kText)));
  EXPECT_EQ(r.bytes(0, 0), "héllo");
  EXPECT_EQ(r.bytes(0, 1), std::string("\0\xff", 2));
  EXPECT_EQ(r.int8(0, 2), -1);
  EXPECT_FALSE(r.optional_int8(0, 3));
  EXPECT_EQ(r.bytes(0, 4), "{-5,0,1099511627776}");
  EXPECT_EQ(r.int8(0, 5), 3);
  EXPECT_EQ(r.int8(0, 6), 0);
}

// A login role of its own on the shared server, which must give `password`.
std::string role_with_password(const std::string& name, const std::string& password) {
  const auto role = name + "_" + std::to_string(getpid());
  Connection(test::PostgresServer::shared().conninfo())
      .exec("CREATE ROLE " + role + " LOGIN PASSWORD '" + password + "' IN ROLE " +
            test::PostgresServer::kPasswordGroup);
  return role;
}

TEST(PostgresConnection, APasswordGivenApartFromTheConnectionStringReachesTheServer) {
  const auto role = role_with_password("apart", "pw-apart-1");
  const auto port = std::to_string(test::PostgresServer::shared().port());
  const auto conninfo = "host=127.0.0.1 port=" + port + " dbname=postgres user=" + role + " connect_timeout=10";
  const auto logged_in_as = [](Connection&& c) { return std::string(c.query("SELECT current_user::text").bytes(0, 0)); };
  EXPECT_EQ(logged_in_as(Connection(conninfo, "pw-apart-1")), role);
  EXPECT_EQ(logged_in_as(Connection("postgresql://" + role + "@127.0.0.1:" + port + "/postgres", "pw-apart-1")), role);
  for (const std::string wrong : {"not-the-password", ""}) {
    try {
      Connection c(conninfo, wrong);
      FAIL() << "logged in with '" << wrong << "'";
    } catch (const engine::StoreError& e) {
      const std::string what = e.what();
      EXPECT_NE(what.find("password"), std::string::npos) << what;
      EXPECT_EQ(what.find("not-the-password"), std::string::npos) << what;
    }
  }
}

TEST(PostgresConnection, AConnectionStringWithAPasswordOrThatDoesNotParseIsRefused) {
  EXPECT_NO_THROW(check_conninfo("host=db port=5432 dbname=vigil user=vigil sslmode=verify-full"));
  EXPECT_NO_THROW(check_conninfo("postgresql://vigil@db:5432/vigil"));
  for (const std::string bad : {"host=db password=hunter2", "postgresql://vigil:hunter2@db/vigil"}) {
    try {
      check_conninfo(bad);
      FAIL() << bad;
    } catch (const engine::StoreError& e) {
      const std::string what = e.what();
      EXPECT_NE(what.find("carries a password: put it in storage.password_file or libpq's PGPASSFILE"),
                std::string::npos)
          << what;
      EXPECT_EQ(what.find("hunter2"), std::string::npos) << what;
    }
  }
  try {
    check_conninfo("host=db 'hunter2");
    FAIL() << "an unparsable string passed";
  } catch (const engine::StoreError& e) {
    EXPECT_EQ(std::string(e.what()).find("hunter2"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("does not parse"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace vigil::storage::postgresql
