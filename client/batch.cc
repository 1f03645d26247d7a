#include "batch.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <set>
#include <thread>
#include <utility>

#include "absl/strings/str_cat.h"
#include "args.h"
#include "google/protobuf/stubs/logging.h"
#include "google/protobuf/util/json_util.h"
#include "inputs.h"
#include "khabar/v1/analyzer.grpc.pb.h"
#include "progress.h"
#include "report.h"

namespace khabar::client {
namespace {

using Clock = std::chrono::steady_clock;

// Codes worth another try elsewhere or later; the rest are the article's
// own outcome (INVALID_ARGUMENT, RESOURCE_EXHAUSTED for its size, ...).
bool Transient(int code) {
  switch (static_cast<grpc::StatusCode>(code)) {
    case grpc::StatusCode::UNAVAILABLE:
    case grpc::StatusCode::CANCELLED:
    case grpc::StatusCode::DEADLINE_EXCEEDED:
    case grpc::StatusCode::ABORTED:
      return true;
    default:
      return false;
  }
}

// A whole stream refused or broken: worth a new stream unless the server
// refuses us as such (UNAUTHENTICATED, UNIMPLEMENTED, ...).
bool StreamRetryable(const grpc::Status& status) {
  return Transient(status.error_code()) ||
         status.error_code() == grpc::StatusCode::RESOURCE_EXHAUSTED;
}

// The articleId of one results line: fast for the lines we write
// ({"index":N,"articleId":"..."), a full parse for anything else.
bool LineId(const std::string& line, std::string* id) {
  constexpr char kKey[] = "\"articleId\":\"";
  const size_t key = line.find(kKey);
  if (key != std::string::npos && key < 64) {
    const size_t begin = key + sizeof(kKey) - 1;
    const size_t end = line.find('"', begin);
    if (end != std::string::npos &&
        line.find('\\', begin) > end) {  // No escapes inside.
      *id = line.substr(begin, end - begin);
      return true;
    }
  }
  v1::AnalyzeStreamResponse response;
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = true;
  if (!google::protobuf::util::JsonStringToMessage(line, &response, options)
           .ok()) {
    return false;
  }
  *id = response.article_id();
  return true;
}

class Batch {
 public:
  Batch(const BatchOptions& options,
        const std::shared_ptr<grpc::Channel>& channel, FILE* out,
        std::vector<BatchArticle> articles, size_t skipped)
      : options_(options),
        stub_(v1::ArticleAnalyzerService::NewStub(channel)),
        out_(out),
        skipped_(skipped),
        progress_(options.progress, articles.size()) {
    const int streams = options.streams > 0 ? options.streams
                                            : std::min(options.concurrency, 4);
    streams_ = std::max(1, streams);
    window_ = std::max(1, (options.concurrency + streams_ - 1) / streams_);
    // Streams are ended and reopened every few windows: round_robin places
    // each new stream, so load spreads over replicas that were still
    // connecting at the start, or that joined (DNS) or came back since.
    per_stream_ = std::max(8, 4 * window_);
    for (BatchArticle& article : articles) {
      items_.push_back({std::move(article), 0});
      queue_.push_back(items_.size() - 1);
    }
    remaining_ = items_.size();
  }

  int Run() {
    const Clock::time_point start = Clock::now();
    std::vector<std::thread> sessions;
    for (int i = 0; i < streams_; ++i) {
      sessions.emplace_back([this] { Session(); });
    }
    for (std::thread& session : sessions) session.join();
    progress_.Clear();
    const double seconds =
        std::chrono::duration<double>(Clock::now() - start).count();
    std::cerr << "khabar-client: batch: " << items_.size() + skipped_
              << " articles: " << ok_ << " ok, " << rejected_
              << " rejected by the server, " << failed_ << " failed, "
              << skipped_ << " already in " << options_.out_path << "; "
              << absl::StrCat(static_cast<int64_t>(
                     seconds > 0 ? (ok_ + rejected_) / seconds : 0))
              << " articles/s\n";
    if (!fatal_.ok()) {
      std::cerr << "khabar-client: batch stopped: "
                << StatusCodeName(fatal_.error_code()) << ": "
                << fatal_.error_message() << "\n";
    }
    return failed_ > 0 || !fatal_.ok() ? kExitRpcError : kExitOk;
  }

