// The articles a command was given: files, "-" for stdin, directories.
#ifndef KHABAR_CLIENT_INPUTS_H_
#define KHABAR_CLIENT_INPUTS_H_

#include <string>
#include <vector>

namespace khabar::client {

// FILE, "-" or every *.txt under DIR (sorted, so runs are repeatable) into
// *paths. Paths are only listed here, so that files are read one at a time
// when sent. False with *error set when an argument cannot be read.
bool ExpandInputs(const std::vector<std::string>& args,
                  std::vector<std::string>* paths, std::string* error);

// The whole of `path` ("-": stdin) into *text; false when unreadable.
bool ReadInput(const std::string& path, std::string* text);

}  // namespace khabar::client

#endif  // KHABAR_CLIENT_INPUTS_H_
