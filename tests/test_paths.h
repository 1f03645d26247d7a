// Where tests find the repo's own files and the shared data beside it.
#ifndef KHABAR_TESTS_TEST_PATHS_H_
#define KHABAR_TESTS_TEST_PATHS_H_

#include <sys/stat.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

namespace khabar::testing {

// The project checkout (set by CMake).
inline std::string SourceDir() { return KHABAR_SOURCE_DIR; }
// Where the built binaries are (set by CMake).
inline std::string BinDir() { return KHABAR_BIN_DIR; }

// ../shared beside the checkout, or $KHABAR_SHARED_DIR when set.
inline std::string SharedDir() {
  if (const char* env = std::getenv("KHABAR_SHARED_DIR")) return env;
  return SourceDir() + "/../shared";
}

inline bool PathExists(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0;
}

// True under CI (CI=true), where missing shared data is a failure.
inline bool UnderCi() {
  const char* ci = std::getenv("CI");
  return ci != nullptr && std::string(ci) == "true";
}

inline std::string ReadFileOrEmpty(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace khabar::testing

// Use at the top of a test that needs ../shared: skips when it is absent,
// fails under CI.
#define KHABAR_REQUIRE_SHARED(path)                                          \
  do {                                                                       \
    if (!::khabar::testing::PathExists(path)) {                              \
      if (::khabar::testing::UnderCi()) {                                    \
        FAIL() << "shared data missing under CI: " << (path);                \
      }                                                                      \
      GTEST_SKIP() << "shared data not found (needs ../shared): " << (path); \
    }                                                                        \
  } while (0)

#endif  // KHABAR_TESTS_TEST_PATHS_H_
