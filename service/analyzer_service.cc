#include "analyzer_service.h"

#include <chrono>
#include <climits>
#include <cstring>
#include <map>
#include <mutex>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "convert.h"
#include "google/protobuf/arena.h"
#include "khabar/cancellation.h"
#include "request_parser.h"
#include "status.h"
#include "thread_scheduling.h"

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

// Takes ownership of `bytes` for as long as gRPC holds the slice.
grpc::Slice OwningSlice(std::string bytes) {
  auto* owned = new std::string(std::move(bytes));
  return grpc::Slice(
      owned->data(), owned->size(),
      [](void* string) { delete static_cast<std::string*>(string); }, owned);
}

// A response on the wire: `head` serialized, then `tail`, the wire bytes of
// more fields of the same message (the tokens, see AnalyzeArticle), which
// are moved in without a copy. `nest_field`, when not 0, wraps head + tail
// as that length-delimited field of an outer message whose other fields,
// already serialized, are `outer`.
grpc::Status ToByteBuffer(const google::protobuf::MessageLite& head,
                          std::string tail, grpc::ByteBuffer* out,
                          const std::string& outer = "", int nest_field = 0) {
  const size_t head_size = head.ByteSizeLong();
  const size_t inner_size = head_size + tail.size();
  if (inner_size > static_cast<size_t>(INT_MAX)) {
    return grpc::Status(grpc::StatusCode::RESOURCE_EXHAUSTED,
                        "response too large to send");
  }
  std::string prefix = outer;
  if (nest_field != 0) {
    AppendLengthDelimitedHeader(nest_field, inner_size, &prefix);
  }
  grpc::Slice head_slice(prefix.size() + head_size);
  auto* at = const_cast<uint8_t*>(head_slice.begin());
  std::memcpy(at, prefix.data(), prefix.size());
  head.SerializeWithCachedSizesToArray(at + prefix.size());
  if (tail.empty()) {
    *out = grpc::ByteBuffer(&head_slice, 1);
  } else {
    const grpc::Slice slices[] = {std::move(head_slice),
                                  OwningSlice(std::move(tail))};
    *out = grpc::ByteBuffer(slices, 2);
  }
  return grpc::Status::OK;
}

int64_t ArticleBytes(const v1::Article& article) {
  return static_cast<int64_t>(
      article.text().size() + article.headline().size() +
      article.subheadline().size() + article.body().size());
}

// The call's deadline (wall clock in gRPC) on the engine's steady clock,
// and its cancellation as a probe, so that the engine stops when either
// says so and frees the thread.
std::unique_ptr<Cancellation> CallCancellation(
    grpc::CallbackServerContext* context) {
  const auto wall_deadline = context->deadline();
  auto deadline = Cancellation::Clock::time_point::max();
  if (wall_deadline != std::chrono::system_clock::time_point::max()) {
    deadline = Cancellation::Clock::now() +
               std::chrono::duration_cast<Cancellation::Clock::duration>(
                   wall_deadline - std::chrono::system_clock::now());
  }
  // gRPC cancels a call whose deadline passed, maybe a hair before the
  // converted deadline does: a millisecond early keeps the status right.
  if (deadline != Cancellation::Clock::time_point::max()) {
    deadline -= std::chrono::milliseconds(1);
  }
  auto cancellation = std::make_unique<Cancellation>(deadline);
  cancellation->set_probe([context] { return context->IsCancelled(); });
  return cancellation;
}

// Checked before a request is parsed: a call that ended while it waited
// for a thread (deadline, cancel) may have an empty request, and its
// work is skipped.
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

grpc::Status Busy(const char* what, int limit, const char* flag) {
  return grpc::Status(
      grpc::StatusCode::RESOURCE_EXHAUSTED,
      absl::StrCat("server busy: ", limit, " ", what, " already in progress (",
                   flag, "); retry later"));
}

// One call counted against a limit for as long as it lives.
class Slot {
 public:
  // Null when `count` has already reached `limit`.
  static std::shared_ptr<Slot> Take(std::atomic<int>* count, int limit) {
    if (count->fetch_add(1, std::memory_order_relaxed) >= limit) {
      count->fetch_sub(1, std::memory_order_relaxed);
      return nullptr;
    }
    return std::shared_ptr<Slot>(new Slot(count));
  }
  ~Slot() { count_->fetch_sub(1, std::memory_order_relaxed); }
  Slot(const Slot&) = delete;
  Slot& operator=(const Slot&) = delete;

