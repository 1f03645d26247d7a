#include "bench.h"

#include <algorithm>
#include <atomic>
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

}  // namespace

int RunBench(const BenchOptions& options,
             const std::shared_ptr<grpc::Channel>& channel) {
  // Requests are serialized once and responses never parsed: on a shared
  // machine the load generator's own protobuf work would be billed to the
  // server.
  grpc::GenericStub stub(channel);
  std::vector<std::string> requests;
  std::vector<int64_t> text_bytes;
  for (size_t i = 0; i < options.texts.size(); ++i) {
    v1::AnalyzeRequest request = options.request;
    request.mutable_article()->set_id(absl::StrCat("bench-", i));
    request.mutable_article()->set_text(options.texts[i]);
    requests.push_back(request.SerializeAsString());
    text_bytes.push_back(static_cast<int64_t>(options.texts[i].size()));
  }
  const Clock::time_point start = Clock::now();
  const Clock::time_point measure_from = start + options.warmup;
  const Clock::time_point end = measure_from + options.duration;
  // Open loop: call k is due at start + k / rate.
  std::atomic<int64_t> next_call{0};
  const bool open_loop = options.rate > 0;
  const auto period =
      std::chrono::duration<double>(open_loop ? 1.0 / options.rate : 0.0);

  std::vector<WorkerResult> results(options.concurrency);
  std::vector<std::thread> workers;
  for (int w = 0; w < options.concurrency; ++w) {
    workers.emplace_back([&, w] {
      WorkerResult& result = results[w];
      std::mutex mu;
      std::condition_variable cv;
      for (;;) {
        const int64_t k = next_call.fetch_add(1, std::memory_order_relaxed);
        Clock::time_point due = Clock::now();
        if (open_loop) {
          due = start + std::chrono::duration_cast<Clock::duration>(period * k);
          if (due >= end) return;
          std::this_thread::sleep_until(due);
        } else if (due >= end) {
          return;
        }
        const size_t which = static_cast<size_t>(k) % requests.size();
        grpc::Slice slice(requests[which]);
        grpc::ByteBuffer request(&slice, 1);
        grpc::ByteBuffer response;
        grpc::ClientContext context;
        PrepareContext(options.connection, &context);
        context.set_deadline(std::chrono::system_clock::now() +
                             options.deadline);
        grpc::Status status;
        bool finished = false;
        stub.UnaryCall(&context, kAnalyzeMethod, grpc::StubOptions(), &request,
                       &response, [&](grpc::Status s) {
                         std::lock_guard<std::mutex> lock(mu);
                         status = std::move(s);
                         finished = true;
                         cv.notify_one();
                       });
        {
          std::unique_lock<std::mutex> lock(mu);
          cv.wait(lock, [&] { return finished; });
        }
        const Clock::time_point done = Clock::now();
        if (due < measure_from) continue;  // Warm-up.
        // Closed loop: calls still running at the end are not counted, or
        // the rate would be overstated by up to `concurrency` calls.
        if (!open_loop && done > end) return;
        if (status.ok()) {
          result.micros.push_back(
              std::chrono::duration_cast<std::chrono::microseconds>(done - due)
                  .count());
          result.bytes += text_bytes[which];
        } else {
          ++result.errors[status.error_code()];
        }
      }
    });
  }
  for (std::thread& worker : workers) worker.join();

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
        open_loop ? absl::StrFormat(", %.1f calls/s offered", options.rate)
                  : std::string(),
        rps, mbps, p50, p95, p99, max);
    for (const auto& [code, n] : errors) {
      std::cout << "errors:      " << StatusCodeName(code) << " " << n << "\n";
    }
  }
  return micros.empty() ? kExitRpcError : kExitOk;
}

}  // namespace khabar::client
