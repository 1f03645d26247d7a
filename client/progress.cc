#include "progress.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <iostream>

#include "absl/strings/str_cat.h"

namespace khabar::client {

void ProgressBar::Show(size_t done, const std::string& label) {
  if (!enabled_ || total_ == 0) return;
  winsize ws{};
  int columns = 80;
  if (ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) {
    columns = ws.ws_col;
  }
  constexpr int kBarWidth = 24;
  const int filled = static_cast<int>(kBarWidth * done / total_);
  std::string line = absl::StrCat("[", std::string(filled, '#'),
                                  std::string(kBarWidth - filled, '.'), "] ",
                                  done, "/", total_, " ");
  // The tail of a path says the most; cut on a UTF-8 boundary.
  const int room = columns - static_cast<int>(line.size()) - 1;
  std::string tail = label;
  if (room <= 3) {
    tail.clear();
  } else if (static_cast<int>(tail.size()) > room) {
    size_t cut = tail.size() - (room - 3);
    while (cut < tail.size() && (tail[cut] & 0xC0) == 0x80) ++cut;
    tail = "..." + tail.substr(cut);
  }
  std::cerr << "\r\x1b[K" << line << tail << std::flush;
  shown_ = true;
}

void ProgressBar::Clear() {
  if (shown_) std::cerr << "\r\x1b[K" << std::flush;
  shown_ = false;
}

}  // namespace khabar::client
