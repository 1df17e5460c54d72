#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "api/ingest/filter_path.hpp"

namespace vigil::api {

// Writes a JSON response as compact text while applying a filter_path, so
// a large response is never built as a tree: a _bulk response holds an
// object per item, and Beats keep only each item's status. What is kept
// reads exactly as Elasticsearch's filtering of the whole response would:
// a member is written when a path ends at it or above it, objects and
// arrays the filter leaves empty are dropped, and when nothing is kept the
// text is `{}`. Members are written in the order they are given.
class FilteredJsonWriter {
 public:
  explicit FilteredJsonWriter(const FilterPath& filter);

  // Objects and arrays: `key` names a member of an object, and is ignored
  // for the elements of an array (arrays do not consume a path's key).
  void begin_object(std::string_view key = {});
  void begin_array(std::string_view key);
  void end();

  void member(std::string_view key, std::string_view text);
  void member(std::string_view key, const char* text) { member(key, std::string_view(text)); }
  void member(std::string_view key, std::int64_t number);
  void member(std::string_view key, bool value);

  // The text, once every object and array is ended.
  std::string take();

 private:
  struct State {
    std::size_t path;
    std::size_t next;  // index of the path's next key
  };
  enum class Keep { kNothing, kSome, kAll };
  struct Frame {
    Keep keep;
    bool array;
    bool opened = false;  // its opening text is written
    bool any_member = false;
    std::string key;
    std::size_t states_begin;
  };

  // Pushes the states that a member `key` of the innermost frame leaves,
  // and says what is kept of it.
  Keep enter(std::string_view key);
  void push(std::string_view key, bool array);
  // Writes the openings of the frames kept but not yet written: an object
  // is written once the first member it keeps is.
  void open_frames();
  void separate(Frame& parent, std::string_view key);
  // Whether the scalar member `key` is kept; if so, writes up to its value.
  bool begin_scalar(std::string_view key);

  const FilterPath& filter_;
  std::vector<Frame> frames_;
  std::vector<State> states_;
  std::string out_;
};

}  // namespace vigil::api
