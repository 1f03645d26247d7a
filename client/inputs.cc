#include "inputs.h"

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

namespace khabar::client {

bool ExpandInputs(const std::vector<std::string>& args,
                  std::vector<std::string>* paths, std::string* error) {
  namespace fs = std::filesystem;
  for (const std::string& arg : args) {
    std::error_code ec;
    if (arg == "-" || !fs::is_directory(arg, ec)) {
      if (arg != "-" && access(arg.c_str(), R_OK) != 0) {
        *error = "cannot read " + arg;
        return false;
      }
      paths->push_back(arg);
      continue;
    }
    std::vector<std::string> found;
    for (fs::recursive_directory_iterator
             it(arg, fs::directory_options::follow_directory_symlink, ec),
         end;
         !ec && it != end; it.increment(ec)) {
      if (it->is_regular_file(ec) && it->path().extension() == ".txt") {
        found.push_back(it->path().string());
      }
    }
    if (ec) {
      *error = "cannot list " + arg + ": " + ec.message();
      return false;
    }
    if (found.empty()) {
      *error = "no .txt files under " + arg;
      return false;
    }
    std::sort(found.begin(), found.end());
    paths->insert(paths->end(), found.begin(), found.end());
  }
  return true;
}

bool ReadInput(const std::string& path, std::string* text) {
  std::ostringstream out;
  if (path == "-") {
    out << std::cin.rdbuf();
  } else {
    std::ifstream in(path, std::ios::binary);
    if (!in) return false;
    out << in.rdbuf();
  }
  *text = out.str();
  return true;
}

}  // namespace khabar::client
