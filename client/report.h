// The readable forms of khabar-client's output.
#ifndef KHABAR_CLIENT_REPORT_H_
#define KHABAR_CLIENT_REPORT_H_

#include <string>

#include "khabar/v1/analyzer.pb.h"

namespace khabar::client {

// A report of one analysis for people: structure, numbered sentences, token
// counts and the first clitic splits, warnings, timing.
std::string FormatReport(const std::string& name,
                         const v1::AnalyzeResponse& response);

// GetServerInfo for people.
std::string FormatServerInfo(const v1::GetServerInfoResponse& info);

// "token splits": "وبغداد = و + بغداد"; empty when the token has no clitics.
std::string FormatCliticSplit(const v1::Token& token);

// "INVALID_ARGUMENT", "UNAVAILABLE", ...
std::string StatusCodeName(int code);

}  // namespace khabar::client

#endif  // KHABAR_CLIENT_REPORT_H_
