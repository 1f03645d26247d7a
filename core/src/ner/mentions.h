// Entity mentions: runs the NER model over each sentence's tokens and turns
// its token spans into character spans of the original text.
#ifndef KHABAR_CORE_SRC_NER_MENTIONS_H_
#define KHABAR_CORE_SRC_NER_MENTIONS_H_

#include <string>
#include <string_view>
#include <vector>

#include "khabar/analysis.h"
#include "khabar/cancellation.h"
#include "khabar/executor.h"

namespace khabar {

class NerModel;

// Appends the mentions of every sentence, in text order, with UTF-8 byte
// spans into `text`. A mention starts where its first token's stand-alone
// word starts (clitics off: وبغداد gives بغداد, والكاظمي gives الكاظمي;
// للكاظمي, whose article lost its alef, gives كاظمي) and ends with its last
// token's base (no attached pronoun). Once `cancellation` says stop, the
// rest of the text is left untagged (the caller discards the result).
// `executor` may lend the tagger a thread (NerModel::TagDocument).
std::vector<Mention> FindMentions(const NerModel& model, std::string_view text,
                                  const std::vector<Sentence>& sentences,
                                  const std::vector<Token>& tokens,
                                  const Cancellation* cancellation = nullptr,
                                  Executor* executor = nullptr);

// The name a mention stands for, as written but with an elided article
// restored (للكاظمي gives الكاظمي).
std::string MentionName(std::string_view text, const Mention& mention,
                        const std::vector<Token>& tokens);

}  // namespace khabar

#endif  // KHABAR_CORE_SRC_NER_MENTIONS_H_
