// khabar-server as a child process for end-to-end tests: started on
// 127.0.0.1:0, its address read from its first stdout line ("listening on
// HOST:PORT"), stopped with SIGTERM.
#ifndef KHABAR_TESTS_E2E_SERVER_PROCESS_H_
#define KHABAR_TESTS_E2E_SERVER_PROCESS_H_

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "test_paths.h"

extern char** environ;

namespace khabar::testing {

// A file name under the test's temporary directory, unique to this process.
inline std::string E2eTempPath(const std::string& name) {
  return absl::StrCat(::testing::TempDir(), "khabar_e2e_", getpid(), "_", name);
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

class ServerProcess {
 public:
  ServerProcess() = default;
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;
  ~ServerProcess() {
    if (pid_ > 0) Stop();
    if (stdout_fd_ >= 0) close(stdout_fd_);
  }

  // Starts build/bin/khabar-server with `extra_args`; false when it does not
  // print its address within `startup` (first_line() and Log() say why).
  bool Start(const std::vector<std::string>& extra_args = {},
             std::chrono::seconds startup = std::chrono::seconds(60)) {
    std::vector<std::string> argv = {BinDir() + "/khabar-server", "--listen",
                                     "127.0.0.1:0", "--threads", "2"};
    argv.insert(argv.end(), extra_args.begin(), extra_args.end());
    stderr_path_ = E2eTempPath("bad_input_server.err");
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    int fds[2];
    if (pipe(fds) != 0) return false;
    posix_spawn_file_actions_adddup2(&actions, fds[1], 1);
    posix_spawn_file_actions_addclose(&actions, fds[0]);
    posix_spawn_file_actions_addclose(&actions, fds[1]);
    posix_spawn_file_actions_addopen(&actions, 2, stderr_path_.c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0644);
    std::vector<char*> args;
    for (const std::string& arg : argv) {
      args.push_back(const_cast<char*>(arg.c_str()));
    }
    args.push_back(nullptr);
    const int rc = posix_spawn(&pid_, argv[0].c_str(), &actions, nullptr,
                               args.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    close(fds[1]);
    stdout_fd_ = fds[0];
    if (rc != 0) {
      pid_ = -1;
      return false;
    }
    std::string line;
    const auto end = std::chrono::steady_clock::now() + startup;
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

  // SIGTERM, then the exit code (-1 if it did not exit in `grace`).
  int Stop(std::chrono::seconds grace = std::chrono::seconds(60)) {
    if (pid_ <= 0) return -1;
    kill(pid_, SIGTERM);
    const int code = WaitForExit(pid_, grace);
    if (code < 0) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
    pid_ = -1;
    return code;
  }

  const std::string& address() const { return address_; }
  const std::string& first_line() const { return first_line_; }
  std::string Log() const { return ReadFileOrEmpty(stderr_path_); }

 private:
  pid_t pid_ = -1;
  int stdout_fd_ = -1;
  std::string stderr_path_;
  std::string first_line_;
  std::string address_;
};

}  // namespace khabar::testing

#endif  // KHABAR_TESTS_E2E_SERVER_PROCESS_H_
