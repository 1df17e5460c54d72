#include "api/metrics/metrics_registry.hpp"

#include <prometheus/check_names.h>
#include <prometheus/metric_family.h>
#include <prometheus/text_serializer.h>

#include <algorithm>
#include <stdexcept>

namespace vigil::api::metrics {

MetricsRegistry::MetricsRegistry() : families_(std::make_shared<prometheus::Registry>()) {}

prometheus::Family<prometheus::Counter>& MetricsRegistry::counters(const std::string& name, const std::string& help) {
  return prometheus::BuildCounter().Name(name).Help(help).Register(*families_);
}

prometheus::Family<prometheus::Histogram>& MetricsRegistry::histograms(const std::string& name,
                                                                       const std::string& help) {
  return prometheus::BuildHistogram().Name(name).Help(help).Register(*families_);
}

void MetricsRegistry::add_callback(std::string name, std::string help, prometheus::MetricType type,
                                   std::function<double()> read) {
  add_callback(std::move(name), std::move(help), type, {}, std::move(read));
}

void MetricsRegistry::add_callback(std::string name, std::string help, prometheus::MetricType type,
                                   std::map<std::string, std::string> labels, std::function<double()> read) {
  // The registry's builders check names the same way; a callback skips them.
  if (!prometheus::CheckMetricName(name)) throw std::invalid_argument("invalid metric name '" + name + "'");
  if (type != prometheus::MetricType::Gauge && type != prometheus::MetricType::Counter)
    throw std::invalid_argument("metric '" + name + "': a callback is a gauge or a counter");
  std::lock_guard lock(callbacks_mutex_);
  callbacks_.push_back({std::move(name), std::move(help), type, std::move(labels), std::move(read)});
}

std::string MetricsRegistry::render() const {
  auto families = families_->Collect();
  {
    std::lock_guard lock(callbacks_mutex_);
    for (const auto& c : callbacks_) {
      prometheus::ClientMetric sample;
      const double value = c.read();
      if (c.type == prometheus::MetricType::Counter)
        sample.counter.value = value;
      else
        sample.gauge.value = value;
      for (const auto& [label, label_value] : c.labels) sample.label.push_back({label, label_value});
      // Callbacks are few (tens): a linear search for the family is cheap.
      const auto family = std::find_if(families.begin(), families.end(), [&](const auto& f) { return f.name == c.name; });
      if (family != families.end())
        family->metric.push_back(std::move(sample));
      else
        families.push_back({c.name, c.help, c.type, {std::move(sample)}});
    }
  }
  // prometheus-cpp keeps label sets in a hash map: sort for a stable text.
  std::sort(families.begin(), families.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  for (auto& f : families) {
    std::sort(f.metric.begin(), f.metric.end(), [](const auto& a, const auto& b) { return a.label < b.label; });
  }
  return prometheus::TextSerializer().Serialize(families);
}

}  // namespace vigil::api::metrics