 private:
  struct Item {
    BatchArticle article;
    int attempts;  // Times sent.
  };

  // The article as it is sent; false with *why set when it cannot be read.
  bool Load(const BatchArticle& source, v1::Article* article,
            std::string* why) const {
    const std::string& path = options_.paths[source.file];
    if (source.offset < 0) {
      std::string text;
      if (!ReadInput(path, &text)) {
        *why = "cannot read the file";
        return false;
      }
      article->Clear();
      article->set_id(source.id);
      article->set_text(std::move(text));
      return true;
    }
    std::ifstream in(path, std::ios::binary);
    std::string line(static_cast<size_t>(source.length), '\0');
    if (!in.seekg(source.offset) || !in.read(line.data(), source.length)) {
      *why = "cannot read its line of " + path;
      return false;
    }
    article->Clear();
    if (!google::protobuf::util::JsonStringToMessage(line, article).ok()) {
      *why = "its line of " + path + " is no longer an Article";
      return false;
    }
    article->set_id(source.id);
    return true;
  }

  // The articles of one open stream, by the stream's request index.
  struct StreamState {
    std::map<int32_t, size_t> outstanding;
    int32_t next_index = 0;
    int32_t limit = 0;  // Articles to send before the stream is renewed.
    bool broken = false;
  };

  // Keeps a stream open until every article has an outcome; a stream that
  // breaks hands its unanswered articles back and a new one is opened
  // (round_robin puts it on a replica that is up).
  void Session() {
    int failures = 0;
    bool first = true;
    for (;;) {
      {
        std::lock_guard<std::mutex> lock(mu_);
        if (remaining_ == 0 || !fatal_.ok()) return;
      }
      grpc::Status status = RunStream(first);
      first = false;
      if (status.ok()) {
        failures = 0;
        continue;
      }
      if (!StreamRetryable(status)) {
        std::lock_guard<std::mutex> lock(mu_);
        if (fatal_.ok()) fatal_ = status;
        cv_.notify_all();
        return;
      }
      // Back off, up to 2 s, so that a replica coming back is not hammered.
      failures = std::min(failures + 1, 5);
      std::this_thread::sleep_for(std::chrono::milliseconds(50 << failures));
    }
  }

  grpc::Status RunStream(bool first) {
    grpc::ClientContext context;
    PrepareContext(options_.connection, &context);
    std::unique_ptr<grpc::ClientReaderWriter<v1::AnalyzeStreamRequest,
                                             v1::AnalyzeStreamResponse>>
        stream = stub_->AnalyzeStream(&context);
    StreamState state;
    // A session's first stream is renewed after one window: at the start
    // round_robin may know only the first replica that connected.
    state.limit = first ? window_ : per_stream_;
    std::thread writer([&] { WriteArticles(stream.get(), &state); });
    v1::AnalyzeStreamResponse response;
    while (stream->Read(&response)) Answer(&state, &response);
    {
      std::lock_guard<std::mutex> lock(mu_);
      state.broken = true;
    }
    cv_.notify_all();
    writer.join();
    grpc::Status status = stream->Finish();
    std::lock_guard<std::mutex> lock(mu_);
    // Sent and not answered: another stream will try them.
    for (const auto& [index, item] : state.outstanding) {
      Retry(item, status.ok() ? grpc::Status(grpc::StatusCode::UNAVAILABLE,
                                             "stream ended unanswered")
                              : status);
    }
    if (status.ok() && !state.outstanding.empty()) {
      status = grpc::Status(grpc::StatusCode::UNAVAILABLE,
                            "stream ended with articles unanswered");
    }
    cv_.notify_all();
    return status;
  }

