#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "config/options.hpp"
#include "engine/ingest/dead_letters.hpp"
#include "engine/ingest/ingest_pipeline.hpp"
#include "engine/schedule/clock.hpp"
#include "inputs/kafka/message_decoder.hpp"
#include "inputs/kafka/offset_reset.hpp"
#include "inputs/kafka/worker_pool.hpp"

struct rd_kafka_s;
struct rd_kafka_message_s;

namespace vigil::inputs::kafka {

// What an input did since start, for metrics. Read from any thread.
struct InputCounters {
  std::atomic<std::uint64_t> messages{0};      // consumed and stored or set aside
  std::atomic<std::uint64_t> records{0};       // events stored (a message may hold many)
  std::atomic<std::uint64_t> duplicates{0};    // records delivered again and refused as already stored
  std::atomic<std::uint64_t> bytes{0};         // of the messages' payloads
  std::atomic<std::uint64_t> dead_letters{0};  // messages set aside
  std::atomic<std::uint64_t> commit_failures{0};
  std::atomic<std::uint64_t> paused_ms{0};  // partitions paused for a saturated writer
  // Positions moved to the log's start or end because the broker no longer
  // had the committed offset (offset_reset.hpp): events skipped or read again.
  std::atomic<std::uint64_t> offset_resets{0};
};

struct PartitionLag {
  std::string topic;
  std::int32_t partition = 0;
  std::int64_t lag = 0;  // messages between the consumer's position and the partition's end
};

// One [[inputs.kafka]]: a consumer-group member on a thread of its own that
// feeds the ingest pipeline exactly as POST /api/v1/events does.
//
// Delivery: messages are gathered into batches (max_batch_messages, or what
// arrived within batch_wait_ms). A batch is decoded and prepared
// (normalized, matched: IngestPipeline::prepare) in slices on
// `decode_threads` workers while the input's thread stores the batch before
// it, so at most two batches are in flight besides the one being gathered.
// Batches are stored in the order they were polled, each in one
// transaction with its dead letters kept, and only then is each
// partition's offset committed, at the last stored message's offset + 1;
// a batch that cannot be stored (stopping, handing over) takes the ones
// after it along, uncommitted. A crash in
// between delivers the batch again; the events' ids depend only on their
// position (record_id), so the store keeps each once. When the pipeline is
// saturated, or the database fails, the input pauses its partitions and
// retries the same batch with back-off; when partitions are revoked the
// batch in hand is stored and committed first.
//
// Broker errors are logged once per change and reported by degraded(); the
// client reconnects with back-off by itself. Thread-safe.
class KafkaInput {
 public:
  using LagObserver = std::function<void(const std::vector<PartitionLag>&)>;

  // The pipeline, dead letters and clock must outlive the input. `on_lag`
  // (optional) is called on the input's thread about once a second.
  KafkaInput(config::KafkaInputOptions options, engine::ingest::IngestPipeline& pipeline,
             engine::ingest::DeadLetterStore& dead_letters, const engine::Clock& clock, LagObserver on_lag = {});
  ~KafkaInput();
  KafkaInput(const KafkaInput&) = delete;
  KafkaInput& operator=(const KafkaInput&) = delete;

  // Creates the client and subscribes. Throws std::runtime_error naming the
  // input and setting when librdkafka refuses the configuration.
  void start();
  // Stores what it holds if it can, leaves the group and joins the thread.
  void stop();

  const std::string& name() const { return options_.name; }
  const InputCounters& counters() const { return counters_; }
  // Empty while the input consumes normally, else why it does not.
  std::string degraded() const;

 private:
  struct MessageDeleter {
    void operator()(rd_kafka_message_s* m) const;
  };
  using MessagePtr = std::unique_ptr<rd_kafka_message_s, MessageDeleter>;
  using Offsets = std::map<std::pair<std::string, std::int32_t>, std::int64_t>;

  struct Prepared;
  struct Batch;

  void run();
  // Gathers batch_; true when a message came. Returns early, with nothing,
  // when no message is at hand and a batch in flight waits to be stored.
  bool collect();
  // Hands batch_ to the workers, as the newest batch in flight.
  void begin_preparing();
  // On a worker (or on the input's thread for a batch prepared again).
  Prepared prepare(std::span<const MessagePtr> messages) const;
  // Stores batches in flight, oldest first, until `keep` are left. A batch
  // is retried while the writer is saturated; a `handing_over` call gives
  // up after a few tries, and then on every batch in flight (the next
  // owner of the partitions gets their messages again).
  void store_in_flight(std::size_t keep, bool handing_over);
  // Stores the oldest batch in flight: false when it gave up.
  bool store_oldest(bool handing_over);
  void commit(const Offsets& last_stored, bool wait);
  void set_paused(bool paused);
  void report_lag();
  void set_problem(std::string& slot, std::string reason);
  // On librdkafka's thread: warns and counts; the consumer's thread names
  // where the partition resumed (report_resumption) with its next message.
  void note_offset_reset(const OffsetReset& reset);
  void report_resumption(const std::string& topic, std::int32_t partition, std::int64_t offset);
  bool sleep_for(std::chrono::milliseconds duration);

  friend struct ClientCallbacks;  // librdkafka's callbacks, served on the input's thread

  const config::KafkaInputOptions options_;
  const DecodeSettings decode_;
  engine::ingest::IngestPipeline& pipeline_;
  engine::ingest::DeadLetterStore& dead_letters_;
  const engine::Clock& clock_;
  const LagObserver on_lag_;

  rd_kafka_s* client_ = nullptr;
  std::unique_ptr<WorkerPool> workers_;  // from start() to stop()
  std::thread thread_;
  std::atomic<bool> stopping_{false};
  std::vector<MessagePtr> batch_;                 // being gathered; the input thread's only
  std::deque<std::unique_ptr<Batch>> in_flight_;  // oldest first; the input thread's only
  // The last stored offset of each partition, committed again when the
  // partition is revoked: an asynchronous commit may have failed before.
  Offsets stored_;
  bool paused_ = false;
  std::chrono::steady_clock::time_point next_lag_report_{};
  InputCounters counters_;

  mutable std::mutex problem_mutex_;
  std::string broker_problem_;  // guarded by problem_mutex_
  std::string store_problem_;   // guarded by problem_mutex_
  Offsets
      reset_from_;  // partitions reset and not read since: the offset that was out of range; guarded by problem_mutex_
  std::atomic<bool> resets_pending_{false};
};

}  // namespace vigil::inputs::kafka
