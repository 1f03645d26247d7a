#include "report.h"

#include <map>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"

namespace khabar::client {
namespace {

// How many clitic splits the report shows.
constexpr int kMaxSplits = 10;

// "TOKEN_KIND_WORD" -> "word".
std::string EnumSuffix(const std::string& name, const std::string& prefix) {
  std::string out =
      name.rfind(prefix, 0) == 0 ? name.substr(prefix.size()) : name;
  absl::AsciiStrToLower(&out);
  absl::StrReplaceAll({{"_", " "}}, &out);
  return out;
}

std::string OrNone(const std::string& s) { return s.empty() ? "(none)" : s; }

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
                         const v1::AnalyzeResponse& response) {
  std::string out = absl::StrCat("== ", name, "\n");
  const v1::Structure& structure = response.structure();
  if (response.has_structure()) {
    absl::StrAppend(&out, "Outlet:       ", OrNone(structure.source()), "\n");
    absl::StrAppend(&out, "Headline:     ", OrNone(structure.headline()), "\n");
    absl::StrAppend(&out, "Subheadline:  ", OrNone(structure.subheadline()),
                    "\n");
    absl::StrAppend(&out, "Paragraphs:   ", structure.paragraphs_size(), "\n");
    absl::StrAppend(&out, "Boilerplate:  ", structure.boilerplate_size(),
                    " line(s)\n");
    for (const v1::Boilerplate& chrome : structure.boilerplate()) {
      absl::StrAppend(&out, "  - ",
                      EnumSuffix(v1::BoilerplateKind_Name(chrome.kind()),
                                 "BOILERPLATE_KIND_"),
                      ": ", chrome.text(), "\n");
    }
  }
  absl::StrAppend(&out, "Language:     ", response.language(),
                  response.language_supported() ? "" : " (not fully supported)",
                  "\n");

  if (response.sentences_size() > 0) {
    absl::StrAppend(&out, "\nSentences (", response.sentences_size(), "):\n");
    int n = 0;
    for (const v1::Sentence& sentence : response.sentences()) {
      std::string section;
      if (sentence.section() != v1::SENTENCE_SECTION_BODY) {
        section = absl::StrCat(
            "[",
            EnumSuffix(v1::SentenceSection_Name(sentence.section()),
                       "SENTENCE_SECTION_"),
            "] ");
      }
      absl::StrAppendFormat(&out, "%4d. %s%s\n", ++n, section, sentence.text());
    }
  }

  if (response.tokens_size() > 0) {
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
    absl::StrAppend(&out, "\nTokens (", response.tokens_size(),
                    "): ", absl::StrJoin(kinds, ", "), "\n");
    absl::StrAppend(&out, "Clitic splits: ", split_count, " token(s)");
    if (split_count > 0) {
      absl::StrAppend(&out, ", first ", splits.size(), ":\n");
      for (const std::string& split : splits) {
        absl::StrAppend(&out, "  ", split, "\n");
      }
    } else {
      absl::StrAppend(&out, "\n");
    }
  }

  absl::StrAppend(&out, "\nWarnings:     ");
  if (response.warnings_size() == 0) absl::StrAppend(&out, "none\n");
  if (response.warnings_size() > 0) absl::StrAppend(&out, "\n");
  for (const v1::Warning& warning : response.warnings()) {
    absl::StrAppend(
        &out, "  - ",
        EnumSuffix(v1::WarningCode_Name(warning.code()), "WARNING_CODE_"), ": ",
        warning.message(), "\n");
  }
  std::vector<std::string> stages;
  for (const v1::StageTiming& stage : response.timing().stages()) {
    stages.push_back(absl::StrCat(stage.stage(), " ", stage.micros()));
  }
  absl::StrAppend(&out, "Timing:       ", response.timing().total_micros(),
                  " us in the engine (", absl::StrJoin(stages, ", "), ")\n");
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

}  // namespace khabar::client