  void WriteArticles(
      grpc::ClientReaderWriter<v1::AnalyzeStreamRequest,
                               v1::AnalyzeStreamResponse>* stream,
      StreamState* state) {
    v1::AnalyzeStreamRequest request;
    *request.mutable_request() = options_.request;
    for (;;) {
      size_t item = 0;
      {
        std::unique_lock<std::mutex> lock(mu_);
        cv_.wait(lock, [&] {
          return state->broken || remaining_ == 0 || !fatal_.ok() ||
                 (!queue_.empty() &&
                  static_cast<int>(state->outstanding.size()) < window_);
        });
        if (state->broken) return;
        // Done, time to rotate, or another stream hit a fatal error:
        // half-close, so the server answers what it has and ends it.
        if (remaining_ == 0 || !fatal_.ok() ||
            state->next_index >= state->limit) {
          break;
        }
        item = queue_.front();
        queue_.pop_front();
      }
      std::string why;
      if (!Load(items_[item].article,
                request.mutable_request()->mutable_article(), &why)) {
        std::lock_guard<std::mutex> lock(mu_);
        Fail(item, why);
        cv_.notify_all();
        continue;
      }
      {
        std::lock_guard<std::mutex> lock(mu_);
        state->outstanding[state->next_index++] = item;
        ++items_[item].attempts;
      }
      bool written;
      {
        // Text that is not UTF-8 goes as is, for the server to refuse with
        // its byte offset; protobuf would log about it here.
        google::protobuf::LogSilencer silence;
        written = stream->Write(request);
      }
      if (!written) return;  // Broken; the reader sees why.
    }
    stream->WritesDone();
  }

  void Answer(StreamState* state, v1::AnalyzeStreamResponse* response) {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = state->outstanding.find(response->index());
    if (it == state->outstanding.end()) return;  // Not ours: ignore.
    const size_t item = it->second;
    state->outstanding.erase(it);
    const int code = response->status().code();
    if (code != 0 && Transient(code)) {
      Retry(item, grpc::Status(static_cast<grpc::StatusCode>(code),
                               response->status().message()));
    } else {
      // Final: the analysis, or the article's own error. The index in the
      // file is the article's position in the input, not in the stream.
      response->set_index(items_[item].article.position);
      // A request the server could not parse has no id in its answer.
      response->set_article_id(items_[item].article.id);
      const std::string line = JsonLine(*response) + "\n";
      std::fwrite(line.data(), 1, line.size(), out_);
      std::fflush(out_);  // An interrupted run keeps every finished line.
      if (code == 0) {
        ++ok_;
      } else {
        ++rejected_;
      }
      Done(item);
    }
    cv_.notify_all();
  }

  // Under mu_.
  void Retry(size_t item, const grpc::Status& status) {
    if (items_[item].attempts >= options_.max_attempts) {
      Fail(item, absl::StrCat(StatusCodeName(status.error_code()), ": ",
                              status.error_message(), " (after ",
                              items_[item].attempts, " attempts)"));
      return;
    }
    queue_.push_back(item);
  }

  // Under mu_: no result; a rerun tries it again.
  void Fail(size_t item, const std::string& why) {
    progress_.Clear();
    std::cerr << "khabar-client: " << items_[item].article.id << ": " << why
              << "\n";
    ++failed_;
    Done(item);
  }

  // Under mu_.
  void Done(size_t item) {
    --remaining_;
    const size_t done = items_.size() - remaining_;
    const Clock::time_point now = Clock::now();
    if (remaining_ == 0 ||
        now - last_progress_ > std::chrono::milliseconds(100)) {
      progress_.Show(done, items_[item].article.id);
      last_progress_ = now;
    }
  }

