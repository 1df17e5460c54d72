#pragma once

#include <cstddef>
#include <string>

#include "engine/store/alert_store.hpp"

namespace vigil::storage {

// Fills an AlertPage from the rows of its query, read in page order: up to
// `limit` alerts go to `take`, and `next` is set as AlertStore::list says
// (a row beyond the limit, or a refused alert after an accepted one, means
// more follow). Reading limit + 1 rows tells the first case.
class AlertPageFill {
 public:
  AlertPageFill(engine::AlertPage& page, std::size_t limit, const engine::PageSink& take)
      : page_(page), limit_(limit), take_(take) {}

  // Offers the next row, its alert made by text() only when the page takes
  // one more; `at` is the row's place in the order. false: the page is
  // complete, read no further.
  template <class Text>
  bool offer(Text&& text, const engine::AlertCursor& at) {
    if (taken_ == limit_) {
      if (limit_ > 0) page_.next = last_;
      return false;
    }
    if (!take_(text())) {
      if (taken_ > 0) page_.next = last_;
      return false;
    }
    ++taken_;
    last_ = at;
    return true;
  }

 private:
  engine::AlertPage& page_;
  const std::size_t limit_;
  const engine::PageSink& take_;
  std::size_t taken_ = 0;
  engine::AlertCursor last_;
};

}  // namespace vigil::storage
