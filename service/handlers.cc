#include "handlers.h"

#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "convert.h"

#ifndef KHABAR_VERSION
#define KHABAR_VERSION "0.0.0-dev"
#endif

namespace khabar::service {

absl::Status AnalyzeArticle(const Analyzer& analyzer,
                            const v1::AnalyzeRequest& request,
                            v1::AnalyzeResponse* response,
                            std::string* tokens_wire,
                            const Cancellation* cancellation,
                            Executor* executor) {
  if (absl::Status status = ValidateRequest(request); !status.ok()) {
    return status;
  }
  absl::StatusOr<OffsetUnit> unit = OffsetUnitFromProto(request.offset_unit());
  if (!unit.ok()) return unit.status();

  AnalyzeOptions options;
  options.offset_unit = *unit;
  options.cancellation = cancellation;
  options.executor = executor;
  std::vector<int> unknown_features;
  options.features = FeaturesFromProto(request.features(), &unknown_features);

  absl::StatusOr<Analysis> analysis =
      analyzer.Analyze(ArticleFromProto(request.article()), options);
  if (!analysis.ok()) return analysis.status();

  response->set_article_id(request.article().id());
  AnalysisToProto(*std::move(analysis), options.features, response,
                  tokens_wire);
  // A newer client may ask for features this server has never heard of;
  // like a declared but unimplemented feature, that is a warning.
  for (int feature : unknown_features) {
    v1::Warning* warning = response->add_warnings();
    warning->set_code(v1::WARNING_CODE_FEATURE_UNAVAILABLE);
    warning->set_message(
        absl::StrCat("feature ", feature, " is not known to this server"));
  }
  return absl::OkStatus();
}

absl::Status AnalyzeArticle(const Analyzer& analyzer,
                            const v1::AnalyzeRequest& request,
                            v1::AnalyzeResponse* response) {
  std::string tokens_wire;
  absl::Status status =
      AnalyzeArticle(analyzer, request, response, &tokens_wire);
  if (status.ok() && !response->MergeFromString(tokens_wire)) {
    return absl::InternalError("the tokens' wire bytes do not parse");
  }
  return status;
}

google::protobuf::ArenaOptions ResponseArenaOptions() {
  google::protobuf::ArenaOptions options;
  options.start_block_size = 64 << 10;
  options.max_block_size = 1 << 20;
  return options;
}

v1::GetServerInfoResponse BuildServerInfo(const Analyzer& analyzer,
                                          const ServiceLimits& limits) {
  v1::GetServerInfoResponse info;
  info.set_version(ServerVersion());
  info.add_supported_languages("ar");
  // What this engine computes; other features are declared in the API but
  // answered with a FEATURE_UNAVAILABLE warning.
  const uint32_t available = analyzer.available_features();
  for (const FeatureBit& entry : kFeatureBits) {
    if (available & entry.bit) info.add_features(entry.feature);
  }
  for (const ResourceInfo& resource : analyzer.resources()) {
    v1::ModelInfo* model = info.add_models();
    model->set_name(resource.name);
    model->set_version(resource.version);
    model->set_description(resource.description);
  }
  v1::ServerLimits* out = info.mutable_limits();
  out->set_max_article_bytes(
      static_cast<int64_t>(analyzer.options().max_article_bytes));
  out->set_max_message_bytes(limits.max_message_bytes);
  out->set_max_response_bytes(limits.max_response_bytes);
  out->set_max_concurrent_calls(limits.max_concurrent_calls);
  out->set_max_concurrent_streams(limits.max_concurrent_streams);
  out->set_stream_window(limits.stream_window);
  out->set_stream_idle_timeout_ms(limits.stream_idle_timeout_ms);
  out->set_keepalive_time_ms(limits.keepalive_time_ms);
  out->set_keepalive_timeout_ms(limits.keepalive_timeout_ms);
  out->set_keepalive_min_ping_interval_ms(
      limits.keepalive_min_ping_interval_ms);
  out->set_keepalive_permit_without_calls(
      limits.keepalive_permit_without_calls);
  return info;
}

const char* ServerVersion() { return KHABAR_VERSION; }

}  // namespace khabar::service
