#include "analyzer_service.h"

#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "google/protobuf/arena.h"
#include "handlers.h"
#include "request_parser.h"
#include "status.h"

namespace khabar::service {
namespace {

using Clock = std::chrono::steady_clock;

int64_t MicrosSince(Clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() -
                                                               start)
      .count();
}

std::string ToBytes(const grpc::ByteBuffer& buffer) {
  std::vector<grpc::Slice> slices;
  std::string bytes;
  if (!buffer.Dump(&slices).ok()) return bytes;
  bytes.reserve(buffer.Length());
  for (const grpc::Slice& slice : slices) {
    bytes.append(reinterpret_cast<const char*>(slice.begin()), slice.size());
  }
  return bytes;
}

grpc::Status ToByteBuffer(const google::protobuf::Message& message,
                          grpc::ByteBuffer* out) {
  bool own_buffer = false;
  out->Clear();  // Serialize refuses a buffer that still holds data.
  return grpc::SerializationTraits<google::protobuf::Message>::Serialize(
      message, out, &own_buffer);
}

int64_t ArticleBytes(const v1::Article& article) {
  return static_cast<int64_t>(
      article.text().size() + article.headline().size() +
      article.subheadline().size() + article.body().size());
}

// The engine cannot be interrupted, so this is checked before it starts:
// work for a caller who has given up is skipped.
grpc::Status CheckCallAlive(grpc::CallbackServerContext* context) {
  if (context->deadline() <= std::chrono::system_clock::now()) {
    return grpc::Status(grpc::StatusCode::DEADLINE_EXCEEDED,
                        "deadline passed before the analysis started");
  }
  if (context->IsCancelled()) {
    return grpc::Status(grpc::StatusCode::CANCELLED,
                        "call cancelled before the analysis started");
  }
  return grpc::Status::OK;
}

const grpc::Status& ShuttingDown() {
  static const grpc::Status* status = new grpc::Status(
      grpc::StatusCode::UNAVAILABLE, "server is shutting down");
  return *status;
}

// AnalyzeStream: one article at a time, in order. The next request is read
// only once the previous response is written, which keeps responses in
// request order and lets gRPC flow control pace a fast sender.
class AnalyzeStreamReactor final
    : public grpc::ServerBidiReactor<grpc::ByteBuffer, grpc::ByteBuffer> {
 public:
  AnalyzeStreamReactor(grpc::CallbackServerContext* context,
                       const Analyzer* analyzer, WorkerPool* pool,
                       const RequestLogger* logger)
      : context_(context), analyzer_(analyzer), pool_(pool), logger_(logger) {
    StartRead(&request_);
  }

  void OnReadDone(bool ok) override {
    if (!ok) {  // The client closed its side: every answer is written.
      Finish(grpc::Status::OK);
      return;
    }
    const Clock::time_point start = Clock::now();
    if (!pool_->Submit([this, start] { AnalyzeOne(start); })) {
      Finish(ShuttingDown());
    }
  }

  void OnWriteDone(bool ok) override {
    if (!ok) {  // The call is broken (cancelled); nothing more to send.
      Finish(grpc::Status(grpc::StatusCode::CANCELLED, "stream write failed"));
      return;
    }
    StartRead(&request_);
  }

  void OnDone() override { delete this; }

 private:
  void AnalyzeOne(Clock::time_point start) {
    if (grpc::Status alive = CheckCallAlive(context_); !alive.ok()) {
      Finish(alive);
      return;
    }
    const std::string wire = ToBytes(request_);
    request_.Clear();
    google::protobuf::Arena arena;
    auto* request =
        google::protobuf::Arena::CreateMessage<v1::AnalyzeStreamRequest>(
            &arena);
    auto* response =
        google::protobuf::Arena::CreateMessage<v1::AnalyzeStreamResponse>(
            &arena);
    response->set_index(index_++);
    absl::Status status = ParseRequest(wire, request);
    int64_t bytes = static_cast<int64_t>(wire.size());
    if (status.ok()) {
      bytes = ArticleBytes(request->request().article());
      response->set_article_id(request->request().article().id());
      status = AnalyzeArticle(*analyzer_, request->request(),
                              response->mutable_response());
    } else {  // Still name the article: request.article.id.
      response->set_article_id(FindStringField(wire, {1, 1, 1}));
    }
    if (!status.ok()) response->clear_response();
    response->mutable_status()->set_code(status.raw_code());
    response->mutable_status()->set_message(std::string(status.message()));

    grpc::Status serialized = ToByteBuffer(*response, &response_);
    logger_->Log({"AnalyzeStream", response->article_id(), bytes,
                  ToGrpcStatus(status), MicrosSince(start)});
    if (!serialized.ok()) {
      Finish(serialized);
      return;
    }
    StartWrite(&response_);
  }

  grpc::CallbackServerContext* context_;
  const Analyzer* analyzer_;
  WorkerPool* pool_;
  const RequestLogger* logger_;
  grpc::ByteBuffer request_;
  grpc::ByteBuffer response_;
  int32_t index_ = 0;
};

}  // namespace

