#pragma once

#include <cctype>
#include <cmath>
#include <cstdlib>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

// A strict reader of Prometheus text exposition format 0.0.4 for tests:
// what a scraper would reject is reported in `errors`, and the samples are
// kept by their series as written ("name{a=\"x\"}") for exact assertions.
namespace vigil::test {

struct Exposition {
  std::map<std::string, double> samples;     // series -> value
  std::map<std::string, std::string> types;  // family -> counter | gauge | histogram | ...
  std::vector<std::string> errors;           // "line N: what is wrong"

  double value(const std::string& series) const {
    const auto it = samples.find(series);
    return it == samples.end() ? -1 : it->second;
  }
  bool has(const std::string& series) const { return samples.count(series) > 0; }
};

namespace exposition_detail {

inline bool name_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_' || c == ':'; }
inline bool name_char(char c) { return name_start(c) || std::isdigit(static_cast<unsigned char>(c)); }

// The family a sample name belongs to, given the declared types.
inline std::string family_of(const std::string& name, const std::map<std::string, std::string>& types) {
  for (const char* suffix : {"_bucket", "_sum", "_count"}) {
    const std::string s = suffix;
    if (name.size() > s.size() && name.compare(name.size() - s.size(), s.size(), s) == 0) {
      const auto base = name.substr(0, name.size() - s.size());
      const auto it = types.find(base);
      if (it != types.end() && (it->second == "histogram" || (it->second == "summary" && s != "_bucket"))) return base;
    }
  }
  return name;
}

}  // namespace exposition_detail

inline Exposition parse_exposition(const std::string& text) {
  using namespace exposition_detail;
  Exposition out;
  std::set<std::string> finished;  // families whose samples ended: they must not come back
  std::string current;
  std::istringstream lines(text);
  std::string line;
  int n = 0;
  auto fail = [&](const std::string& what) { out.errors.push_back("line " + std::to_string(n) + ": " + what); };
  if (!text.empty() && text.back() != '\n') out.errors.push_back("the text does not end with a newline");
  while (std::getline(lines, line)) {
    ++n;
    if (line.empty()) continue;
    if (line.rfind("# TYPE ", 0) == 0) {
      std::istringstream words(line.substr(7));
      std::string family, type, extra;
      words >> family >> type;
      if (family.empty() || type.empty() || (words >> extra)) fail("malformed TYPE");
      if (type != "counter" && type != "gauge" && type != "histogram" && type != "summary" && type != "untyped")
        fail("unknown type " + type);
      if (out.types.count(family)) fail("second TYPE for " + family);
      out.types[family] = type;
      continue;
    }
    if (line[0] == '#') continue;  // HELP and comments

    std::size_t i = 0;
    if (!name_start(line[0])) {
      fail("a sample must start with a metric name");
      continue;
    }
    while (i < line.size() && name_char(line[i])) ++i;
    const std::string name = line.substr(0, i);
    std::string series = name;
    std::map<std::string, std::string> labels;
    if (i < line.size() && line[i] == '{') {
      series += '{';
      ++i;
      bool ok = true;
      while (ok && i < line.size() && line[i] != '}') {
        const auto start = i;
        if (!name_start(line[i]) || line[i] == ':') ok = false;
        while (ok && i < line.size() && name_char(line[i]) && line[i] != ':') ++i;
        const auto label = line.substr(start, i - start);
        if (!ok || i + 1 >= line.size() || line[i] != '=' || line[i + 1] != '"') {
          ok = false;
          break;
        }
        i += 2;
        std::string value;
        while (i < line.size() && line[i] != '"') {
          if (line[i] == '\\') {
            if (i + 1 >= line.size() || (line[i + 1] != '\\' && line[i + 1] != '"' && line[i + 1] != 'n')) {
              ok = false;
              break;
            }
            value += line[i + 1] == 'n' ? '\n' : line[i + 1];
            i += 2;
          } else {
            value += line[i++];
          }
        }
        if (!ok || i >= line.size()) {
          ok = false;
          break;
        }
        series += line.substr(start, i + 1 - start);
        ++i;  // closing quote
        labels[label] = value;
        if (i < line.size() && line[i] == ',') {
          series += ',';
          ++i;
        }
      }
      if (!ok || i >= line.size()) {
        fail("malformed labels");
        continue;
      }
      series += '}';
      ++i;
    }
    if (i >= line.size() || line[i] != ' ') {
      fail("no space before the value");
      continue;
    }
    std::istringstream rest(line.substr(i + 1));
    std::string value_text, timestamp, extra;
    rest >> value_text >> timestamp >> extra;
    double value = 0;
    if (value_text == "+Inf" || value_text == "-Inf") {
      value = value_text[0] == '+' ? HUGE_VAL : -HUGE_VAL;
    } else if (value_text != "NaN") {
      char* end = nullptr;
      value = std::strtod(value_text.c_str(), &end);
      if (value_text.empty() || *end != '\0') fail("value '" + value_text + "' is not a number");
    }
    if (!extra.empty()) fail("text after the timestamp");

    const auto family = family_of(name, out.types);
    const auto type = out.types.find(family);
    // A TYPE after its samples shows here too: those samples had none before them.
    if (type == out.types.end()) fail("sample of " + family + " before its TYPE");
    if (type != out.types.end() && type->second == "histogram") {
      if (name == family) fail("histogram " + family + " has a bare sample");
      if (name == family + "_bucket" && !labels.count("le")) fail("bucket without le");
    }
    if (family != current) {
      if (finished.count(family)) fail("samples of " + family + " are not together");
      if (!current.empty()) finished.insert(current);
      current = family;
    }
    if (out.samples.count(series)) fail("series " + series + " appears twice");
    out.samples[series] = value;
  }
  return out;
}

}  // namespace vigil::test
