#include "inputs/kafka/kafka_input.hpp"

#include <librdkafka/rdkafka.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstring>
#include <exception>
#include <condition_variable>
#include <stdexcept>

#include "engine/store/store_error.hpp"
#include "inputs/kafka/client_settings.hpp"

namespace vigil::inputs::kafka {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

struct PartitionListDeleter {
  void operator()(rd_kafka_topic_partition_list_t* list) const { rd_kafka_topic_partition_list_destroy(list); }
};
using PartitionList = std::unique_ptr<rd_kafka_topic_partition_list_t, PartitionListDeleter>;

// How often the batch in hand is tried when partitions are being handed
// over: after that the next owner gets its messages again.
constexpr int kHandOverAttempts = 5;

// Slices of a batch per worker: a few each, so that a worker the machine
// slows down does not hold the batch up with a whole share of it.
constexpr std::size_t kSlicesPerWorker = 4;

bool cooperative(rd_kafka_t* rk) { return std::strcmp(rd_kafka_rebalance_protocol(rk), "COOPERATIVE") == 0; }

PartitionList assignment(rd_kafka_t* rk) {
  rd_kafka_topic_partition_list_t* list = nullptr;
  if (rd_kafka_assignment(rk, &list) != RD_KAFKA_RESP_ERR_NO_ERROR)
    return PartitionList(rd_kafka_topic_partition_list_new(0));
  return PartitionList(list);
}

}  // namespace

struct ClientCallbacks {
  static void rebalance(rd_kafka_t* rk, rd_kafka_resp_err_t err, rd_kafka_topic_partition_list_t* partitions,
                        void* opaque) {
    auto& input = *static_cast<KafkaInput*>(opaque);
    const bool incremental = cooperative(rk);
    if (err == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS) {
      spdlog::info("kafka input {}: assigned {} partition(s)", input.name(), partitions->cnt);
      if (incremental)
        rd_kafka_error_destroy(rd_kafka_incremental_assign(rk, partitions));
      else
        rd_kafka_assign(rk, partitions);
      input.paused_ = false;  // a new assignment fetches whatever was paused
      return;
    }
    // Hand over only what is stored and committed: the batches in hand first.
    input.begin_preparing();
    input.store_in_flight(0, true);
    KafkaInput::Offsets leaving;
    for (int i = 0; i < partitions->cnt; ++i) {
      const auto key = std::pair<std::string, std::int32_t>(partitions->elems[i].topic, partitions->elems[i].partition);
      if (const auto it = input.stored_.find(key); it != input.stored_.end()) {
        leaving.insert(*it);
        input.stored_.erase(it);
      }
    }
    if (!leaving.empty()) input.commit(leaving, true);
    spdlog::info("kafka input {}: {} partition(s) revoked", input.name(), partitions->cnt);
    if (incremental)
      rd_kafka_error_destroy(rd_kafka_incremental_unassign(rk, partitions));
    else
      rd_kafka_assign(rk, nullptr);
    input.paused_ = false;
  }

  static void error(rd_kafka_t*, int err, const char* reason, void* opaque) {
    auto& input = *static_cast<KafkaInput*>(opaque);
    input.set_problem(input.broker_problem_,
                      std::string(rd_kafka_err2name(static_cast<rd_kafka_resp_err_t>(err))) + ": " + reason);
  }

  static void committed(rd_kafka_t*, rd_kafka_resp_err_t err, rd_kafka_topic_partition_list_t* offsets, void* opaque) {
    auto& input = *static_cast<KafkaInput*>(opaque);
    if (err == RD_KAFKA_RESP_ERR__NO_OFFSET) return;  // nothing to commit
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
      ++input.counters_.commit_failures;
      // The events are stored: the next commit covers them, or a
      // redelivery finds them stored already.
      spdlog::warn("kafka input {}: offset commit failed ({}); the next one covers it", input.name(),
                   rd_kafka_err2str(err));
      return;
    }
    input.set_problem(input.broker_problem_, "");
  }

  static void log(const rd_kafka_t* rk, int level, const char* facility, const char* line) {
    auto* input = static_cast<KafkaInput*>(rd_kafka_opaque(rk));
    if (input && level <= 4 && std::strcmp(facility, "OFFSET") == 0)
      if (const auto reset = parse_offset_reset(line)) return input->note_offset_reset(*reset);
    // The client's own lines (a failed connect every back-off) are detail;
    // error() reports each problem once at warning level.
    spdlog::log(level <= 2 ? spdlog::level::err : spdlog::level::debug, "kafka input {}: librdkafka {}: {}",
                input ? input->name() : std::string("?"), facility, line);
  }
};

