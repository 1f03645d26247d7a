// Clitic splitting: وبغداد -> و + بغداد, للكاظمي -> ل + ال + كاظمي,
// without cutting names that merely start with a clitic letter (بلينكن,
// بغداد).
#ifndef KHABAR_CORE_SRC_TEXT_CLITICS_H_
#define KHABAR_CORE_SRC_TEXT_CLITICS_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace khabar {

class Lexicon;

struct CliticSplit {
  // Proclitics in order, matching forms: و ف ب ل ك س and "ال". When the
  // article's alef is elided after ل (للكاظمي), "ال" is still listed.
  std::vector<std::string> prefixes;
  // Enclitic pronouns in order (ه ها هم هما هن ك كم كما كن ي ني نا).
  std::vector<std::string> suffixes;
  // Byte range of the base within the matching form given to Split.
  int32_t base_begin = 0;
  int32_t base_end = 0;
  // Where the stand-alone word starts in the matching form: at the article
  // when it is written (والكاظمي: at ال), else at the base (للكاظمي, whose
  // article lost its alef: at كاظمي).
  int32_t word_begin = 0;
  // Stand-alone word: base with the article kept or restored (الكاظمي),
  // and a teh marbuta restored (حكومته -> حكومه in matching form).
  std::string word;
  // The base in matching form (كاظمي).
  std::string base;
};

// Immutable and thread-safe.
class CliticSplitter {
 public:
  // `lexicon` may be null (built-in rules only); it must outlive this.
  explicit CliticSplitter(const Lexicon* lexicon);

  // Splits one Arabic word given in matching form. A candidate split is kept
  // only when the lexicon makes the remainder more plausible than the whole
  // word (or, without a lexicon, when conservative length rules allow it).
  // `final_teh_marbuta`: the word ends in ة as written; the matching form
  // spells it ه, which then cannot be the pronoun (مدينة, not مدين + ه).
  CliticSplit Split(std::string_view matching_form,
                    bool final_teh_marbuta = false) const;

 private:
  const Lexicon* lexicon_;
};

}  // namespace khabar

#endif  // KHABAR_CORE_SRC_TEXT_CLITICS_H_
