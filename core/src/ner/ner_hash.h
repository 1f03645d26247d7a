// Stable 64-bit hashes for NER features and gazetteer keys. They are stored
// in model files, so they must not change between builds or platforms
// (absl::Hash may).
#ifndef KHABAR_CORE_SRC_NER_NER_HASH_H_
#define KHABAR_CORE_SRC_NER_NER_HASH_H_

#include <cstdint>
#include <string_view>

namespace khabar {

// splitmix64's finalizer: a cheap, well-mixing bijection.
inline uint64_t NerMix(uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  x ^= x >> 31;
  return x;
}

// FNV-1a over the bytes, then mixed.
inline uint64_t NerHash(std::string_view s) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : s) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return NerMix(h);
}

// Order-dependent combination of two hashes.
inline uint64_t NerCombine(uint64_t a, uint64_t b) {
  return NerMix(a * 0x9e3779b97f4a7c15ULL + b + 0x632be59bd9b4e019ULL);
}

}  // namespace khabar

#endif  // KHABAR_CORE_SRC_NER_NER_HASH_H_