 private:
  explicit Slot(std::atomic<int>* count) : count_(count) {}
  std::atomic<int>* count_;
};

// AnalyzeStream: up to `window` articles of the stream are read and not
// yet answered at a time; they are analysed in parallel on the pool and
// answered in request order (a finished article waits for the older ones).
// Reading stops while the window is full, so gRPC flow control paces a
// fast sender and a stream holds at most `window` requests and responses.
//
// Every decision is taken under mu_ by Pump(), which then starts the
// reads, writes and the Finish outside the lock; the reactor is deleted
// (OnDone) only after Finish, which Pump calls once nothing is running.
class AnalyzeStreamReactor final
    : public grpc::ServerBidiReactor<grpc::ByteBuffer, grpc::ByteBuffer> {
 public:
  AnalyzeStreamReactor(grpc::CallbackServerContext* context,
                       const Analyzer* analyzer, WorkerPool* pool,
                       Executor* lender, const RequestLogger* logger,
                       int window, std::shared_ptr<Slot> slot)
      : analyzer_(analyzer),
        pool_(pool),
        lender_(lender),
        logger_(logger),
        window_(window),
        slot_(std::move(slot)),
        cancellation_(CallCancellation(context)),
        deadline_(context->deadline()) {
    Pump();
  }

  void OnReadDone(bool ok) override {
    int32_t index = 0;
    std::string wire;
    {
      std::lock_guard<std::mutex> lock(mu_);
      reading_ = false;
      if (!ok) {  // The client closed its side, or the call broke.
        read_closed_ = true;
      } else {
        index = next_read_++;
        ++unanswered_;
        ++running_;
        wire = ToBytes(request_);
        request_.Clear();
      }
    }
    if (ok) {
      const Clock::time_point start = Clock::now();
      auto work = [this, index, start, wire = std::move(wire)] {
        AnalyzeOne(index, wire, start);
      };
      if (!pool_->Submit(std::move(work))) {
        std::lock_guard<std::mutex> lock(mu_);
        --running_;
        Fail(ShuttingDown());
      }
    }
    Pump();
  }

  void OnWriteDone(bool ok) override {
    {
      std::lock_guard<std::mutex> lock(mu_);
      writing_ = false;
      if (ok) {
        ++next_write_;
        --unanswered_;
      } else {  // Cancelled or broken: nothing more can be sent.
        Fail(grpc::Status(grpc::StatusCode::CANCELLED, "stream write failed"));
      }
    }
    Pump();
  }

  void OnDone() override { delete this; }

 private:
  // Runs on the pool.
  void AnalyzeOne(int32_t index, const std::string& wire,
                  Clock::time_point start) {
    google::protobuf::Arena arena(ResponseArenaOptions());
    auto* request =
        google::protobuf::Arena::CreateMessage<v1::AnalyzeStreamRequest>(
            &arena);
    auto* response =
        google::protobuf::Arena::CreateMessage<v1::AnalyzeStreamResponse>(
            &arena);
    response->set_index(index);
    absl::Status status = ParseRequest(wire, request);
    int64_t bytes = static_cast<int64_t>(wire.size());
    auto* analysis =
        google::protobuf::Arena::CreateMessage<v1::AnalyzeResponse>(&arena);
    std::string tokens_wire;
    if (status.ok()) {
      bytes = ArticleBytes(request->request().article());
      response->set_article_id(request->request().article().id());
      // Named once it has ended: `now` is when it stopped.
      status = AnalyzeArticle(*analyzer_, request->request(), analysis,
                              &tokens_wire, cancellation_.get(), lender_);
      status = NameTheStop(std::move(status), deadline_,
                           std::chrono::system_clock::now());
    } else {  // Still name the article: request.article.id.
      response->set_article_id(FindStringField(wire, {1, 1, 1}));
    }
    response->mutable_status()->set_code(status.raw_code());
    response->mutable_status()->set_message(std::string(status.message()));

    // The analysis goes in as field `response`, its tokens already wire
    // bytes; a failed article has no response.
    grpc::ByteBuffer buffer;
    grpc::Status serialized =
        status.ok()
            ? ToByteBuffer(*analysis, std::move(tokens_wire), &buffer,
                           response->SerializeAsString(),
                           v1::AnalyzeStreamResponse::kResponseFieldNumber)
            : ToByteBuffer(*response, "", &buffer);
    logger_->Log({"AnalyzeStream", response->article_id(), bytes,
                  ToGrpcStatus(status), MicrosSince(start)});
    {
      std::lock_guard<std::mutex> lock(mu_);
      --running_;
      if (!serialized.ok()) {
        Fail(serialized);
      } else if (!failed_) {
        done_.emplace(index, std::move(buffer));
      }
    }
    Pump();
  }

  // Under mu_: the stream ends with `status` once nothing is running.
  void Fail(const grpc::Status& status) {
    if (!failed_) {
      failed_ = true;
      finish_status_ = status;
    }
    done_.clear();
  }

  // Starts whatever the state allows: the next in-order write, another
  // read while the window has room, or the Finish.
  void Pump() {
    bool start_write = false;
    bool start_read = false;
    bool finish = false;
    grpc::Status finish_status;
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (!writing_ && !failed_) {
        auto next = done_.find(next_write_);
        if (next != done_.end()) {
          writing_ = start_write = true;
          response_ = std::move(next->second);
          done_.erase(next);
        }
      }
      if (!reading_ && !read_closed_ && !failed_ && unanswered_ < window_) {
        reading_ = start_read = true;
      }
      // A read in flight ends on its own once the call ends (ok=false).
      const bool drained = failed_ ? running_ == 0 : unanswered_ == 0;
      if (!finished_ && !reading_ && !writing_ && (read_closed_ || failed_) &&
          drained) {
        finished_ = finish = true;
        finish_status = failed_ ? finish_status_ : grpc::Status::OK;
        // Free before the client learns the stream is over, so that it
        // may open another at once.
        slot_.reset();
      }
    }
    if (start_write) StartWrite(&response_);
    if (start_read) StartRead(&request_);
    if (finish) Finish(finish_status);
  }

  const Analyzer* analyzer_;
  WorkerPool* pool_;
  Executor* lender_;  // Idle threads analyses may borrow, or nullptr.
  const RequestLogger* logger_;
  const int window_;
  std::shared_ptr<Slot> slot_;  // Released at Finish.
  const std::unique_ptr<Cancellation> cancellation_;
  const std::chrono::system_clock::time_point deadline_;  // The stream's.

  std::mutex mu_;
  grpc::ByteBuffer request_;                  // The read in flight's target.
  grpc::ByteBuffer response_;                 // The write in flight's source.
  std::map<int32_t, grpc::ByteBuffer> done_;  // Analysed, not yet written.
  int32_t next_read_ = 0;                     // Index of the next request read.
  int32_t next_write_ = 0;  // Index of the next response to write.
  int unanswered_ = 0;      // Read and not yet written.
  int running_ = 0;         // Submitted to the pool and not yet done.
  bool reading_ = false;
  bool writing_ = false;
  bool read_closed_ = false;
  bool failed_ = false;
  bool finished_ = false;
  grpc::Status finish_status_;
};

