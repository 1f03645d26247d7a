#include "bench.h"

#include <algorithm>
#include <cmath>
#include <condition_variable>
#include <cstdio>
#include <iostream>
#include <map>
#include <mutex>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "args.h"
#include "grpcpp/generic/generic_stub.h"
#include "khabar/v1/analyzer.grpc.pb.h"
#include "report.h"
#include "thread_scheduling.h"

namespace khabar::client {
namespace {

using Clock = std::chrono::steady_clock;

constexpr char kAnalyzeMethod[] = "/khabar.v1.ArticleAnalyzerService/Analyze";

struct WorkerResult {
  std::vector<int64_t> micros;    // Latency of each counted OK call.
  std::map<int, int64_t> errors;  // Counted failed calls by code.
  int64_t bytes = 0;              // Article bytes of counted OK calls.
};

double Percentile(const std::vector<int64_t>& sorted, double p) {
  if (sorted.empty()) return 0;
  const size_t rank = static_cast<size_t>(
      std::ceil(p / 100.0 * static_cast<double>(sorted.size())));
  return static_cast<double>(sorted[std::max<size_t>(rank, 1) - 1]) / 1000.0;
}

// Drives the calls from gRPC's own callback threads rather than one
// blocking thread per call: on a shared machine the load generator's
// context switches would be billed to the server.
class Load {
 public:
  Load(const BenchOptions& options,
       const std::shared_ptr<grpc::Channel>& channel,
       std::vector<std::string> requests, std::vector<int64_t> text_bytes)
      : options_(options),
        stub_(channel),
        requests_(std::move(requests)),
        text_bytes_(std::move(text_bytes)),
        start_(Clock::now()),
        measure_from_(start_ + options.warmup),
        end_(measure_from_ + options.duration) {}

  // Returns once every call has ended.
  WorkerResult Run() {
    if (options_.rate <= 0) {
      // Closed loop: `concurrency` calls, each followed by the next.
      for (int i = 0; i < options_.concurrency; ++i) Issue(Clock::now());
    } else {
      // Open loop: call k is due at start + k / rate, sent when due unless
      // `concurrency` calls are already out (then late, and it shows).
      const auto period = std::chrono::duration<double>(1.0 / options_.rate);
      for (int64_t k = 0;; ++k) {
        const Clock::time_point due =
            start_ + std::chrono::duration_cast<Clock::duration>(period * k);
        if (due >= end_) break;
        std::this_thread::sleep_until(due);
        {
          std::unique_lock<std::mutex> lock(mu_);
          cv_.wait(lock, [&] { return outstanding_ < options_.concurrency; });
        }
        Issue(due);
      }
    }
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait(lock, [&] { return outstanding_ == 0; });
    return std::move(result_);
  }

 private:
  struct Call {
    grpc::ClientContext context;
    grpc::ByteBuffer request;
    grpc::ByteBuffer response;
    Clock::time_point due;
    size_t which = 0;
  };

  // `replacing`: a call that just ended hands its place on, so that the
  // count of calls out never drops to 0 while the run goes on.
  void Issue(Clock::time_point due, bool replacing = false) {
    auto* call = new Call;
    call->due = due;
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (!replacing) ++outstanding_;
      call->which = next_++ % requests_.size();
    }
    const std::string& bytes = requests_[call->which];
    // The serialized requests outlive every call: no copy per call.
    grpc::Slice slice(bytes.data(), bytes.size(), grpc::Slice::STATIC_SLICE);
    call->request = grpc::ByteBuffer(&slice, 1);
    PrepareContext(options_.connection, &call->context);
    call->context.set_deadline(std::chrono::system_clock::now() +
                               options_.deadline);
    stub_.UnaryCall(&call->context, kAnalyzeMethod, grpc::StubOptions(),
                    &call->request, &call->response,
                    [this, call](grpc::Status status) { Done(call, status); });
  }

  void Done(Call* call, const grpc::Status& status) {
    if (options_.batch_io_threads) service::ScheduleThisThreadAsBatch();
    const Clock::time_point done = Clock::now();
    const bool open_loop = options_.rate > 0;
    bool again = false;
    {
      std::lock_guard<std::mutex> lock(mu_);
      // Closed loop: calls still running at the end are not counted, or
      // the rate would be overstated by up to `concurrency` calls.
      const bool counted =
          call->due >= measure_from_ && (open_loop || done <= end_);
      if (counted && status.ok()) {
        result_.micros.push_back(
            std::chrono::duration_cast<std::chrono::microseconds>(done -
                                                                  call->due)
                .count());
        result_.bytes += text_bytes_[call->which];
      } else if (counted) {
        ++result_.errors[status.error_code()];
      }
      again = !open_loop && done < end_;
      if (!again) --outstanding_;
    }
    delete call;
    if (again) {
      Issue(Clock::now(), /*replacing=*/true);
    } else {
      cv_.notify_all();
    }
  }