  const BatchOptions& options_;
  std::unique_ptr<v1::ArticleAnalyzerService::Stub> stub_;
  FILE* out_;
  const size_t skipped_;
  int streams_ = 1;
  int window_ = 1;
  int per_stream_ = 8;  // Articles sent on one stream before it is renewed.

  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<Item> items_;   // Fixed once the streams start.
  std::deque<size_t> queue_;  // Items waiting to be sent.
  size_t remaining_ = 0;      // Items without an outcome yet.
  size_t ok_ = 0;
  size_t rejected_ = 0;
  size_t failed_ = 0;
  grpc::Status fatal_;
  ProgressBar progress_;
  Clock::time_point last_progress_;
};

}  // namespace

bool ReadDoneIds(const std::string& out_path, std::vector<std::string>* ids,
                 std::string* error) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::exists(out_path, ec)) return true;
  std::ifstream in(out_path, std::ios::binary);
  if (!in) {
    *error = "cannot read " + out_path;
    return false;
  }
  std::string line;
  uint64_t complete = 0;  // Bytes up to the end of the last whole line.
  uint64_t offset = 0;
  while (std::getline(in, line)) {
    offset += line.size();
    if (in.eof()) break;  // No newline: cut short by an interrupted run.
    offset += 1;
    complete = offset;
    std::string id;
    if (line.empty()) continue;
    if (!LineId(line, &id)) {
      *error = absl::StrCat(out_path, ": line ending at byte ", offset,
                            " is not a result; move the file aside");
      return false;
    }
    ids->push_back(std::move(id));
  }
  if (complete < fs::file_size(out_path, ec)) {
    fs::resize_file(out_path, complete, ec);
    if (ec) {
      *error = "cannot drop the partial last line of " + out_path;
      return false;
    }
  }
  return true;
}

bool ListArticles(const std::vector<std::string>& paths,
                  std::vector<BatchArticle>* articles, std::string* error) {
  std::set<std::string> ids;
  auto add = [&](BatchArticle article) {
    if (!ids.insert(article.id).second) {
      *error = "article id \"" + article.id + "\" given twice";
      return false;
    }
    article.position = static_cast<int32_t>(articles->size());
    articles->push_back(std::move(article));
    return true;
  };
  for (size_t f = 0; f < paths.size(); ++f) {
    const std::string& path = paths[f];
    if (path == "-") {
      *error = "batch reads files, not stdin";
      return false;
    }
    const std::string extension = std::filesystem::path(path).extension();
    if (extension != ".ndjson" && extension != ".jsonl") {
      if (!add({path, static_cast<int32_t>(f)})) return false;
      continue;
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      *error = "cannot read " + path;
      return false;
    }
    std::string line;
    int64_t offset = 0;
    for (int64_t number = 1; std::getline(in, line); ++number) {
      const int64_t start = offset;
      offset += static_cast<int64_t>(line.size()) + 1;
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (line.find_first_not_of(" \t") == std::string::npos) continue;
      v1::Article article;
      auto status = google::protobuf::util::JsonStringToMessage(line, &article);
      if (!status.ok()) {
        *error = absl::StrCat(path, ":", number,
                              ": not a khabar.v1.Article in JSON: ",
                              std::string(status.message()));
        return false;
      }
      BatchArticle entry;
      entry.id =
          article.id().empty() ? absl::StrCat(path, ":", number) : article.id();
      entry.file = static_cast<int32_t>(f);
      entry.offset = start;
      entry.length = static_cast<int64_t>(line.size());
      if (!add(std::move(entry))) return false;
    }
  }
  return true;
}

int RunBatch(const BatchOptions& options,
             const std::shared_ptr<grpc::Channel>& channel) {
  std::string error;
  std::vector<std::string> done_ids;
  if (!ReadDoneIds(options.out_path, &done_ids, &error)) {
    std::cerr << "khabar-client: " << error << "\n";
    return kExitUsage;
  }
  const std::set<std::string> done(done_ids.begin(), done_ids.end());
  std::vector<BatchArticle> articles;
  if (!ListArticles(options.paths, &articles, &error)) {
    std::cerr << "khabar-client: " << error << "\n";
    return kExitUsage;
  }
  std::vector<BatchArticle> pending;
  size_t skipped = 0;
  for (BatchArticle& article : articles) {
    if (done.count(article.id) > 0) {
      ++skipped;
    } else {
      pending.push_back(std::move(article));
    }
  }
  FILE* out = std::fopen(options.out_path.c_str(), "ab");
  if (out == nullptr) {
    std::cerr << "khabar-client: cannot write " << options.out_path << "\n";
    return kExitUsage;
  }
  Batch batch(options, channel, out, std::move(pending), skipped);
  const int code = batch.Run();
  std::fclose(out);
  return code;
}

}  // namespace khabar::client
