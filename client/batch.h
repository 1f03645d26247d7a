// khabar-client batch: many articles over AnalyzeStream calls, each result
// appended to an NDJSON file as it arrives, resumable.
#ifndef KHABAR_CLIENT_BATCH_H_
#define KHABAR_CLIENT_BATCH_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "channel.h"
#include "grpcpp/grpcpp.h"
#include "khabar/v1/analyzer.pb.h"

namespace khabar::client {

// One article of a batch: a whole text file (its path is the id), or one
// line of an NDJSON file of khabar.v1.Article in proto3 JSON (its "id", or
// FILE:LINE when it has none).
struct BatchArticle {
  std::string id;
  int32_t file = 0;      // Index into BatchOptions::paths.
  int64_t offset = -1;   // Of its line in an NDJSON file; -1: a text file.
  int64_t length = 0;    // Of the line, without the newline.
  int32_t position = 0;  // In the batch's input order, from 0.
};

// The articles of `paths`: a *.ndjson or *.jsonl file gives one per line
// (blank lines skipped), any other file one. False with *error set for an
// unreadable file, a line that is not an Article, or an id given twice.
bool ListArticles(const std::vector<std::string>& paths,
                  std::vector<BatchArticle>* articles, std::string* error);

struct BatchOptions {
  // Input files: text files (sent whole as Article.text) and NDJSON files
  // of Articles; see BatchArticle.
  std::vector<std::string> paths;
  // Results file, one AnalyzeStreamResponse JSON line per article; ids
  // already in it are skipped. Appended to, never rewritten.
  std::string out_path;
  // Articles sent and not yet answered, over all streams.
  int concurrency = 16;
  // Streams kept open (each on the replica round_robin picks); 0 = the
  // smaller of concurrency and 4. Each is renewed after 4 windows of
  // articles (at least 8), so that load spreads to replicas that connect
  // late or come back.
  int streams = 0;
  // Tries per article before it is reported failed; the transient codes
  // (UNAVAILABLE, CANCELLED, DEADLINE_EXCEEDED, ABORTED, and a busy
  // server's RESOURCE_EXHAUSTED for the whole stream) are retried.
  int max_attempts = 5;
  // Features and offset unit of every request (its article is ignored).
  v1::AnalyzeRequest request;
  // Progress bar on stderr.
  bool progress = false;
  ChannelOptions connection;
};

// Runs the batch; returns khabar-client's exit code: 0 when every article
// has a result in the file (per-article errors included, as results), 1
// when some could not be analysed (transient failures after max_attempts;
// a rerun retries them), 2 for a usage error (unreadable results file,
// duplicate ids).
int RunBatch(const BatchOptions& options,
             const std::shared_ptr<grpc::Channel>& channel);

// Article ids in an existing results file (empty when it does not exist).
// A last line cut short by an interrupted run is removed from the file.
bool ReadDoneIds(const std::string& out_path, std::vector<std::string>* ids,
                 std::string* error);

}  // namespace khabar::client

#endif  // KHABAR_CLIENT_BATCH_H_