  const BenchOptions& options_;
  grpc::GenericStub stub_;
  const std::vector<std::string> requests_;
  const std::vector<int64_t> text_bytes_;
  const Clock::time_point start_;
  const Clock::time_point measure_from_;
  const Clock::time_point end_;

  std::mutex mu_;
  std::condition_variable cv_;
  int outstanding_ = 0;
  int64_t next_ = 0;
  WorkerResult result_;
};

}  // namespace

int RunBench(const BenchOptions& options,
             const std::shared_ptr<grpc::Channel>& channel) {
  // Requests are serialized once and responses never parsed: on a shared
  // machine the load generator's own protobuf work would be billed to the
  // server.
  std::vector<std::string> requests;
  std::vector<int64_t> text_bytes;
  for (size_t i = 0; i < options.texts.size(); ++i) {
    v1::AnalyzeRequest request = options.request;
    request.mutable_article()->set_id(absl::StrCat("bench-", i));
    request.mutable_article()->set_text(options.texts[i]);
    requests.push_back(request.SerializeAsString());
    text_bytes.push_back(static_cast<int64_t>(options.texts[i].size()));
  }
  Load load(options, channel, std::move(requests), std::move(text_bytes));
  std::vector<WorkerResult> results = {load.Run()};

  std::vector<int64_t> micros;
  std::map<int, int64_t> errors;
  int64_t bytes = 0;
  for (const WorkerResult& result : results) {
    micros.insert(micros.end(), result.micros.begin(), result.micros.end());
    for (const auto& [code, n] : result.errors) errors[code] += n;
    bytes += result.bytes;
  }
  std::sort(micros.begin(), micros.end());
  int64_t error_count = 0;
  for (const auto& [code, n] : errors) error_count += n;
  const double seconds =
      std::chrono::duration<double>(options.duration).count();
  const double rps = static_cast<double>(micros.size()) / seconds;
  const double mbps = static_cast<double>(bytes) / seconds / 1e6;
  const double p50 = Percentile(micros, 50);
  const double p95 = Percentile(micros, 95);
  const double p99 = Percentile(micros, 99);
  const double max = micros.empty() ? 0 : micros.back() / 1000.0;

  if (options.json) {
    std::string error_json;
    for (const auto& [code, n] : errors) {
      absl::StrAppend(&error_json, error_json.empty() ? "" : ",", "\"",
                      StatusCodeName(code), "\":", n);
    }
    std::cout << absl::StrFormat(
        "{\"concurrency\":%d,\"rate\":%.1f,\"seconds\":%.3f,\"ok\":%d,"
        "\"errors\":%d,\"errorsByCode\":{%s},\"requestsPerSecond\":%.1f,"
        "\"megabytesPerSecond\":%.3f,\"p50Ms\":%.3f,\"p95Ms\":%.3f,"
        "\"p99Ms\":%.3f,\"maxMs\":%.3f}\n",
        options.concurrency, options.rate, seconds,
        static_cast<int64_t>(micros.size()), error_count, error_json, rps, mbps,
        p50, p95, p99, max);
  } else {
    std::cout << absl::StrFormat(
        "calls:       %d ok, %d failed in %.1f s (concurrency %d%s)\n"
        "throughput:  %.1f calls/s, %.2f MB/s of article text\n"
        "latency ms:  p50 %.2f  p95 %.2f  p99 %.2f  max %.2f\n",
        static_cast<int64_t>(micros.size()), error_count, seconds,
        options.concurrency,
        options.rate > 0
            ? absl::StrFormat(", %.1f calls/s offered", options.rate)
            : std::string(),
        rps, mbps, p50, p95, p99, max);
    for (const auto& [code, n] : errors) {
      std::cout << "errors:      " << StatusCodeName(code) << " " << n << "\n";
    }
  }
  return micros.empty() ? kExitRpcError : kExitOk;
}

}  // namespace khabar::client
