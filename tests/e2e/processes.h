// Running the real binaries from end-to-end tests: khabar-server as a
// process on a free port, khabar-client (or any tool) run to completion.
#ifndef KHABAR_TESTS_E2E_PROCESSES_H_
#define KHABAR_TESTS_E2E_PROCESSES_H_

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "test_paths.h"

extern char** environ;

namespace khabar::e2e {

// A fresh path under the test temp dir; unique within the process.
inline std::string UniqueTempPath(const std::string& name) {
  static std::atomic<int> counter{0};
  return absl::StrCat(::testing::TempDir(), "khabar_e2e_", getpid(), "_",
                      counter++, "_", name);
}

// Spawns `argv` with stdin from /dev/null and stdout and stderr to files
// (or a pipe for stdout when `stdout_pipe` is set). -1 on failure.
inline pid_t SpawnProcess(const std::vector<std::string>& argv,
                          const std::string& stdout_path,
                          const std::string& stderr_path,
                          int* stdout_pipe = nullptr) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  int pipe_fds[2] = {-1, -1};
  if (stdout_pipe != nullptr) {
    if (pipe(pipe_fds) != 0) return -1;
    posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], 1);
    posix_spawn_file_actions_addclose(&actions, pipe_fds[0]);
    posix_spawn_file_actions_addclose(&actions, pipe_fds[1]);
  } else {
    posix_spawn_file_actions_addopen(&actions, 1, stdout_path.c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0644);
  }
  posix_spawn_file_actions_addopen(&actions, 2, stderr_path.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  std::vector<char*> args;
  for (const std::string& arg : argv) {
    args.push_back(const_cast<char*>(arg.c_str()));
  }
  args.push_back(nullptr);
  pid_t pid = -1;
  // posix_spawnp: tools such as openssl are found on PATH.
  const int rc = posix_spawnp(&pid, argv[0].c_str(), &actions, nullptr,
                              args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (stdout_pipe != nullptr) {
    close(pipe_fds[1]);
    *stdout_pipe = pipe_fds[0];
  }
  return rc == 0 ? pid : -1;
}

// Waits up to `timeout` for `pid`; its exit code, or -1 (still running or
// killed by a signal).
inline int WaitForExit(pid_t pid, std::chrono::milliseconds timeout) {
  const auto end = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < end) {
    int status = 0;
    const pid_t done = waitpid(pid, &status, WNOHANG);
    if (done == pid) return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    if (done < 0) return -1;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return -1;
}

struct ProcessResult {
  int exit_code = -1;  // -1: could not start, killed, or timed out.
  std::string out;
  std::string err;
};

// Runs `argv` to completion (killed after 60 s).
inline ProcessResult RunProcess(const std::vector<std::string>& argv) {
  const std::string out = UniqueTempPath("run.out");
  const std::string err = UniqueTempPath("run.err");
  ProcessResult result;
  const pid_t pid = SpawnProcess(argv, out, err);
  if (pid <= 0) return result;
  result.exit_code = WaitForExit(pid, std::chrono::seconds(60));
  if (result.exit_code < 0) {
    kill(pid, SIGKILL);
    waitpid(pid, nullptr, 0);
  }
  result.out = testing::ReadFileOrEmpty(out);
  result.err = testing::ReadFileOrEmpty(err);
  unlink(out.c_str());
  unlink(err.c_str());
  return result;
}

// build/bin/khabar-client with `args`.
inline ProcessResult RunKhabarClient(const std::vector<std::string>& args) {
  std::vector<std::string> argv = {testing::BinDir() + "/khabar-client"};
  argv.insert(argv.end(), args.begin(), args.end());
  return RunProcess(argv);
}

// khabar-server on 127.0.0.1:0, its address read from its first stdout
// line; stderr (the request log) goes to a file of its own.
class KhabarServerProcess {
 public:
  KhabarServerProcess() = default;
  KhabarServerProcess(const KhabarServerProcess&) = delete;
  KhabarServerProcess& operator=(const KhabarServerProcess&) = delete;

  bool Start(const std::vector<std::string>& extra_args = {}) {
    std::vector<std::string> argv = {testing::BinDir() + "/khabar-server",
                                     "--listen", "127.0.0.1:0", "--threads",
                                     "2"};
    argv.insert(argv.end(), extra_args.begin(), extra_args.end());
    stderr_path_ = UniqueTempPath("server.err");
    pid_ = SpawnProcess(argv, "", stderr_path_, &stdout_fd_);
    if (pid_ <= 0) return false;
    std::string line;
    const auto end =
        std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (line.find('\n') == std::string::npos &&
           std::chrono::steady_clock::now() < end) {
      pollfd fd = {stdout_fd_, POLLIN, 0};
      if (poll(&fd, 1, 100) <= 0) continue;
      char buf[256];
      const ssize_t n = read(stdout_fd_, buf, sizeof(buf));
      if (n <= 0) break;
      line.append(buf, static_cast<size_t>(n));
    }
    first_line_ = line.substr(0, line.find('\n'));
    if (!absl::StartsWith(first_line_, "listening on ")) return false;
    address_ = first_line_.substr(sizeof("listening on ") - 1);
    return true;
  }

  // SIGTERM, then the exit code (-1 if it did not exit in 15 s).
  int Stop() {
    if (pid_ <= 0) return -1;
    kill(pid_, SIGTERM);
    const int code = WaitForExit(pid_, std::chrono::seconds(15));
    if (code < 0) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
    pid_ = -1;
    return code;
  }

  ~KhabarServerProcess() {
    if (pid_ > 0) Stop();
    if (stdout_fd_ >= 0) close(stdout_fd_);
    if (!stderr_path_.empty()) unlink(stderr_path_.c_str());
  }

  const std::string& address() const { return address_; }
  // "127.0.0.1:PORT" -> PORT.
  std::string port() const { return address_.substr(address_.rfind(':') + 1); }
  const std::string& first_line() const { return first_line_; }
  std::string Log() const { return testing::ReadFileOrEmpty(stderr_path_); }

 private:
  pid_t pid_ = -1;
  int stdout_fd_ = -1;
  std::string stderr_path_;
  std::string first_line_;
  std::string address_;
};

}  // namespace khabar::e2e

#endif  // KHABAR_TESTS_E2E_PROCESSES_H_
