// A one-line progress bar on stderr, for runs over many articles.
#ifndef KHABAR_CLIENT_PROGRESS_H_
#define KHABAR_CLIENT_PROGRESS_H_

#include <cstddef>
#include <string>

namespace khabar::client {

// Redrawn in place; callers Clear() it before printing anything else on
// the terminal. Not thread-safe: callers serialise Show and Clear.
class ProgressBar {
 public:
  // Draws nothing unless `enabled` (callers pass "stderr is a terminal").
  ProgressBar(bool enabled, size_t total) : enabled_(enabled), total_(total) {}

  // "[#####.....] done/total label", the label's tail cut to fit.
  void Show(size_t done, const std::string& label);
  void Clear();

 private:
  bool enabled_;
  size_t total_;
  bool shown_ = false;
};

}  // namespace khabar::client

#endif  // KHABAR_CLIENT_PROGRESS_H_
