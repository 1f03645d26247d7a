// khabar-client bench: a load generator for our performance figures.
#ifndef KHABAR_CLIENT_BENCH_H_
#define KHABAR_CLIENT_BENCH_H_

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "channel.h"
#include "grpcpp/grpcpp.h"
#include "khabar/v1/analyzer.pb.h"

namespace khabar::client {

struct BenchOptions {
  // Article texts, sent in turn.
  std::vector<std::string> texts;
  // Calls in flight at once (one thread each).
  int concurrency = 8;
  // Measured time, after the warm-up.
  std::chrono::milliseconds duration{10000};
  // Calls before it are sent but not counted.
  std::chrono::milliseconds warmup{1000};
  // 0: closed loop, each thread sends as soon as its last call returns.
  // Otherwise calls per second in all, sent on a fixed schedule; a call's
  // latency counts from when it was due, so a server that falls behind
  // shows it (no coordinated omission).
  double rate = 0;
  // Per-call deadline.
  std::chrono::milliseconds deadline{30000};
  // Features and offset unit of every request.
  v1::AnalyzeRequest request;
  bool json = false;
  // The gRPC threads that complete calls run under SCHED_BATCH, so that on
  // a machine shared with the server they do not preempt its analyses for
  // every response (see ScheduleThisThreadAsBatch). For throughput runs:
  // it delays the generator's own handling of responses by up to a tick.
  bool batch_io_threads = false;
  ChannelOptions connection;
};

// Runs the load and prints requests per second, p50/p95/p99/max latency
// and errors by code on stdout (one JSON object with `json`). Returns
// khabar-client's exit code: 0, or 1 when no call succeeded.
int RunBench(const BenchOptions& options,
             const std::shared_ptr<grpc::Channel>& channel);

}  // namespace khabar::client

#endif  // KHABAR_CLIENT_BENCH_H_