void KafkaInput::MessageDeleter::operator()(rd_kafka_message_s* m) const { rd_kafka_message_destroy(m); }

// What a run of messages comes to once decoded and prepared.
struct KafkaInput::Prepared {
  engine::ingest::PreparedBatch events;
  std::vector<engine::ingest::DeadLetter> letters;
  std::uint64_t bytes = 0;
  std::exception_ptr failure;  // thrown while preparing on a worker, thrown again where it is stored
};

// A batch in flight. Each slice's worker writes its own part only; the
// input's thread reads the parts once wait_prepared() returns.
struct KafkaInput::Batch {
  Batch(std::vector<MessagePtr> polled, std::size_t slices)
      : messages(std::move(polled)), parts(slices), unprepared(slices) {}

  // A worker's last touch of the batch: notified under the lock, so the
  // batch is not freed before the worker is done with it.
  void part_prepared() {
    std::lock_guard lock(mutex);
    if (--unprepared == 0) done.notify_one();
  }
  void wait_prepared() {
    std::unique_lock lock(mutex);
    done.wait(lock, [this] { return unprepared == 0; });
  }

  std::vector<MessagePtr> messages;
  std::vector<Prepared> parts;
  std::mutex mutex;
  std::condition_variable done;
  std::size_t unprepared;  // guarded by mutex
};

KafkaInput::KafkaInput(config::KafkaInputOptions options, engine::ingest::IngestPipeline& pipeline,
                       engine::ingest::DeadLetterStore& dead_letters, const engine::Clock& clock, LagObserver on_lag)
    : options_(std::move(options)),
      decode_{options_.name, options_.epoch, hint_for_format(options_.format), options_.index},
      pipeline_(pipeline),
      dead_letters_(dead_letters),
      clock_(clock),
      on_lag_(std::move(on_lag)) {}

KafkaInput::~KafkaInput() { stop(); }

void KafkaInput::start() {
  auto* conf = rd_kafka_conf_new();
  char error[512];
  for (const auto& [key, value] : client_settings(options_)) {
    if (rd_kafka_conf_set(conf, key.c_str(), value.c_str(), error, sizeof error) != RD_KAFKA_CONF_OK) {
      rd_kafka_conf_destroy(conf);
      throw std::runtime_error("kafka input " + options_.name + ": librdkafka refuses " + key +
                               (is_secret_setting(key) ? "" : " = '" + value + "'") + ": " + error);
    }
  }
  rd_kafka_conf_set_opaque(conf, this);
  rd_kafka_conf_set_rebalance_cb(conf, ClientCallbacks::rebalance);
  rd_kafka_conf_set_error_cb(conf, ClientCallbacks::error);
  rd_kafka_conf_set_offset_commit_cb(conf, ClientCallbacks::committed);
  rd_kafka_conf_set_log_cb(conf, ClientCallbacks::log);
  workers_ = std::make_unique<WorkerPool>(
      options_.decode_threads > 0 ? options_.decode_threads : std::max(1u, std::thread::hardware_concurrency()));
  client_ = rd_kafka_new(RD_KAFKA_CONSUMER, conf, error, sizeof error);
  if (!client_) {
    rd_kafka_conf_destroy(conf);
    throw std::runtime_error("kafka input " + options_.name + ": cannot create the client: " + error);
  }
  rd_kafka_poll_set_consumer(client_);
  PartitionList topics(rd_kafka_topic_partition_list_new(static_cast<int>(options_.topics.size())));
  for (const auto& topic : options_.topics)
    rd_kafka_topic_partition_list_add(topics.get(), topic.c_str(), RD_KAFKA_PARTITION_UA);
  if (const auto err = rd_kafka_subscribe(client_, topics.get()); err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    rd_kafka_destroy(client_);
    client_ = nullptr;
    throw std::runtime_error("kafka input " + options_.name + ": cannot subscribe: " + rd_kafka_err2str(err));
  }
  const auto joined = [](const std::vector<std::string>& names) {
    std::string text;
    for (const auto& n : names) text += (text.empty() ? "" : ",") + n;
    return text;
  };
  spdlog::info("kafka input {}: consuming {} from {} as group {} ({}, format {}, epoch {})", options_.name,
               joined(options_.topics), joined(options_.brokers), options_.group_id, options_.security, options_.format,
               options_.epoch);
  thread_ = std::thread([this] { run(); });
}

