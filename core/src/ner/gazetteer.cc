#include "ner/gazetteer.h"

#include <algorithm>
#include <cstring>
#include <utility>

#include "ner/ner_hash.h"
#include "text/normalizer.h"
#include "text/tokenizer.h"

namespace khabar {
namespace {

constexpr uint64_t kSeqSeed = 0x4a17c3e5d2b1f009ULL;

}  // namespace

uint64_t Gazetteer::TokenKey(const Token& token) {
  return NerHash(token.base.empty() ? token.normalized : token.base);
}

void Gazetteer::Add(const std::vector<uint64_t>& keys, uint16_t types) {
  if (keys.empty() || types == 0) return;
  uint64_t h = kSeqSeed;
  for (size_t i = 0; i < keys.size(); ++i) {
    h = NerCombine(h, keys[i]);
    uint16_t& v = table_[h];
    if (i + 1 < keys.size()) {
      v |= kPrefix;
    } else {
      if ((v & ~kPrefix) == 0) ++entries_;
      v |= types;
    }
  }
  max_length_ = std::max<int32_t>(max_length_, keys.size());
}

void Gazetteer::AddText(const Tokenizer& tokenizer, std::string_view text,
                        uint16_t types) {
  std::vector<Token> tokens;
  tokenizer.Tokenize(text, Span{0, static_cast<int32_t>(text.size())}, 0,
                     &tokens);
  std::vector<uint64_t> keys;
  keys.reserve(tokens.size());
  for (const Token& t : tokens) keys.push_back(TokenKey(t));
  Add(keys, types);
}

void Gazetteer::Match(const uint64_t* keys, int32_t n,
                      std::vector<GazetteerMatch>* out) const {
  if (table_.empty()) return;
  for (int32_t i = 0; i < n; ++i) {
    uint64_t h = kSeqSeed;
    const size_t first = out->size();
    for (int32_t j = i; j < n && j - i < max_length_; ++j) {
      h = NerCombine(h, keys[j]);
      auto it = table_.find(h);
      if (it == table_.end()) break;
      const uint16_t types = it->second & ~kPrefix;
      if (types != 0) out->push_back({i, j + 1, types});
      if ((it->second & kPrefix) == 0) break;
    }
    std::reverse(out->begin() + first, out->end());
  }
}

void Gazetteer::Serialize(std::string* out) const {
  std::vector<std::pair<uint64_t, uint16_t>> items(table_.begin(),
                                                   table_.end());
  std::sort(items.begin(), items.end());
  auto put = [out](const void* p, size_t n) {
    out->append(static_cast<const char*>(p), n);
  };
  const uint64_t count = items.size(), entries = entries_;
  const int32_t max_length = max_length_;
  put(&count, 8);
  put(&entries, 8);
  put(&max_length, 4);
  for (const auto& [key, value] : items) {
    put(&key, 8);
    put(&value, 2);
  }
}

absl::Status Gazetteer::Deserialize(std::string_view data, size_t* pos) {
  auto get = [&](void* p, size_t n) {
    if (*pos + n > data.size()) return false;
    std::memcpy(p, data.data() + *pos, n);
    *pos += n;
    return true;
  };
  uint64_t count = 0, entries = 0;
  int32_t max_length = 0;
  if (!get(&count, 8) || !get(&entries, 8) || !get(&max_length, 4) ||
      count > (data.size() - *pos) / 10) {
    return absl::InvalidArgumentError("gazetteer section is truncated");
  }
  table_.clear();
  table_.reserve(count);
  for (uint64_t i = 0; i < count; ++i) {
    uint64_t key = 0;
    uint16_t value = 0;
    get(&key, 8);
    get(&value, 2);
    table_[key] = value;
  }
  entries_ = entries;
  max_length_ = max_length;
  return absl::OkStatus();
}

}  // namespace khabar
