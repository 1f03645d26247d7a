// Language detection by script share.
#ifndef KHABAR_CORE_SRC_TEXT_LANGUAGE_H_
#define KHABAR_CORE_SRC_TEXT_LANGUAGE_H_

#include <string>
#include <string_view>

namespace khabar {

struct LanguageGuess {
  // BCP-47: "ar", "fa", "ur", "en", "fr", "he", "ru", or "und" when the text
  // has too few letters or no clear majority.
  std::string language = "und";
  // True for the languages the engine analyses fully (Arabic).
  bool supported = false;
  // Share of letters in Arabic script, in [0, 1].
  double arabic_share = 0;
};

// Counts letters by script (ICU uscript) and decides by majority; within
// Arabic script, Persian and Urdu letters tell fa/ur from ar; within Latin,
// a few stop words tell en from fr.
LanguageGuess DetectLanguage(std::string_view text);

}  // namespace khabar

#endif  // KHABAR_CORE_SRC_TEXT_LANGUAGE_H_
