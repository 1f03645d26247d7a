// Quotations: direct quotes in «...», "..." and “...” and reported speech
// after reporting verbs (قال، أكد، أشار إلى...) with إن/أن complements,
// each with its cue verb and speaker.
#ifndef KHABAR_CORE_SRC_FACTS_QUOTES_H_
#define KHABAR_CORE_SRC_FACTS_QUOTES_H_

#include <string_view>
#include <vector>

#include "khabar/analysis.h"
#include "khabar/cancellation.h"

namespace khabar {

// Finds the quotes of an analysed text, in text order, with UTF-8 byte
// spans into `text`. Needs the sentences and their tokens; `entities` may
// be empty (speakers then get speaker_text only). Thread-safe.
//
// Direct quotes: pairs of quote marks as the sentence splitter pairs them
// (quote_marks.h), so broken scraped pairs (بـ»...») count. Quote marks
// around a bare name or title («الناتو», «داعش», «الناتو 2030») are not
// quotes: content of one to three words, no sentence punctuation, that is
// an entity mention or has no function word, prepositional proclitic,
// future or pronoun clitic; unless a reporting verb and a colon introduce
// them, or a comma and a verb follow («وقال الوزير: "الوضع صعب"»). An
// interrupted quote («...»، قال، «...») gives two quotes with one speaker.
//
// Frames: a reporting verb in any common inflection (قال، قالت، يقول،
// مضيفاً، مؤكدا، مشيرةً), matched on the token's base, followed within a
// few tokens by إن/أن (reported speech: the complement clause up to the
// sentence end or the next frame) or by a direct quote (which then takes
// the frame's cue and speaker). A direct quote with no frame before it in
// its sentence takes a cue right after it («...»، قال X), else the speaker
// (no cue) of the nearest earlier frame in its paragraph.
//
// Speakers: the PERSON (else ORGANIZATION) mention between the verb and
// its complement that no preposition governs; else the noun phrase there
// (مسؤولون ودبلوماسيون كبار), but not a circumstantial (قال مازحا), the
// speaker's own words (تابع حديثه), a platform (تويتر) or, after كان, the
// verb's object; else, for a verb with no conjunction before it, such a
// mention earlier in the sentence (بلينكن ...، قال إن); else the person
// named at the sentence's start (ويستغل الرئيس ترامب ...، فيقول; participles
// too); else (وأكد، وأعرب عن: a dropped subject) the last speaker, which a
// sentence that names a new subject at its start updates (وكتبت جودي
// ديمبسي ... وأضافت أن). «وجاء في بيان X» names X, or the phrase itself.
//
// A headline «NAME: statement» whose label names a person or an
// organization is that one's statement; «يُذكر أن» (it is noted that) is no
// frame.
//
// Quotes never nest: one inside another (a partial quote within reported
// speech, marks within marks) is part of the outer quote, so each byte of
// `text` is in at most two quotes. Work is linear in the text. Returns
// early, with no quotes, once `cancellation` (may be null) says stop.
std::vector<Quote> FindQuotes(std::string_view text,
                              const std::vector<Sentence>& sentences,
                              const std::vector<Token>& tokens,
                              const std::vector<Entity>& entities,
                              const Cancellation* cancellation = nullptr);

}  // namespace khabar

#endif  // KHABAR_CORE_SRC_FACTS_QUOTES_H_