void KafkaInput::stop() {
  stopping_ = true;
  if (thread_.joinable()) thread_.join();
  workers_.reset();  // idle: the thread stored or gave up every batch in flight
  if (client_) {
    rd_kafka_destroy(client_);
    client_ = nullptr;
  }
}

std::string KafkaInput::degraded() const {
  std::lock_guard lock(problem_mutex_);
  return !store_problem_.empty() ? store_problem_ : broker_problem_;
}

void KafkaInput::set_problem(std::string& slot, std::string reason) {
  std::lock_guard lock(problem_mutex_);
  if (slot == reason) return;
  if (reason.empty())
    spdlog::info("kafka input {}: consuming again", options_.name);
  else
    spdlog::warn("kafka input {}: {}", options_.name, reason);
  slot = std::move(reason);
}

void KafkaInput::note_offset_reset(const OffsetReset& reset) {
  ++counters_.offset_resets;
  const std::string where = reset.to == "BEGINNING" ? "the start of its log"
                            : reset.to == "END"     ? "the end of its log"
                                                    : "offset " + reset.to;
  spdlog::warn(
      "kafka input {}: {}[{}]: offset {} is out of range on the broker (the topic's log was truncated, or the topic "
      "recreated); reading goes on from {} (start_offset = \"{}\"): messages in between are skipped, or read again; "
      "if the topic was recreated, bump this input's epoch, or its new messages are taken for stored ones",
      options_.name, reset.topic, reset.partition, reset.from, where, options_.start_offset);
  std::lock_guard lock(problem_mutex_);
  reset_from_[{reset.topic, reset.partition}] = reset.from;
  resets_pending_ = true;
}

void KafkaInput::report_resumption(const std::string& topic, std::int32_t partition, std::int64_t offset) {
  std::lock_guard lock(problem_mutex_);
  const auto it = reset_from_.find({topic, partition});
  if (it == reset_from_.end()) return;
  const auto from = it->second;
  if (offset < from)
    spdlog::warn(
        "kafka input {}: {}[{}] resumed at offset {}, {} before the out-of-range offset {}: those messages "
        "are read again (stored ones are refused as duplicates, and so are a recreated topic's new ones "
        "until the epoch is bumped)",
        options_.name, topic, partition, offset, from - offset, from);
  else
    spdlog::warn(
        "kafka input {}: {}[{}] resumed at offset {}, {} after the out-of-range offset {}: those messages "
        "were skipped",
        options_.name, topic, partition, offset, offset - from, from);
  reset_from_.erase(it);
  resets_pending_ = !reset_from_.empty();
}

bool KafkaInput::sleep_for(milliseconds duration) {
  const auto until = Clock::now() + duration;
  while (!stopping_ && Clock::now() < until)
    std::this_thread::sleep_for(std::min<Clock::duration>(milliseconds(50), until - Clock::now()));
  return !stopping_;
}

void KafkaInput::run() {
  while (!stopping_) {
    const bool arrived = collect();
    begin_preparing();
    // The newest batch prepares on the workers while the one before it is
    // stored here; when nothing more came, it is stored too.
    store_in_flight(arrived ? 1 : 0, false);
    report_lag();
  }
  begin_preparing();
  store_in_flight(0, true);
  // Leaving the group: the revoke callback runs here, with nothing in hand.
  rd_kafka_consumer_close(client_);
  spdlog::info("kafka input {}: stopped", options_.name);
}

