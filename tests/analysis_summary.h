// Everything an analysis says but its timing, as one string: for tests and
// fuzzers that check two ways of analysing give the same result.
#ifndef KHABAR_TESTS_ANALYSIS_SUMMARY_H_
#define KHABAR_TESTS_ANALYSIS_SUMMARY_H_

#include <string>

#include "absl/strings/str_cat.h"
#include "khabar/analysis.h"

namespace khabar::testing {

inline std::string DescribeAnalysis(const Analysis& a) {
  std::string out;
  auto span = [](Span s) {
    return absl::StrCat("[", s.begin, ",", s.end, ")");
  };
  for (const Token& t : a.tokens) {
    absl::StrAppend(&out, "T", span(t.span), t.base, "\n");
  }
  for (const Sentence& s : a.sentences) {
    absl::StrAppend(&out, "S", span(s.span), s.tone, "\n");
  }
  for (const Entity& e : a.entities) {
    absl::StrAppend(&out, "E", e.id, e.name, static_cast<int>(e.type),
                    e.salience, e.links.english_name, "\n");
    for (const Mention& m : e.mentions) {
      absl::StrAppend(&out, " M", span(m.span), m.confidence, "\n");
    }
    for (const Role& r : e.roles) absl::StrAppend(&out, " R", r.text, "\n");
  }
  for (const Quote& q : a.quotes) {
    absl::StrAppend(&out, "Q", span(q.span), q.speaker_entity_id, q.cue, "\n");
  }
  for (const Quantity& q : a.quantities) {
    absl::StrAppend(&out, "N", span(q.span), q.value, q.unit, q.object, "\n");
  }
  for (const TimeExpression& d : a.dates) {
    absl::StrAppend(&out, "D", span(d.span), d.value, "\n");
  }
  for (const EventCount& e : a.events) {
    absl::StrAppend(&out, "V", span(e.span), static_cast<int>(e.type), e.object,
                    "\n");
  }
  for (const Keyword& k : a.keywords) {
    absl::StrAppend(&out, "K", k.normalized, k.text, k.score, "\n");
  }
  absl::StrAppend(&out, "tone", a.tone.score, "\n");
  for (const Warning& w : a.warnings)
    absl::StrAppend(&out, "W", w.message, "\n");
  return out;
}

}  // namespace khabar::testing

#endif  // KHABAR_TESTS_ANALYSIS_SUMMARY_H_
