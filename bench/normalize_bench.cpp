// The per-event CPU of the ingest path without HTTP or SQLite: a raw
// Winlogbeat Sysmon event parsed, normalized and written as the text vigild
// stores, on one thread. Baseline measured in the same run: simdjson parsing
// the same text and writing it back out (minify), the least any normalizer
// that reads and writes the document must pay. Stages are told apart by
// running the path cut short after each one. The ingest benchmark is noisy on
// a shared machine; this one is steady enough to judge a change of a few
// percent, and under `valgrind --tool=callgrind` (with --events 2000) it gives
// instruction counts that do not move at all. Flags: --events N (a round;
// default 100,000), --rounds N (best of; default 5).
#include <simdjson.h>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <string>
#include <vector>

#include "bench/bench_events.hpp"
#include "bench/bench_support.hpp"
#include "engine/event/json_parse.hpp"
#include "engine/ingest/record_builder.hpp"
#include "engine/normalize/normalizer.hpp"

namespace {

using vigil::bench::seconds_since;
using Clock = vigil::bench::SteadyClock;
namespace engine = vigil::engine;

constexpr engine::TimeMs kReceivedAt = 1764756000000;

// Microseconds an event over one round of `events` events.
double us_per_event(std::size_t events, const std::vector<std::string>& docs,
                    const std::function<std::size_t(const std::string&)>& one) {
  std::size_t sink = 0;
  const auto start = Clock::now();
  for (std::size_t i = 0; i < events; ++i) sink += one(docs[i % docs.size()]);
  const double us = seconds_since(start) * 1e6 / static_cast<double>(events);
  // The sink keeps the work from being optimised away.
  if (sink == 0) std::puts("(no output)");
  return us;
}

}  // namespace

int main(int argc, char** argv) {
  const auto events = vigil::bench::arg(argc, argv, "--events", 100000);
  const auto rounds = vigil::bench::arg(argc, argv, "--rounds", 5);

  std::vector<std::string> docs;
  for (std::uint64_t n = 0; n < 1000; ++n)
    docs.push_back(vigil::bench::sysmon_event(n, 100, 0, "2026-12-03T10:00:00.123Z"));

  simdjson::dom::parser parser;
  const auto minify = [&](const std::string& text) { return simdjson::minify(parser.parse(text).value()).size(); };
  const auto parse = [](const std::string& text) { return engine::parse_json(text).size(); };
  const auto normalize = [](const std::string& text) {
    return engine::normalize(engine::parse_json(text), kReceivedAt).document.size();
  };
  const auto store = [](const std::string& text) {
    auto normalized = engine::normalize(engine::parse_json(text), kReceivedAt);
    return engine::ingest::to_event_record(std::move(normalized), "", "id", engine::WriteMode::kCreate).document.size();
  };

  // Alternated, so that a busy spell on the machine falls on every stage.
  double t_minify = 1e300, t_parse = 1e300, t_normalize = 1e300, t_store = 1e300;
  for (std::size_t r = 0; r < rounds; ++r) {
    t_minify = std::min(t_minify, us_per_event(events, docs, minify));
    t_parse = std::min(t_parse, us_per_event(events, docs, parse));
    t_normalize = std::min(t_normalize, us_per_event(events, docs, normalize));
    t_store = std::min(t_store, us_per_event(events, docs, store));
  }

  std::printf("workload: %zu raw Winlogbeat Sysmon events of %zu B, one thread, best of %zu rounds\n", events,
              docs.front().size(), rounds);
  std::printf("baseline simdjson parse + minify:   %6.2f us/event\n", t_minify);
  std::printf("vigil parse + normalize + write:    %6.2f us/event; ratio baseline / vigil %.2f\n", t_store,
              t_minify / t_store);
  std::printf("  parse into a tree and free it:    %6.2f us\n", t_parse);
  std::printf("  normalize the tree:               %6.2f us\n", t_normalize - t_parse);
  std::printf("  write the stored text:            %6.2f us\n", t_store - t_normalize);
}