bool KafkaInput::collect() {
  std::optional<Clock::time_point> deadline;
  while (!stopping_ && batch_.size() < options_.max_batch_messages) {
    int timeout_ms = in_flight_.empty() ? 100 : 0;  // idle, checks stopping_ this often
    if (deadline) {
      const auto left = std::chrono::duration_cast<milliseconds>(*deadline - Clock::now()).count();
      if (left <= 0) break;
      timeout_ms = static_cast<int>(std::min<long long>(left, 100));
    }
    MessagePtr message(rd_kafka_consumer_poll(client_, timeout_ms));
    if (!message) {
      if (!deadline && !in_flight_.empty()) break;
      continue;
    }
    if (message->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) continue;
    if (message->err) {
      set_problem(broker_problem_,
                  std::string(rd_kafka_err2name(message->err)) + ": " + rd_kafka_message_errstr(message.get()));
      continue;
    }
    if (resets_pending_) report_resumption(rd_kafka_topic_name(message->rkt), message->partition, message->offset);
    if (!deadline) deadline = Clock::now() + milliseconds(options_.batch_wait_ms);
    batch_.push_back(std::move(message));
  }
  return deadline.has_value();
}

void KafkaInput::begin_preparing() {
  if (batch_.empty()) return;
  const auto count = batch_.size();
  const auto slices = std::min(count, workers_->size() * kSlicesPerWorker);
  auto batch = std::make_unique<Batch>(std::exchange(batch_, {}), slices);
  for (std::size_t s = 0; s < slices; ++s) {
    const auto first = count * s / slices;
    const auto end = count * (s + 1) / slices;
    workers_->post([this, b = batch.get(), s, first, end] {
      try {
        b->parts[s] = prepare(std::span(b->messages).subspan(first, end - first));
      } catch (...) {
        b->parts[s].failure = std::current_exception();
      }
      b->part_prepared();
    });
  }
  in_flight_.push_back(std::move(batch));
}

KafkaInput::Prepared KafkaInput::prepare(std::span<const MessagePtr> messages) const {
  Prepared p;
  std::vector<engine::ingest::IncomingEvent> events;
  events.reserve(messages.size());
  for (const auto& m : messages) {
    const std::string_view topic = rd_kafka_topic_name(m->rkt);
    const std::string_view payload(static_cast<const char*>(m->payload), m->payload ? m->len : 0);
    auto decoded = decode_message({topic, m->partition, m->offset, payload}, decode_);
    if (decoded.error)
      p.letters.push_back({options_.name, options_.epoch, std::string(topic), m->partition, m->offset, *decoded.error,
                           std::string(payload.substr(0, engine::ingest::kMaxDeadLetterPayload)), payload.size(),
                           clock_.now()});
    else
      std::move(decoded.events.begin(), decoded.events.end(), std::back_inserter(events));
    p.bytes += payload.size();
  }
  p.events = pipeline_.prepare(std::move(events), decode_.hint);
  return p;
}

void KafkaInput::store_in_flight(std::size_t keep, bool handing_over) {
  while (in_flight_.size() > keep) {
    if (store_oldest(handing_over)) continue;
    // Storing a later batch would commit offsets past the messages given up.
    std::size_t dropped = 0;
    for (auto& b : in_flight_) {
      b->wait_prepared();  // the workers still read its messages
      dropped += b->messages.size();
    }
    in_flight_.clear();
    if (dropped > 0)
      spdlog::warn("kafka input {}: {} more message(s) in flight not stored; delivered again with the others",
                   options_.name, dropped);
    return;
  }
}

