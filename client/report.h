// The readable forms of khabar-client's output.
#ifndef KHABAR_CLIENT_REPORT_H_
#define KHABAR_CLIENT_REPORT_H_

#include <set>
#include <string>

#include "khabar/v1/analyzer.pb.h"

namespace khabar::client {

struct ReportOptions {
  // ANSI colour and bold (only for a terminal; see UseColor in main.cc).
  bool color = false;
  // Features the request asked for; empty = all. Sections of features not
  // asked for are left out rather than shown as "(none)".
  std::set<int> features;
};

// A report of one analysis for people: headline and structure, a table of
// entities, quotes, numbers and dates, event counts, keywords and tone,
// numbered sentences, token counts and the first clitic splits, warnings
// and timing.
std::string FormatReport(const std::string& name,
                         const v1::AnalyzeResponse& response,
                         const ReportOptions& options = {});

// GetServerInfo for people.
std::string FormatServerInfo(const v1::GetServerInfoResponse& info);

// "token splits": "وبغداد = و + بغداد"; empty when the token has no clitics.
std::string FormatCliticSplit(const v1::Token& token);

// `message` as one line of proto3 JSON: lowerCamelCase names, enums by
// name, zero values included (what --json prints).
std::string JsonLine(const google::protobuf::Message& message);

// "INVALID_ARGUMENT", "UNAVAILABLE", ...
std::string StatusCodeName(int code);

}  // namespace khabar::client

#endif  // KHABAR_CLIENT_REPORT_H_