// A stream refused before it started (unauthenticated, or over the
// limit): finishes at once, reads nothing.
template <typename Base>
class FinishedReactor final : public Base {
 public:
  explicit FinishedReactor(const grpc::Status& status) { this->Finish(status); }
  void OnDone() override { delete this; }
};

// The bearer token check at the entry of every method: a refused call is
// logged like any other (never with its token) and gets a reactor that is
// already finished. Null when the call may go on.
template <typename Reactor>
Reactor* Refuse(const char* rpc, grpc::CallbackServerContext* context,
                const TokenAuthenticator* auth, const RequestLogger* logger) {
  grpc::Status status =
      auth == nullptr ? grpc::Status::OK : auth->Check(*context);
  if (status.ok()) return nullptr;
  logger->Log({rpc, "", 0, status, 0});
  if constexpr (std::is_same_v<Reactor, grpc::ServerUnaryReactor>) {
    grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
    reactor->Finish(status);
    return reactor;
  } else {
    return new FinishedReactor<Reactor>(status);
  }
}

}  // namespace

AnalyzerService::AnalyzerService(std::shared_ptr<const Analyzer> analyzer,
                                 WorkerPool* pool, const RequestLogger* logger,
                                 const ServiceLimits& limits)
    : analyzer_(std::move(analyzer)),
      pool_(pool),
      logger_(logger),
      limits_(limits),
      info_(BuildServerInfo(*analyzer_, limits)) {}

