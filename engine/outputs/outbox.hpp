#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/outputs/outbox_entry.hpp"

namespace vigil::engine::outputs {

// Where one output stands in the outbox: every entry up to `cursor` is
// delivered, skipped by its filter, or dead-lettered. While the entry after
// it fails, `attempts` counts the failures and `next_attempt_at` says when
// to try again.
struct OutputPosition {
  std::int64_t cursor = 0;
  int attempts = 0;
  std::optional<TimeMs> next_attempt_at;
  std::optional<TimeMs> first_failure_at;  // of the entry being retried

  // Just past `seq`, nothing failing.
  static OutputPosition after(std::int64_t seq) {
    OutputPosition p;
    p.cursor = seq;
    return p;
  }
};

// The durable side of delivery: entries are written with the alerts and
// triage changes they report (in the same transaction, by the stores), and
// each output's position survives restarts. An implementation deletes the
// entries every configured output is past. Thread-safe.
class Outbox {
 public:
  virtual ~Outbox() = default;

  // The output's position; an output seen for the first time starts at the
  // end of the outbox (it delivers what happens from now on).
  virtual OutputPosition position(const std::string& output) = 0;
  // Up to `limit` entries after `cursor`, oldest first. An entry whose alert
  // was deleted since (retention) comes with a null `alert`.
  virtual std::vector<OutboxEntry> entries_after(std::int64_t cursor, std::size_t limit) = 0;
  // Entries after the output's cursor, delivered or not yet looked at.
  virtual std::uint64_t pending(const std::string& output) = 0;

  // The entry at `seq` and all before it are done: the cursor moves there
  // and the failure count resets.
  virtual void advance(const std::string& output, std::int64_t seq) = 0;
  // The entry after the cursor failed again.
  virtual void record_failure(const std::string& output, const OutputPosition& position) = 0;
  // Gives up on `entry` after `attempts`: it is kept in the dead letters with
  // `error`, and the cursor moves past it, in one transaction.
  virtual void dead_letter(const std::string& output, const OutboxEntry& entry, int attempts, const std::string& error,
                           TimeMs at) = 0;
};

}  // namespace vigil::engine::outputs
