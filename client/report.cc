#include "report.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "google/protobuf/util/json_util.h"

namespace khabar::client {
namespace {

// How many clitic splits the report shows.
constexpr int kMaxSplits = 10;

// "TOKEN_KIND_WORD" -> "word".
std::string EnumSuffix(const std::string& name, const std::string& prefix) {
  std::string out =
      absl::StartsWith(name, prefix) ? name.substr(prefix.size()) : name;
  absl::AsciiStrToLower(&out);
  absl::StrReplaceAll({{"_", " "}}, &out);
  return out;
}

std::string OrNone(const std::string& s) { return s.empty() ? "(none)" : s; }

// How many keywords the report shows.
constexpr int kMaxKeywords = 10;

// ANSI styles, or nothing when colour is off.
class Style {
 public:
  explicit Style(bool color) : color_(color) {}
  std::string Bold(const std::string& s) const { return Wrap("1", s); }
  std::string Dim(const std::string& s) const { return Wrap("2", s); }
  std::string Cyan(const std::string& s) const { return Wrap("36", s); }
  std::string Yellow(const std::string& s) const { return Wrap("33", s); }

 private:
  std::string Wrap(const char* code, const std::string& s) const {
    if (!color_ || s.empty()) return s;
    return absl::StrCat("\x1b[", code, "m", s, "\x1b[0m");
  }
  bool color_;
};

// "Entities (3):" in bold after a blank line, ready for its rows; or, for
// an empty section, the one line "Entities (0): (none)" in the column of the
// other one-line fields. Returns whether rows should follow.
bool Header(const Style& style, const std::string& title, int count,
            std::string* out) {
  if (count == 0) {
    absl::StrAppendFormat(out, "%-14s(none)\n", absl::StrCat(title, " (0):"));
    return false;
  }
  absl::StrAppend(out, "\n", style.Bold(title), " (", count, "):\n");
  return true;
}

// 5000000 -> "5000000", 2.5 -> "2.5": values are mostly whole counts.
std::string Number(double value) {
  if (value == static_cast<double>(static_cast<int64_t>(value)) &&
      value > -1e15 && value < 1e15) {
    return absl::StrCat(static_cast<int64_t>(value));
  }
  return absl::StrFormat("%.6g", value);
}

// "IQ Iraq" for a linked place, else the romanized key; Latin only, so the
// column stays aligned.
std::string EntityLink(const v1::Entity& entity) {
  const v1::EntityLinks& links = entity.links();
  std::string link = links.iso_3166();
  if (!links.english_name().empty()) {
    absl::StrAppend(&link, link.empty() ? "" : " ", links.english_name());
  }
  if (link.empty()) link = links.romanized();
  if (link.size() > 24) link = link.substr(0, 23) + "~";
  return link;
}

void AppendEntities(const v1::AnalyzeResponse& response, const Style& style,
                    std::string* out) {
  if (!Header(style, "Entities", response.entities_size(), out)) return;
  // The Arabic name and roles come last: right-to-left text takes a
  // different width in every terminal, so nothing is aligned after them.
  absl::StrAppend(
      out, "  ",
      style.Dim(absl::StrFormat("%-13s %8s %8s  %-24s  %s", "type", "mentions",
                                "salience", "link", "name (roles)")),
      "\n");
  for (const v1::Entity& entity : response.entities()) {
    std::vector<std::string> roles;
    for (const v1::Role& role : entity.roles()) roles.push_back(role.text());
    absl::StrAppendFormat(
        out, "  %-13s %8d %8.2f  %-24s  %s%s\n",
        EnumSuffix(v1::EntityType_Name(entity.type()), "ENTITY_TYPE_"),
        entity.mentions_size(), entity.salience(), EntityLink(entity),
        style.Cyan(entity.name()),
        roles.empty() ? ""
                      : absl::StrCat(" (", absl::StrJoin(roles, "؛ "), ")"));
  }
}

void AppendQuotes(const v1::AnalyzeResponse& response, const Style& style,
                  std::string* out) {
  if (!Header(style, "Quotes", response.quotes_size(), out)) return;
  int n = 0;
  for (const v1::Quote& quote : response.quotes()) {
    std::vector<std::string> how;
    if (!quote.cue().empty()) how.push_back(quote.cue());
    how.push_back(quote.direct() ? "direct" : "reported");
    absl::StrAppendFormat(
        out, "%4d. %s %s: %s\n", ++n,
        style.Cyan(quote.speaker_text().empty() ? "(speaker unknown)"
                                                : quote.speaker_text()),
        style.Dim(absl::StrCat("(", absl::StrJoin(how, ", "), ")")),
        quote.text());
  }
}

void AppendNumbersAndDates(const v1::AnalyzeResponse& response,
                           const Style& style, bool quantities, bool dates,
                           std::string* out) {
  if (quantities && Header(style, "Numbers", response.quantities_size(), out)) {
    for (const v1::Quantity& q : response.quantities()) {
      std::string value =
          absl::StrCat(q.approximate() ? "~" : "", Number(q.value()));
      if (q.value_max() != 0)
        absl::StrAppend(&value, "-", Number(q.value_max()));
      if (!q.unit().empty()) absl::StrAppend(&value, " ", q.unit());
      std::vector<std::string> parts = {
          EnumSuffix(v1::QuantityKind_Name(q.kind()), "QUANTITY_KIND_"), value};
      if (!q.object().empty()) parts.push_back(q.object());
      absl::StrAppend(
          out, "  - ", q.text(), "  ",
          style.Dim(absl::StrCat("(", absl::StrJoin(parts, ", "), ")")), "\n");
    }
  }
  if (dates && Header(style, "Dates", response.dates_size(), out)) {
    for (const v1::TimeExpression& date : response.dates()) {
      std::vector<std::string> parts = {
          EnumSuffix(v1::TimeKind_Name(date.kind()), "TIME_KIND_")};
      if (!date.value().empty()) parts.push_back(date.value());
      absl::StrAppend(
          out, "  - ", date.text(), "  ",
          style.Dim(absl::StrCat("(", absl::StrJoin(parts, ", "), ")")), "\n");
    }
  }
}

void AppendEvents(const v1::AnalyzeResponse& response, const Style& style,
                  std::string* out) {
  if (!Header(style, "Counts", response.events_size(), out)) return;
  for (const v1::EventCount& event : response.events()) {
    std::string what = absl::StrCat(
        EnumSuffix(v1::EventType_Name(event.type()), "EVENT_TYPE_"), " ",
        event.approximate() ? "~" : "", event.count());
    if (!event.object().empty()) absl::StrAppend(&what, ", ", event.object());
    absl::StrAppend(out, "  - ", event.text(), "  ",
                    style.Dim(absl::StrCat("(", what, ")")), "\n");
  }
}

// The article's structure (outlet, headlines, paragraphs, boilerplate) when
// the response has it, then its language.
void AppendStructureAndLanguage(const v1::AnalyzeResponse& response,
                                const Style& style, std::string* out) {
  const v1::Structure& structure = response.structure();
  if (response.has_structure()) {
    absl::StrAppend(out, "Outlet:       ", OrNone(structure.source()), "\n");
    absl::StrAppend(
        out, "Headline:     ", style.Bold(OrNone(structure.headline())), "\n");
    absl::StrAppend(out, "Subheadline:  ", OrNone(structure.subheadline()),
                    "\n");
    if (!structure.dateline().empty()) {
      absl::StrAppend(out, "Dateline:     ", structure.dateline(), "\n");
    }
    absl::StrAppend(out, "Paragraphs:   ", structure.paragraphs_size(), "\n");
    absl::StrAppend(out, "Boilerplate:  ", structure.boilerplate_size(),
                    " line(s)\n");
    for (const v1::Boilerplate& chrome : structure.boilerplate()) {
      absl::StrAppend(out, "  - ",
                      EnumSuffix(v1::BoilerplateKind_Name(chrome.kind()),
                                 "BOILERPLATE_KIND_"),
                      ": ", chrome.text(), "\n");
    }
  }
  absl::StrAppend(out, "Language:     ", response.language(),
                  response.language_supported() ? "" : " (not fully supported)",
                  "\n");
}

// The tone line (when wanted and present) and the first kMaxKeywords
// keywords.
void AppendToneAndKeywords(const v1::AnalyzeResponse& response, bool tone,
                           std::string* out) {
  if (tone && response.has_tone()) {
    absl::StrAppendFormat(
        out, "Tone:         %s (%+.2f)\n",
        EnumSuffix(v1::ToneLabel_Name(response.tone().label()), "TONE_LABEL_"),
        response.tone().score());
  }
  if (response.keywords_size() > 0) {
    std::vector<std::string> keywords;
    for (const v1::Keyword& keyword : response.keywords()) {
      if (static_cast<int>(keywords.size()) == kMaxKeywords) break;
      keywords.push_back(keyword.text());
    }
    absl::StrAppend(out, "Keywords:     ", absl::StrJoin(keywords, "، "), "\n");
  }
}

// The numbered sentences, each outside the body with its section.
void AppendSentences(const v1::AnalyzeResponse& response, const Style& style,
                     std::string* out) {
  if (response.sentences_size() == 0) return;
  absl::StrAppend(out, "\n", style.Bold("Sentences"), " (",
                  response.sentences_size(), "):\n");
  int n = 0;
  for (const v1::Sentence& sentence : response.sentences()) {
    std::string section;
    if (sentence.section() != v1::SENTENCE_SECTION_BODY) {
      section =
          absl::StrCat("[",
                       EnumSuffix(v1::SentenceSection_Name(sentence.section()),
                                  "SENTENCE_SECTION_"),
                       "] ");
    }
    absl::StrAppendFormat(out, "%4d. %s%s\n", ++n, section, sentence.text());
  }
}

// Token counts by kind, and the clitic splits (the first kMaxSplits shown).
void AppendTokens(const v1::AnalyzeResponse& response, const Style& style,
                  std::string* out) {
  if (response.tokens_size() == 0) return;
  std::map<std::string, int> by_kind;
  std::vector<std::string> splits;
  int split_count = 0;
  for (const v1::Token& token : response.tokens()) {
    ++by_kind[EnumSuffix(v1::TokenKind_Name(token.kind()), "TOKEN_KIND_")];
    std::string split = FormatCliticSplit(token);
    if (split.empty()) continue;
    ++split_count;
    if (static_cast<int>(splits.size()) < kMaxSplits) {
      splits.push_back(std::move(split));
    }
  }
  std::vector<std::string> kinds;
  for (const auto& [kind, count] : by_kind) {
    kinds.push_back(absl::StrCat(kind, " ", count));
  }
  absl::StrAppend(out, "\n", style.Bold("Tokens"), " (", response.tokens_size(),
                  "): ", absl::StrJoin(kinds, ", "), "\n");
  absl::StrAppend(out, "Clitic splits: ", split_count, " token(s)");
  if (split_count > 0) {
    absl::StrAppend(out, ", first ", splits.size(), ":\n");
    for (const std::string& split : splits) {
      absl::StrAppend(out, "  ", split, "\n");
    }
  } else {
    absl::StrAppend(out, "\n");
  }
}

// The warnings (or "none") and the engine's timing by stage.
void AppendWarningsAndTiming(const v1::AnalyzeResponse& response,
                             const Style& style, std::string* out) {
  absl::StrAppend(out, "\nWarnings:     ");
  if (response.warnings_size() == 0) absl::StrAppend(out, "none\n");
  if (response.warnings_size() > 0) absl::StrAppend(out, "\n");
  for (const v1::Warning& warning : response.warnings()) {
    absl::StrAppend(out, "  - ",
                    style.Yellow(EnumSuffix(
                        v1::WarningCode_Name(warning.code()), "WARNING_CODE_")),
                    ": ", warning.message(), "\n");
  }
  std::vector<std::string> stages;
  for (const v1::StageTiming& stage : response.timing().stages()) {
    stages.push_back(absl::StrCat(stage.stage(), " ", stage.micros()));
  }
  absl::StrAppend(out, "Timing:       ", response.timing().total_micros(),
                  " us in the engine (", absl::StrJoin(stages, ", "), ")\n");
}

}  // namespace

std::string StatusCodeName(int code) {
  static const char* const kNames[] = {
      "OK",
      "CANCELLED",
      "UNKNOWN",
      "INVALID_ARGUMENT",
      "DEADLINE_EXCEEDED",
      "NOT_FOUND",
      "ALREADY_EXISTS",
      "PERMISSION_DENIED",
      "RESOURCE_EXHAUSTED",
      "FAILED_PRECONDITION",
      "ABORTED",
      "OUT_OF_RANGE",
      "UNIMPLEMENTED",
      "INTERNAL",
      "UNAVAILABLE",
      "DATA_LOSS",
      "UNAUTHENTICATED",
  };
  if (code >= 0 && code < static_cast<int>(std::size(kNames))) {
    return kNames[code];
  }
  return absl::StrCat("CODE_", code);
}

std::string FormatCliticSplit(const v1::Token& token) {
  if (token.prefixes().empty() && token.suffixes().empty()) return "";
  std::vector<std::string> parts(token.prefixes().begin(),
                                 token.prefixes().end());
  parts.push_back(token.base());
  parts.insert(parts.end(), token.suffixes().begin(), token.suffixes().end());
  return absl::StrCat(token.text(), " = ", absl::StrJoin(parts, " + "));
}

std::string FormatReport(const std::string& name,
                         const v1::AnalyzeResponse& response,
                         const ReportOptions& options) {
  const Style style(options.color);
  auto wanted = [&options](v1::Feature feature) {
    return options.features.empty() || options.features.count(feature) > 0;
  };
  std::string out = style.Bold(absl::StrCat("== ", name)) + "\n";
  AppendStructureAndLanguage(response, style, &out);
  AppendToneAndKeywords(response, wanted(v1::FEATURE_TONE), &out);

  if (wanted(v1::FEATURE_ENTITIES)) AppendEntities(response, style, &out);
  if (wanted(v1::FEATURE_QUOTES)) AppendQuotes(response, style, &out);
  AppendNumbersAndDates(response, style, wanted(v1::FEATURE_QUANTITIES),
                        wanted(v1::FEATURE_DATES), &out);
  if (wanted(v1::FEATURE_EVENTS)) AppendEvents(response, style, &out);

  AppendSentences(response, style, &out);
  AppendTokens(response, style, &out);
  AppendWarningsAndTiming(response, style, &out);
  return out;
}

std::string FormatServerInfo(const v1::GetServerInfoResponse& info) {
  std::vector<std::string> features;
  for (int feature : info.features()) {
    features.push_back(EnumSuffix(
        v1::Feature_Name(static_cast<v1::Feature>(feature)), "FEATURE_"));
  }
  std::string out;
  absl::StrAppend(&out, "Version:    ", info.version(), "\n");
  absl::StrAppend(&out, "Languages:  ",
                  absl::StrJoin(info.supported_languages(), ", "), "\n");
  absl::StrAppend(&out, "Features:   ", absl::StrJoin(features, ", "), "\n");
  absl::StrAppend(&out, "Models:\n");
  for (const v1::ModelInfo& model : info.models()) {
    absl::StrAppend(&out, "  - ", model.name(),
                    model.version().empty() ? "" : " " + model.version(), ": ",
                    model.description(), "\n");
  }
  absl::StrAppend(&out, "Limits:     max article ",
                  info.limits().max_article_bytes(), " bytes, max message ",
                  info.limits().max_message_bytes(), " bytes\n");
  return out;
}

std::string JsonLine(const google::protobuf::Message& message) {
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = false;
  options.always_print_primitive_fields = true;
  options.preserve_proto_field_names = false;
  std::string json;
  google::protobuf::util::MessageToJsonString(message, &json, options);
  return json;
}

}  // namespace khabar::client