grpc::ServerUnaryReactor* AnalyzerService::Analyze(
    grpc::CallbackServerContext* context, const grpc::ByteBuffer* request,
    grpc::ByteBuffer* response) {
  if (batch_io_threads_) ScheduleThisThreadAsBatch();
  if (auto* refused = Refuse<grpc::ServerUnaryReactor>("Analyze", context,
                                                       auth_, logger_)) {
    return refused;
  }
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  const Clock::time_point start = Clock::now();
  std::shared_ptr<Slot> slot =
      Slot::Take(&active_calls_, limits_.max_concurrent_calls);
  if (slot == nullptr) {
    grpc::Status busy = Busy("Analyze calls", limits_.max_concurrent_calls,
                             "--max-concurrent-calls");
    logger_->Log({"Analyze", "", 0, busy, MicrosSince(start)});
    reactor->Finish(busy);
    return reactor;
  }
  // `request` and `response` stay valid until the reactor finishes.
  auto work = [this, context, request, response, reactor, start, slot] {
    const std::string wire = ToBytes(*request);
    // A long article's response holds ~100k small messages; an arena makes
    // building and freeing them several times cheaper.
    google::protobuf::Arena arena(ResponseArenaOptions());
    auto* parsed =
        google::protobuf::Arena::CreateMessage<v1::AnalyzeRequest>(&arena);
    // A call that ended while it waited may have an empty request.
    grpc::Status status = CheckCallAlive(context);
    if (status.ok()) status = ToGrpcStatus(ParseRequest(wire, parsed));
    const int64_t bytes = status.ok() ? ArticleBytes(parsed->article())
                                      : static_cast<int64_t>(wire.size());
    if (status.ok()) {
      std::unique_ptr<Cancellation> cancellation = CallCancellation(context);
      auto* out =
          google::protobuf::Arena::CreateMessage<v1::AnalyzeResponse>(&arena);
      std::string tokens_wire;
      absl::Status analysed = AnalyzeArticle(
          *analyzer_, *parsed, out, &tokens_wire, cancellation.get(),
          lend_idle_threads_ ? pool_ : nullptr);
      // Named once it has ended: `now` is when it stopped.
      status =
          ToGrpcStatus(NameTheStop(std::move(analysed), context->deadline(),
                                   std::chrono::system_clock::now()));
      if (status.ok()) {
        status = ToByteBuffer(*out, std::move(tokens_wire), response);
      }
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
  if (batch_io_threads_) ScheduleThisThreadAsBatch();
  using StreamReactor =
      grpc::ServerBidiReactor<grpc::ByteBuffer, grpc::ByteBuffer>;
  if (auto* refused =
          Refuse<StreamReactor>("AnalyzeStream", context, auth_, logger_)) {
    return refused;
  }
  std::shared_ptr<Slot> slot =
      Slot::Take(&active_streams_, limits_.max_concurrent_streams);
  if (slot == nullptr) {
    grpc::Status busy = Busy("streams", limits_.max_concurrent_streams,
                             "--max-concurrent-streams");
    logger_->Log({"AnalyzeStream", "", 0, busy, 0});
    return new FinishedReactor<StreamReactor>(busy);
  }
  return new AnalyzeStreamReactor(context, analyzer_.get(), pool_,
                                  lend_idle_threads_ ? pool_ : nullptr, logger_,
                                  limits_.stream_window, std::move(slot));
}

grpc::ServerUnaryReactor* AnalyzerService::GetServerInfo(
    grpc::CallbackServerContext* context,
    const v1::GetServerInfoRequest* /*request*/,
    v1::GetServerInfoResponse* response) {
  if (batch_io_threads_) ScheduleThisThreadAsBatch();
  if (auto* refused = Refuse<grpc::ServerUnaryReactor>("GetServerInfo", context,
                                                       auth_, logger_)) {
    return refused;
  }
  const Clock::time_point start = Clock::now();
  *response = info_;
  logger_->Log({"GetServerInfo", "", 0, grpc::Status::OK, MicrosSince(start)});
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  reactor->Finish(grpc::Status::OK);
  return reactor;
}

}  // namespace khabar::service
