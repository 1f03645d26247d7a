// The models committed in models/, loaded once per test binary.
#ifndef KHABAR_TESTS_CORE_COMMITTED_MODELS_H_
#define KHABAR_TESTS_CORE_COMMITTED_MODELS_H_

#include <string>

#include "gtest/gtest.h"
#include "test_paths.h"
#include "text/lexicon.h"

namespace khabar::testing {

// models/lexicon.tsv; null (and a test failure) when it cannot be read.
inline const Lexicon* CommittedLexicon() {
  static const Lexicon* lexicon = [] {
    auto loaded = Lexicon::Load(SourceDir() + "/models/lexicon.tsv");
    EXPECT_TRUE(loaded.ok()) << loaded.status();
    return loaded.ok() ? loaded->release() : nullptr;
  }();
  return lexicon;
}

}  // namespace khabar::testing

#endif  // KHABAR_TESTS_CORE_COMMITTED_MODELS_H_
