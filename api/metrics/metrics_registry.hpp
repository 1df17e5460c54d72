#pragma once

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/histogram.h>
#include <prometheus/metric_type.h>
#include <prometheus/registry.h>

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace vigil::api::metrics {

// The process's metrics. Families (counters, gauges, histograms with label
// sets) live in a prometheus-cpp registry: adding a label set takes the
// family's mutex once, and increments on the returned metric are lock-free
// atomics. Values another component already keeps (queue depth, database
// size) are read only at scrape time, through callbacks.
//
// render() writes Prometheus text exposition format 0.0.4 with families
// sorted by name and samples by labels, so the output is stable between
// scrapes. Thread-safe: families, callbacks and render() may be used from
// any thread. A callback must be cheap and must not throw; whatever it
// reads must outlive the registry's last render().
class MetricsRegistry {
 public:
  MetricsRegistry();

  // Families by name; asking twice with the same help returns the same family.
  prometheus::Family<prometheus::Counter>& counters(const std::string& name, const std::string& help);
  prometheus::Family<prometheus::Histogram>& histograms(const std::string& name, const std::string& help);
  prometheus::Registry& families() { return *families_; }

  // A label-less sample read at scrape time. `type` is Gauge, or Counter for
  // a monotonic total kept elsewhere; counter names end in _total.
  void add_callback(std::string name, std::string help, prometheus::MetricType type, std::function<double()> read);
  // The same with labels: callbacks sharing a name are one family, a sample
  // each (the caller keeps the label values few: one per configured output).
  void add_callback(std::string name, std::string help, prometheus::MetricType type,
                    std::map<std::string, std::string> labels, std::function<double()> read);

  std::string render() const;

 private:
  struct Callback {
    std::string name;
    std::string help;
    prometheus::MetricType type;
    std::map<std::string, std::string> labels;
    std::function<double()> read;
  };

  std::shared_ptr<prometheus::Registry> families_;
  mutable std::mutex callbacks_mutex_;
  std::vector<Callback> callbacks_;  // guarded by callbacks_mutex_
};

}  // namespace vigil::api::metrics
