#pragma once

#include "storage/postgresql/connection.hpp"

namespace vigil::storage::postgresql {

// Brings the database's schema to current_schema_version(), applying each
// missing migration in a transaction of its own and recording it in
// `schema_migrations`. Holds a session advisory lock meanwhile, so vigild
// nodes starting at once on one database apply each migration once: the
// others wait, then find nothing left to do. Throws engine::StoreError
// naming the migration that failed, and (kFailed) for a database whose
// schema is newer than this build knows.
void migrate(Connection& c);

// The highest version applied to the database; 0 for an empty one.
int schema_version(Connection& c);
int current_schema_version();

}  // namespace vigil::storage::postgresql
