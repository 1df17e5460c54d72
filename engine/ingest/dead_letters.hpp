#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/time/timestamp.hpp"

namespace vigil::engine::ingest {

// A message an input received but could not turn into events (not JSON,
// or of no shape it recognises): kept where an operator can read it
// instead of being dropped, so that consumption can go on past it.
struct DeadLetter {
  std::string input;  // the configured input's name
  std::uint64_t epoch = 0;
  std::string topic;
  std::int32_t partition = 0;
  std::int64_t offset = 0;
  std::string error;              // why it was set aside, naming the record when one of many
  std::string payload;            // its first kMaxDeadLetterPayload bytes
  std::size_t payload_bytes = 0;  // its whole size
  TimeMs at = 0;                  // when it was set aside
};

// How much of a message a dead letter keeps.
inline constexpr std::size_t kMaxDeadLetterPayload = 64 * 1024;

// Which letters a listing selects; each member narrows it when set.
struct DeadLetterFilter {
  std::string input;            // "" for every input
  std::string topic;            // "" for every topic
  std::optional<TimeMs> since;  // set aside at or after
  std::optional<TimeMs> until;  // set aside before
};

struct DeadLetterQuery {
  DeadLetterFilter filter;
  std::size_t limit = 100;
  // Where the page starts: after the letter a previous page's `next` named.
  std::optional<std::int64_t> after;
};

struct DeadLetterPage {
  std::uint64_t total = 0;           // letters matching the filter, regardless of paging
  std::optional<std::int64_t> next;  // a later page starts after this; nullopt on the last page
};

// Takes a page's letters one at a time, newest first; false refuses the
// letter: the page ends before it.
using DeadLetterSink = std::function<bool(DeadLetter&& letter)>;

// Where dead letters are kept. Implementations are thread-safe.
class DeadLetterStore {
 public:
  virtual ~DeadLetterStore() = default;

  // Keeps the letters in one transaction. A letter whose (input, epoch,
  // topic, partition, offset) is kept already is left as it is: a message
  // delivered again is set aside once. Throws StoreError when nothing was kept.
  virtual void add(std::span<const DeadLetter> letters) = 0;
  // The letters matching `query.filter`, newest first, from just after
  // `query.after`, at most `query.limit`, each to `take`. A refused letter
  // ends the page (`next` then points just before it); `take` must accept
  // the first, so that paging moves on.
  virtual DeadLetterPage list(const DeadLetterQuery& query, const DeadLetterSink& take) = 0;
  // Letters of `input` ("" for every input), newest first, at most `limit`.
  std::vector<DeadLetter> list(std::string_view input, std::size_t limit) {
    DeadLetterQuery query;
    query.filter.input = input;
    query.limit = limit;
    std::vector<DeadLetter> letters;
    list(query, [&letters](DeadLetter&& letter) {
      letters.push_back(std::move(letter));
      return true;
    });
    return letters;
  }
  // How many letters `input` ("" for every input) has.
  virtual std::uint64_t count(std::string_view input) = 0;
};

}  // namespace vigil::engine::ingest
