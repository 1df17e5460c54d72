#include "bench/psql.hpp"

#include <cstdlib>
#include <iostream>

namespace vigil::bench {

int psql(const test::PostgresServer& server, const std::string& schema, const std::string& arguments) {
  const auto command = "PGOPTIONS='-c search_path=" + schema + "' psql -X -q -v ON_ERROR_STOP=1 '" + server.conninfo() +
                       "' " + arguments + " > /dev/null";
  const int rc = std::system(command.c_str());
  if (rc != 0) std::cerr << "psql failed (" << rc << "): " << command << "\n";
  return rc;
}

}  // namespace vigil::bench
