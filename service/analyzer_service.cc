#include "analyzer_service.h"

#include <algorithm>
#include <chrono>
#include <climits>
#include <cstring>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "convert.h"
#include "google/protobuf/arena.h"
#include "khabar/cancellation.h"
#include "memory_release.h"
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

// The RESOURCE_EXHAUSTED of a response over the server's send limit, with
// what the caller can do about it.
grpc::Status ResponseTooLarge(size_t size, int64_t max_bytes) {
  return grpc::Status(
      grpc::StatusCode::RESOURCE_EXHAUSTED,
      absl::StrCat("response is ", size, " bytes; this server sends at most ",
                   max_bytes,
                   " (ServerLimits.max_response_bytes, --max-response-bytes): "
                   "ask for fewer features (tokens are most of a response: "
                   "leave out FEATURE_TOKENS) or send a shorter article"));
}

// A response on the wire: `head` serialized, then `tail`, the wire bytes of
// more fields of the same message (the tokens, see AnalyzeArticle), which
// are moved in without a copy. `nest_field`, when not 0, wraps head + tail
// as that length-delimited field of an outer message whose other fields,
// already serialized, are `outer`. RESOURCE_EXHAUSTED, and nothing in *out,
// when the whole message would be over `max_bytes`.
grpc::Status ToByteBuffer(const google::protobuf::MessageLite& head,
                          std::string tail, int64_t max_bytes,
                          grpc::ByteBuffer* out, const std::string& outer = "",
                          int nest_field = 0) {
  const size_t head_size = head.ByteSizeLong();
  const size_t inner_size = head_size + tail.size();
  std::string prefix = outer;
  if (nest_field != 0) {
    AppendLengthDelimitedHeader(nest_field, inner_size, &prefix);
  }
  const size_t total = prefix.size() + inner_size;
  if (total > static_cast<size_t>(std::min<int64_t>(max_bytes, INT_MAX))) {
    return ResponseTooLarge(total, max_bytes);
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

// The RESOURCE_EXHAUSTED of a request over --max-message-bytes.
grpc::Status RequestTooLarge(size_t size, int64_t max_bytes) {
  return grpc::Status(
      grpc::StatusCode::RESOURCE_EXHAUSTED,
      absl::StrCat("request is ", size, " bytes; the limit is ", max_bytes,
                   " bytes (ServerLimits.max_message_bytes, "
                   "--max-message-bytes)"));
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

// The article id a stream's failed response may echo: the request's own
// when it is one the validation would accept, else empty (a 3 MB id or one
// with control characters is not sent back).
std::string EchoableId(const std::string& wire) {
  std::string id = FindStringField(wire, {1, 1, 1});  // request.article.id
  if (!ValidateCallerString("article.id", id, kMaxIdBytes).ok()) return "";
  return id;
}

}  // namespace

// What an AnalyzeStream needs of its service.
struct StreamSettings {
  const Analyzer* analyzer;
  WorkerPool* pool;
  Executor* lender;  // Idle threads analyses may borrow, or nullptr.
  const RequestLogger* logger;
  int window;
  int64_t max_message_bytes;
  int64_t max_response_bytes;
  std::chrono::milliseconds idle_timeout;  // 0: streams may idle forever.
};

class AnalyzeStreamReactor;

// Ends idle streams: one thread looks at every open stream a few times per
// timeout (at most once a second, at least every 5 ms) and ends those that
// have been idle for the whole timeout.
class IdleStreams {
 public:
  explicit IdleStreams(std::chrono::milliseconds timeout)
      : tick_(absl::Milliseconds(
            std::clamp<int64_t>(timeout.count() / 4, 5, 1000))),
        thread_([this] { Run(); }) {}
  ~IdleStreams() {
    {
      absl::MutexLock lock(&mu_);
      stopping_ = true;
    }
    thread_.join();
  }
  IdleStreams(const IdleStreams&) = delete;
  IdleStreams& operator=(const IdleStreams&) = delete;

  void Add(AnalyzeStreamReactor* stream) ABSL_LOCKS_EXCLUDED(mu_) {
    absl::MutexLock lock(&mu_);
    streams_.insert(stream);
  }
  // Waits while the stream is being looked at, so it may be deleted after.
  void Remove(AnalyzeStreamReactor* stream) ABSL_LOCKS_EXCLUDED(mu_) {
    absl::MutexLock lock(&mu_);
    streams_.erase(stream);
  }

 private:
  void Run() ABSL_LOCKS_EXCLUDED(mu_);

  const absl::Duration tick_;
  absl::Mutex mu_;
  std::set<AnalyzeStreamReactor*> streams_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::thread thread_;  // Last: starts once the rest is built.
};

// AnalyzeStream: up to `window` articles of the stream are read and not
// yet answered at a time; they are analysed in parallel on the pool and
// answered in request order (a finished article waits for the older ones).
// Reading stops while the window is full, so gRPC flow control paces a
// fast sender and a stream holds at most `window` requests and responses.
//
// Every entry (a gRPC reaction, a pool task, the idle check) changes the
// state and decides what to start next under one hold of mu_ (Pump). The
// reads and writes it decides are started outside the lock while
// `starting_` counts them, and no Finish is decided while one is being
// started; Finish is the last thing its caller does with the reactor, since
// gRPC may run OnDone (delete this) as soon as it is called.
class AnalyzeStreamReactor final
    : public grpc::ServerBidiReactor<grpc::ByteBuffer, grpc::ByteBuffer> {
 public:
  AnalyzeStreamReactor(grpc::CallbackServerContext* context,
                       const StreamSettings& settings, IdleStreams* idle,
                       std::shared_ptr<Slot> slot)
      : settings_(settings),
        context_(context),
        idle_(idle),
        cancellation_(CallCancellation(context)),
        deadline_(context->deadline()),
        start_(Clock::now()),
        slot_(std::move(slot)),
        last_progress_(start_) {
    if (idle_ != nullptr) idle_->Add(this);
    mu_.Lock();
    Pump();
  }

  void OnReadDone(bool ok) override {
    mu_.Lock();
    reading_ = false;
    if (!ok) {  // The client closed its side, or the call ended.
      read_closed_ = true;
    } else if (!failed_) {
      last_progress_ = Clock::now();
      const int32_t index = next_read_++;
      ++unanswered_;
      ++running_;
      std::string wire = ToBytes(request_);
      request_.Clear();
      const Clock::time_point start = last_progress_;
      auto work = [this, index, start, wire = std::move(wire)] {
        AnalyzeOne(index, wire, start);
      };
      // The pool's lock nests inside mu_; the pool never calls back under
      // its own.
      if (!settings_.pool->Submit(std::move(work))) {
        --running_;
        Fail(ShuttingDown());
      }
    } else {  // Arrived as the stream failed: dropped unanswered.
      request_.Clear();
    }
    Pump();
  }

  void OnWriteDone(bool ok) override {
    mu_.Lock();
    writing_ = false;
    if (ok) {
      last_progress_ = Clock::now();
      ++next_write_;
      --unanswered_;
    } else {  // Cancelled or broken: nothing more can be sent.
      Fail(grpc::Status(grpc::StatusCode::CANCELLED, "stream write failed"));
    }
    Pump();
  }

  void OnDone() override {
    if (idle_ != nullptr) idle_->Remove(this);
    delete this;
  }

  // Called by IdleStreams (which Remove waits for, so the reactor lives):
  // ends the stream when nothing has moved for the idle timeout and no
  // analysis of it runs.
  void EndIfIdle(Clock::time_point now) ABSL_LOCKS_EXCLUDED(mu_) {
    mu_.Lock();
    if (failed_ || finished_ || running_ > 0 ||
        now - last_progress_ < settings_.idle_timeout) {
      mu_.Unlock();
      return;
    }
    const grpc::Status idle(
        grpc::StatusCode::DEADLINE_EXCEEDED,
        absl::StrCat("stream idle for ", settings_.idle_timeout.count(),
                     " ms (--stream-idle-timeout-ms): no request arrived and "
                     "no response could be sent; open a new stream when "
                     "there is more to analyse"));
    settings_.logger->Log(
        {"AnalyzeStream", "", 0, idle, MicrosSince(start_), "", 0});
    Fail(idle);
    // A response the client does not read never completes: only cancelling
    // the call ends that write (the client, which reads nothing, sees
    // CANCELLED). A read in flight ends once Finish has sent the status.
    const bool cancel = writing_;
    Pump();
    // Outside mu_, as every call into gRPC. The reactor lives on: its
    // OnDone waits in IdleStreams::Remove until this check is over.
    if (cancel) context_->TryCancel();
  }

 private:
  // Runs on the pool.
  void AnalyzeOne(int32_t index, const std::string& wire,
                  Clock::time_point start) ABSL_LOCKS_EXCLUDED(mu_) {
    grpc::ByteBuffer buffer;
    const grpc::Status serialized = AnswerOne(index, wire, start, &buffer);
    ReleaseMemoryAfter(static_cast<int64_t>(wire.size()));
    mu_.Lock();
    --running_;
    last_progress_ = Clock::now();
    if (!serialized.ok()) {
      Fail(serialized);
    } else if (!failed_) {
      done_.emplace(index, std::move(buffer));
    }
    Pump();
  }

  // The response to request `index` in *buffer: the analysis, or the
  // article's own error status (the stream goes on). Logs it.
  grpc::Status AnswerOne(int32_t index, const std::string& wire,
                         Clock::time_point start,
                         grpc::ByteBuffer* buffer) const {
    google::protobuf::Arena arena(ResponseArenaOptions());
    auto* request =
        google::protobuf::Arena::CreateMessage<v1::AnalyzeStreamRequest>(
            &arena);
    auto* response =
        google::protobuf::Arena::CreateMessage<v1::AnalyzeStreamResponse>(
            &arena);
    auto* analysis =
        google::protobuf::Arena::CreateMessage<v1::AnalyzeResponse>(&arena);
    response->set_index(index);
    constexpr int kRequest = v1::AnalyzeStreamRequest::kRequestFieldNumber;
    absl::Status status;
    ArticleLogFacts facts;
    std::string tokens_wire;
    if (static_cast<int64_t>(wire.size()) > settings_.max_message_bytes) {
      status = ToAbslStatus(
          RequestTooLarge(wire.size(), settings_.max_message_bytes));
    } else {
      status = ParseRequest(wire, request, kRequest);
    }
    if (status.ok()) {
      const v1::Article& article = request->request().article();
      facts.id = article.id();
      facts.url = article.url();
      facts.bytes = ArticleBytes(article);
      // Named once it has ended: `now` is when it stopped.
      status =
          AnalyzeArticle(*settings_.analyzer, request->request(), analysis,
                         &tokens_wire, cancellation_.get(), settings_.lender);
      status = NameTheStop(std::move(status), deadline_,
                           std::chrono::system_clock::now());
    } else {
      facts = FindArticleLogFacts(wire, {kRequest, 1});
    }
    if (status.ok()) {
      response->set_article_id(facts.id);
      // The analysis goes in as field `response`, its tokens already wire
      // bytes.
      grpc::Status sized = ToByteBuffer(
          *analysis, std::move(tokens_wire), settings_.max_response_bytes,
          buffer, response->SerializeAsString(),
          v1::AnalyzeStreamResponse::kResponseFieldNumber);
      status = ToAbslStatus(sized);
    }
    if (!status.ok()) {  // A failed article has no response.
      response->set_article_id(EchoableId(wire));
      response->mutable_status()->set_code(status.raw_code());
      response->mutable_status()->set_message(std::string(status.message()));
    }
    settings_.logger->Log({"AnalyzeStream", facts.id, facts.bytes,
                           ToGrpcStatus(status), MicrosSince(start), facts.url,
                           static_cast<int64_t>(wire.size())});
    if (status.ok()) return grpc::Status::OK;
    return ToByteBuffer(*response, "", settings_.max_response_bytes, buffer);
  }

  // Under mu_: the stream ends with `status` once nothing is running.
  void Fail(const grpc::Status& status) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    if (!failed_) {
      failed_ = true;
      finish_status_ = status;
    }
    done_.clear();
  }

  // Entered with mu_ held, which it releases: starts whatever the state
  // allows (the next in-order write, another read while the window has
  // room, or the Finish), deciding under the same hold of mu_ as the change
  // that allowed it.
  void Pump() ABSL_UNLOCK_FUNCTION(mu_) {
    for (;;) {
      bool start_write = false;
      bool start_read = false;
      if (!writing_ && !failed_) {
        auto next = done_.find(next_write_);
        if (next != done_.end()) {
          writing_ = start_write = true;
          response_ = std::move(next->second);
          done_.erase(next);
        }
      }
      if (!reading_ && !read_closed_ && !failed_ &&
          unanswered_ < settings_.window) {
        reading_ = start_read = true;
      }
      if (start_write || start_read) {
        ++starting_;
        mu_.Unlock();
        // The write or read in flight keeps the reactor alive; none can
        // finish while starting_ counts this one.
        if (start_write) StartWrite(&response_);
        if (start_read) StartRead(&request_);
        mu_.Lock();
        --starting_;
        continue;  // Finishing may be due now.
      }
      // A read in flight ends once the call has ended (ok=false); a failed
      // stream does not wait for it, since an idle client may never send.
      const bool drained = failed_ ? running_ == 0 : unanswered_ == 0;
      if (finished_ || starting_ > 0 || writing_ || (reading_ && !failed_) ||
          !(read_closed_ || failed_) || !drained) {
        mu_.Unlock();
        return;
      }
      finished_ = true;
      const grpc::Status status = failed_ ? finish_status_ : grpc::Status::OK;
      // Free before the client learns the stream is over, so that it may
      // open another at once.
      slot_.reset();
      mu_.Unlock();
      Finish(status);  // Last: OnDone may delete this from here on.
      return;
    }
  }

  const StreamSettings settings_;
  grpc::CallbackServerContext* const context_;
  IdleStreams* const idle_;  // Null without an idle timeout.
  const std::unique_ptr<Cancellation> cancellation_;
  const std::chrono::system_clock::time_point deadline_;  // The stream's.
  const Clock::time_point start_;

  absl::Mutex mu_;
  std::shared_ptr<Slot> slot_ ABSL_GUARDED_BY(mu_);  // Released at Finish.
  // The read in flight's target and the write in flight's source: only
  // gRPC touches them while reading_ / writing_.
  grpc::ByteBuffer request_;
  grpc::ByteBuffer response_;
  std::map<int32_t, grpc::ByteBuffer> done_
      ABSL_GUARDED_BY(mu_);                      // Analysed, not yet written.
  int32_t next_read_ ABSL_GUARDED_BY(mu_) = 0;   // Index of the next read.
  int32_t next_write_ ABSL_GUARDED_BY(mu_) = 0;  // Index of the next write.
  int unanswered_ ABSL_GUARDED_BY(mu_) = 0;      // Read and not yet written.
  int running_ ABSL_GUARDED_BY(mu_) = 0;   // On the pool and not yet done.
  int starting_ ABSL_GUARDED_BY(mu_) = 0;  // Reads/writes being started.
  bool reading_ ABSL_GUARDED_BY(mu_) = false;
  bool writing_ ABSL_GUARDED_BY(mu_) = false;
  bool read_closed_ ABSL_GUARDED_BY(mu_) = false;
  bool failed_ ABSL_GUARDED_BY(mu_) = false;
  bool finished_ ABSL_GUARDED_BY(mu_) = false;
  grpc::Status finish_status_ ABSL_GUARDED_BY(mu_);
  // When a request last arrived, an analysis ended or a response was sent.
  Clock::time_point last_progress_ ABSL_GUARDED_BY(mu_);
};

void IdleStreams::Run() {
  absl::MutexLock lock(&mu_);
  while (!mu_.AwaitWithTimeout(absl::Condition(&stopping_), tick_)) {
    const Clock::time_point now = Clock::now();
    // A stream's mu_ nests inside this one; EndIfIdle never waits for it.
    for (AnalyzeStreamReactor* stream : streams_) stream->EndIfIdle(now);
  }
}

namespace {

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
  logger->Log({rpc, "", 0, status, 0, "", 0});
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
      info_(BuildServerInfo(*analyzer_, limits)),
      idle_streams_(
          limits.stream_idle_timeout_ms > 0
              ? std::make_unique<IdleStreams>(
                    std::chrono::milliseconds(limits.stream_idle_timeout_ms))
              : nullptr) {}

AnalyzerService::~AnalyzerService() = default;

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
  const int64_t request_bytes = static_cast<int64_t>(request->Length());
  // Refused here, before it waits for a thread: its id and size are read
  // from the wire without copying the message.
  auto refuse = [&](const grpc::Status& status) {
    const ArticleLogFacts facts = FindArticleLogFacts(*request, {1});
    logger_->Log({"Analyze", facts.id, facts.bytes, status, MicrosSince(start),
                  facts.url, request_bytes});
    reactor->Finish(status);
    return reactor;
  };
  if (request_bytes > limits_.max_message_bytes) {
    return refuse(RequestTooLarge(request_bytes, limits_.max_message_bytes));
  }
  std::shared_ptr<Slot> slot =
      Slot::Take(&active_calls_, limits_.max_concurrent_calls);
  if (slot == nullptr) {
    return refuse(Busy("Analyze calls", limits_.max_concurrent_calls,
                       "--max-concurrent-calls"));
  }
  // `request` and `response` stay valid until the reactor finishes.
  auto work = [this, context, request, response, reactor, start, slot,
               request_bytes] {
    const std::string wire = ToBytes(*request);
    // A long article's response holds ~100k small messages; an arena makes
    // building and freeing them several times cheaper.
    google::protobuf::Arena arena(ResponseArenaOptions());
    auto* parsed =
        google::protobuf::Arena::CreateMessage<v1::AnalyzeRequest>(&arena);
    // Parsed even for a call that ended while it waited, so that its log
    // line names the article.
    const absl::Status parse = ParseRequest(wire, parsed);
    ArticleLogFacts facts;
    if (parse.ok()) {
      facts.id = parsed->article().id();
      facts.url = parsed->article().url();
      facts.bytes = ArticleBytes(parsed->article());
    } else {
      facts = FindArticleLogFacts(wire, {1});
    }
    grpc::Status status = CheckCallAlive(context);
    if (status.ok()) status = ToGrpcStatus(parse);
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
        status = ToByteBuffer(*out, std::move(tokens_wire),
                              limits_.max_response_bytes, response);
      }
    }
    logger_->Log({"Analyze", facts.id, facts.bytes, status, MicrosSince(start),
                  facts.url, request_bytes});
    reactor->Finish(status);
  };
  // The analysis' memory is freed when `work` returns; a large one's goes
  // back to the system.
  if (!pool_->Submit([work = std::move(work), request_bytes] {
        work();
        ReleaseMemoryAfter(request_bytes);
      })) {
    return refuse(ShuttingDown());
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
    logger_->Log({"AnalyzeStream", "", 0, busy, 0, "", 0});
    return new FinishedReactor<StreamReactor>(busy);
  }
  const StreamSettings settings{
      analyzer_.get(),
      pool_,
      lend_idle_threads_ ? pool_ : nullptr,
      logger_,
      limits_.stream_window,
      limits_.max_message_bytes,
      limits_.max_response_bytes,
      std::chrono::milliseconds(limits_.stream_idle_timeout_ms)};
  return new AnalyzeStreamReactor(context, settings, idle_streams_.get(),
                                  std::move(slot));
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
  logger_->Log(
      {"GetServerInfo", "", 0, grpc::Status::OK, MicrosSince(start), "", 0});
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  reactor->Finish(grpc::Status::OK);
  return reactor;
}

}  // namespace khabar::service
