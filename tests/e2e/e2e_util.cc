#include "e2e/e2e_util.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <fstream>
#include <thread>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "test_paths.h"

extern char** environ;

namespace khabar::e2e {

std::string TempPath(const std::string& name) {
  static std::atomic<int> counter{0};
  return absl::StrCat(::testing::TempDir(), "khabar_e2e_", getpid(), "_",
                      counter++, "_", name);
}

// Spawns `argv` with stdin from `stdin_path` (or /dev/null) and stdout and
// stderr to files (or a pipe for stdout when `stdout_pipe` is set).
pid_t Spawn(const std::vector<std::string>& argv, const std::string& stdin_path,
            const std::string& stdout_path, const std::string& stderr_path,
            int* stdout_pipe) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(
      &actions, 0, stdin_path.empty() ? "/dev/null" : stdin_path.c_str(),
      O_RDONLY, 0);
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
int WaitExit(pid_t pid, std::chrono::milliseconds timeout) {
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

RunResult RunProcess(const std::vector<std::string>& argv,
                     const std::string& stdin_path,
                     std::chrono::seconds timeout) {
  const std::string out = TempPath("run.out");
  const std::string err = TempPath("run.err");
  RunResult result;
  const pid_t pid = Spawn(argv, stdin_path, out, err);
  EXPECT_GT(pid, 0) << "cannot start " << argv[0];
  if (pid <= 0) return result;
  result.exit_code = WaitExit(pid, timeout);
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

RunResult RunClient(const std::vector<std::string>& args,
                    const std::string& stdin_path,
                    std::chrono::seconds timeout) {
  std::vector<std::string> argv = {testing::BinDir() + "/khabar-client"};
  argv.insert(argv.end(), args.begin(), args.end());
  return RunProcess(argv, stdin_path, timeout);
}

bool ServerProcess::Start(const std::vector<std::string>& extra_args) {
  std::vector<std::string> argv = {testing::BinDir() + "/khabar-server",
                                   "--listen", "127.0.0.1:0", "--threads", "2"};
  argv.insert(argv.end(), extra_args.begin(), extra_args.end());
  stderr_path_ = TempPath("server.err");
  pid_ = Spawn(argv, "", "", stderr_path_, &stdout_fd_);
  if (pid_ <= 0) return false;
  // Read the first line, waiting up to 30 s.
  std::string line;
  const auto end = std::chrono::steady_clock::now() + std::chrono::seconds(60);
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

int ServerProcess::Stop() {
  if (pid_ <= 0) return -1;
  kill(pid_, SIGTERM);
  const int code = WaitExit(pid_, std::chrono::seconds(60));
  if (code < 0) {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
  }
  pid_ = -1;
  return code;
}

void ServerProcess::Kill() {
  if (pid_ <= 0) return;
  kill(pid_, SIGKILL);
  waitpid(pid_, nullptr, 0);
  pid_ = -1;
}

ServerProcess::~ServerProcess() {
  if (pid_ > 0) Stop();
  if (stdout_fd_ >= 0) close(stdout_fd_);
}

std::string ServerProcess::Log() const {
  return testing::ReadFileOrEmpty(stderr_path_);
}

long ServerProcess::RssKiB() const {
  std::ifstream status(absl::StrCat("/proc/", pid_, "/status"));
  std::string line;
  while (std::getline(status, line)) {
    if (absl::StartsWith(line, "VmRSS:")) {
      return std::strtol(line.c_str() + 6, nullptr, 10);
    }
  }
  return -1;
}

}  // namespace khabar::e2e
