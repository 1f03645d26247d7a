// The input of the engine: one news article.
#ifndef KHABAR_ARTICLE_H_
#define KHABAR_ARTICLE_H_

#include <cstdint>
#include <optional>
#include <string_view>

namespace khabar {

// One article, either as a whole raw `text` or as structured parts. The
// views must outlive the Analyze call that reads them.
struct Article {
  // The whole raw article (outlet line, headline, deck, body, chrome).
  std::string_view text;
  // Structured parts; used when `text` is empty. Spans then point into
  // headline + "\n" + subheadline + "\n" + body.
  std::string_view headline;
  std::string_view subheadline;
  std::string_view body;
  // Outlet name the caller knows; used when the text names none.
  std::string_view source;
  // BCP-47 language the caller expects; empty = detect.
  std::string_view language_hint;
  // Publication time, seconds since the Unix epoch. Relative dates (أمس,
  // مساء الثلاثاء) resolve against its UTC day; unset, they stay unresolved.
  // Must lie in 0001-01-01..9999-12-31 UTC (INVALID_ARGUMENT otherwise); a
  // date resolved outside those years is left without a value.
  std::optional<int64_t> published_at;

  bool is_structured() const {
    return !headline.empty() || !subheadline.empty() || !body.empty();
  }
};

}  // namespace khabar

#endif  // KHABAR_ARTICLE_H_