AnalyzerService::AnalyzerService(std::shared_ptr<const Analyzer> analyzer,
                                 WorkerPool* pool, const RequestLogger* logger,
                                 int64_t max_message_bytes)
    : analyzer_(std::move(analyzer)),
      pool_(pool),
      logger_(logger),
      info_(BuildServerInfo(*analyzer_, max_message_bytes)) {}

grpc::ServerUnaryReactor* AnalyzerService::Analyze(
    grpc::CallbackServerContext* context, const grpc::ByteBuffer* request,
    grpc::ByteBuffer* response) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  const Clock::time_point start = Clock::now();
  // `request` and `response` stay valid until the reactor finishes.
  auto work = [this, context, request, response, reactor, start] {
    const std::string wire = ToBytes(*request);
    // A long article's response holds ~100k small messages; an arena makes
    // building and freeing them several times cheaper.
    google::protobuf::Arena arena;
    auto* parsed =
        google::protobuf::Arena::CreateMessage<v1::AnalyzeRequest>(&arena);
    grpc::Status status = ToGrpcStatus(ParseRequest(wire, parsed));
    const int64_t bytes = status.ok() ? ArticleBytes(parsed->article())
                                      : static_cast<int64_t>(wire.size());
    if (status.ok()) status = CheckCallAlive(context);
    if (status.ok()) {
      auto* out =
          google::protobuf::Arena::CreateMessage<v1::AnalyzeResponse>(&arena);
      status = ToGrpcStatus(AnalyzeArticle(*analyzer_, *parsed, out));
      if (status.ok()) status = ToByteBuffer(*out, response);
    }
    logger_->Log(
        {"Analyze", parsed->article().id(), bytes, status, MicrosSince(start)});
    reactor->Finish(status);
  };
  if (!pool_->Submit(std::move(work))) {
    logger_->Log({"Analyze", "", 0, ShuttingDown(), MicrosSince(start)});
    reactor->Finish(ShuttingDown());
  }
  return reactor;
}

grpc::ServerBidiReactor<grpc::ByteBuffer, grpc::ByteBuffer>*
AnalyzerService::AnalyzeStream(grpc::CallbackServerContext* context) {
  return new AnalyzeStreamReactor(context, analyzer_.get(), pool_, logger_);
}

grpc::ServerUnaryReactor* AnalyzerService::GetServerInfo(
    grpc::CallbackServerContext* context,
    const v1::GetServerInfoRequest* /*request*/,
    v1::GetServerInfoResponse* response) {
  const Clock::time_point start = Clock::now();
  *response = info_;
  logger_->Log({"GetServerInfo", "", 0, grpc::Status::OK, MicrosSince(start)});
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  reactor->Finish(grpc::Status::OK);
  return reactor;
}

}  // namespace khabar::service