bool KafkaInput::store_oldest(bool handing_over) {
  auto& batch = *in_flight_.front();
  batch.wait_prepared();
  Prepared all;
  for (auto& part : batch.parts) {
    if (part.failure) std::rethrow_exception(part.failure);
    all.events.append(std::move(part.events));
    std::move(part.letters.begin(), part.letters.end(), std::back_inserter(all.letters));
    all.bytes += part.bytes;
  }
  Offsets last;
  for (const auto& m : batch.messages) {
    auto& offset = last[{rd_kafka_topic_name(m->rkt), m->partition}];
    offset = std::max(offset, m->offset);
  }

  auto backoff = milliseconds(options_.initial_backoff_ms);
  for (int attempt = 1;; ++attempt) {
    std::string refusal;
    try {
      if (!all.letters.empty()) dead_letters_.add(all.letters);
      std::uint64_t duplicates = 0;
      if (!all.events.records.empty()) {
        auto result = pipeline_.store(all.events);
        if (result.stale) {
          // Rules reloaded since the workers matched it: match it again, here.
          all.events = prepare(batch.messages).events;
          --attempt;
          continue;
        }
        if (result.saturated) refusal = "the writer is saturated: " + result.refusal;
        for (const auto& item : result.items) duplicates += item.outcome == engine::WriteOutcome::kConflict;
      }
      if (refusal.empty()) {
        set_paused(false);
        set_problem(store_problem_, "");
        commit(last, handing_over);
        for (const auto& [partition, offset] : last) stored_[partition] = std::max(stored_[partition], offset);
        counters_.messages += batch.messages.size();
        counters_.records += all.events.records.size() - duplicates;
        counters_.duplicates += duplicates;
        counters_.bytes += all.bytes;
        counters_.dead_letters += all.letters.size();
        for (const auto& l : all.letters)
          spdlog::warn("kafka input {}: {}[{}] offset {} set aside as a dead letter: {}", options_.name, l.topic,
                       l.partition, l.offset, l.error);
        in_flight_.pop_front();
        return true;
      }
    } catch (const engine::StoreError& e) {
      refusal = std::string("the database refused the batch: ") + e.what();
      set_problem(store_problem_, refusal);
    }
    if (stopping_ || (handing_over && attempt >= kHandOverAttempts)) {
      spdlog::warn(
          "kafka input {}: {} message(s) not stored ({}); their offsets are not committed, so they are "
          "delivered again",
          options_.name, batch.messages.size(), refusal);
      in_flight_.pop_front();
      return false;
    }
    set_paused(true);
    const auto paused_at = Clock::now();
    sleep_for(backoff);
    counters_.paused_ms +=
        static_cast<std::uint64_t>(std::chrono::duration_cast<milliseconds>(Clock::now() - paused_at).count());
    backoff = std::min(backoff * 2, milliseconds(options_.max_backoff_ms));
  }
}

void KafkaInput::commit(const Offsets& last_stored, bool wait) {
  PartitionList offsets(rd_kafka_topic_partition_list_new(static_cast<int>(last_stored.size())));
  for (const auto& [partition, offset] : last_stored)
    rd_kafka_topic_partition_list_add(offsets.get(), partition.first.c_str(), partition.second)->offset = offset + 1;
  // Asynchronous while consuming (commits are sent in order, and a lost one
  // only means a redelivery the ids absorb); waited for when handing over.
  const auto err = rd_kafka_commit(client_, offsets.get(), wait ? 0 : 1);
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR && wait) {
    ++counters_.commit_failures;
    spdlog::warn(
        "kafka input {}: offset commit failed ({}); the events are stored and are not stored again when "
        "delivered again",
        options_.name, rd_kafka_err2str(err));
  }
}

void KafkaInput::set_paused(bool paused) {
  if (paused == paused_) return;
  auto partitions = assignment(client_);
  if (paused) {
    rd_kafka_pause_partitions(client_, partitions.get());
    spdlog::warn("kafka input {}: paused {} partition(s) until the writer catches up", options_.name, partitions->cnt);
  } else {
    rd_kafka_resume_partitions(client_, partitions.get());
    spdlog::info("kafka input {}: resumed {} partition(s)", options_.name, partitions->cnt);
  }
  paused_ = paused;
}

void KafkaInput::report_lag() {
  if (!on_lag_ || Clock::now() < next_lag_report_) return;
  next_lag_report_ = Clock::now() + std::chrono::seconds(1);
  auto partitions = assignment(client_);
  rd_kafka_position(client_, partitions.get());
  std::vector<PartitionLag> lags;
  for (int i = 0; i < partitions->cnt; ++i) {
    const auto& p = partitions->elems[i];
    std::int64_t low = 0;
    std::int64_t high = 0;
    if (p.offset < 0 ||
        rd_kafka_get_watermark_offsets(client_, p.topic, p.partition, &low, &high) != RD_KAFKA_RESP_ERR_NO_ERROR ||
        high < 0)
      continue;
    lags.push_back({p.topic, p.partition, std::max<std::int64_t>(0, high - p.offset)});
  }
  on_lag_(lags);
}

}  // namespace vigil::inputs::kafka
