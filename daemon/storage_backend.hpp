#pragma once

#include <memory>
#include <string>
#include <vector>

#include "config/options.hpp"
#include "engine/ingest/dead_letters.hpp"
#include "engine/outputs/outbox.hpp"
#include "engine/schedule/cluster_membership.hpp"
#include "engine/schedule/rule_leases.hpp"
#include "engine/store/alert_store.hpp"
#include "engine/store/event_store.hpp"
#include "engine/store/hunt_source.hpp"
#include "engine/store/retention_store.hpp"
#include "engine/store/run_store.hpp"
#include "engine/store/storage_figures.hpp"
#include "storage/documents/outbox_writes.hpp"

namespace vigil::daemon {

// The stores of one backend, each through the engine's interface.
struct Stores {
  engine::EventStore& events;
  engine::HuntSource& hunt_source;
  engine::RunStore& runs;
  // The alerts' one owner, which runs write through `runs` and triage reads and changes.
  engine::AlertStore& alerts;
  engine::ingest::DeadLetterStore& dead_letters;
  engine::RetentionStore& retention;
};

// What the vigild nodes sharing a database coordinate through
// (docs/CLUSTER.md): who runs each rule, and who is alive. Both null on a
// backend one vigild owns alone.
struct ClusterStores {
  std::unique_ptr<engine::RuleLeases> leases;
  std::unique_ptr<engine::ClusterMembership> membership;
};

// The stores one vigild runs on, as [storage] chooses them: the embedded
// SQLite file (the default) or a PostgreSQL database (docs/POSTGRESQL.md).
// The rest of the daemon sees them through the engine's interfaces only, so
// nothing above this line knows which backend it runs on.
class StorageBackend {
 public:
  virtual ~StorageBackend() = default;

  // Owned by this object.
  virtual const Stores& stores() const = 0;
  // The outbox alert delivery reads. It deletes the entries every one of
  // `outputs` is past, so it is made once the outputs are known.
  virtual std::unique_ptr<engine::outputs::Outbox> outbox(std::vector<std::string> outputs) = 0;
  // Measured anew on each call, which counts rows: callers keep them in a
  // StorageFiguresCache. Throws StoreError when the database cannot be read.
  virtual engine::StorageFigures figures() = 0;
  // The same for one database and different for two: the Elasticsearch
  // cluster UUID that clients see is derived from it.
  virtual const std::string& identity() const = 0;
  // This node's leases and heartbeats, under `node_id`, on a backend
  // several nodes share; empty on one that a single vigild owns.
  virtual ClusterStores cluster(const std::string& node_id, const config::ClusterOptions& options) = 0;
};

struct StorageOpening {
  // A validation run (--check-rules, --print-routes): every part is built on
  // a SQLite database in memory, whatever the backend, and nothing is
  // written or connected to.
  bool validating = false;
  // Alerts and triage changes queue their delivery only when some output
  // delivers them.
  storage::OutboxWrites outbox_writes = storage::OutboxWrites::kOff;
};

// Opens, creates or migrates the configured database. Throws with the
// reason (the file locked by another vigild, a server that refuses the
// connection) when it cannot.
std::unique_ptr<StorageBackend> open_storage(const config::StorageOptions& options, StorageOpening how);

}  // namespace vigil::daemon
