// Helpers of the end-to-end tests: the real khabar-server and khabar-client
// binaries run as processes, the server on 127.0.0.1:0.
#ifndef KHABAR_TESTS_E2E_E2E_UTIL_H_
#define KHABAR_TESTS_E2E_E2E_UTIL_H_

#include <sys/types.h>

#include <chrono>
#include <string>
#include <vector>

namespace khabar::e2e {

// A fresh path in the test's temporary directory, unique to this call.
std::string TempPath(const std::string& name);

// Spawns `argv` with stdin from `stdin_path` (or /dev/null) and stdout and
// stderr to files (or a pipe for stdout when `stdout_pipe` is set).
pid_t Spawn(const std::vector<std::string>& argv, const std::string& stdin_path,
            const std::string& stdout_path, const std::string& stderr_path,
            int* stdout_pipe = nullptr);

// Waits up to `timeout` for `pid`; its exit code, or -1 (still running or
// killed by a signal).
int WaitExit(pid_t pid, std::chrono::milliseconds timeout);

struct RunResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs `argv` (argv[0] looked up on PATH) to the end (killed after
// `timeout`).
RunResult RunProcess(const std::vector<std::string>& argv,
                     const std::string& stdin_path = "",
                     std::chrono::seconds timeout = std::chrono::seconds(60));

// Runs khabar-client with `args` to the end (killed after `timeout`).
RunResult RunClient(const std::vector<std::string>& args,
                    const std::string& stdin_path = "",
                    std::chrono::seconds timeout = std::chrono::seconds(60));

// khabar-server on 127.0.0.1:0, its address read from its first stdout line.
class ServerProcess {
 public:
  ServerProcess() = default;
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;
  ~ServerProcess();

  // Starts with --threads 2 and `extra_args` (later flags win); false when
  // it does not print its address within 60 s.
  bool Start(const std::vector<std::string>& extra_args = {});
  // SIGTERM, then the exit code (-1 if it did not exit in 60 s: generous for
  // sanitizer builds).
  int Stop();
  // SIGKILL, no drain: a crashed replica.
  void Kill();

  pid_t pid() const { return pid_; }
  const std::string& address() const { return address_; }
  // "127.0.0.1:PORT" -> PORT.
  std::string port() const { return address_.substr(address_.rfind(':') + 1); }
  const std::string& first_line() const { return first_line_; }
  // What the server wrote on stderr so far (its request log).
  std::string Log() const;
  // The server's resident memory in KiB (VmRSS), or -1.
  long RssKiB() const;

 private:
  pid_t pid_ = -1;
  int stdout_fd_ = -1;
  std::string stderr_path_;
  std::string first_line_;
  std::string address_;
};

}  // namespace khabar::e2e

#endif  // KHABAR_TESTS_E2E_E2E_UTIL_H_
