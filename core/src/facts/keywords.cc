#include "facts/keywords.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <fstream>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "base/utf8.h"
#include "text/lexicon.h"
#include "text/normalizer.h"

namespace khabar {
namespace {

constexpr int kMaxWords = 3;

struct Candidate {
  double weight = 0;  // Position-weighted count.
  int32_t count = 0;
  double rarity = 0;
  int32_t words = 1;
  // Where it occurs (stand-alone words): a list through Occurrence::next,
  // so that the ~2 candidates per token share one vector.
  int32_t first = -1;
  int32_t last = -1;
};

struct Occurrence {
  Span span;
  int32_t next = -1;
};

// Holds the candidates' keys in chunks that never move, so that the map can
// key on views and a phrase costs no allocation of its own.
class KeyStore {
 public:
  std::string_view Store(std::string_view key) {
    if (key.size() > kChunk - used_) {
      chunks_.push_back(std::make_unique<char[]>(std::max(kChunk, key.size())));
      used_ = 0;
    }
    char* at = chunks_.back().get() + used_;
    std::memcpy(at, key.data(), key.size());
    used_ += key.size();
    return std::string_view(at, key.size());
  }

 private:
  static constexpr size_t kChunk = 16384;
  std::vector<std::unique_ptr<char[]>> chunks_;
  size_t used_ = kChunk;
};

}  // namespace

std::unique_ptr<KeywordExtractor> KeywordExtractor::FromStopwords(
    const std::vector<std::string>& stopwords, const Lexicon* lexicon) {
  std::unique_ptr<KeywordExtractor> extractor(new KeywordExtractor());
  for (const std::string& word : stopwords) {
    if (!word.empty()) extractor->stopwords_.insert(MatchingForm(word));
  }
  extractor->lexicon_ = lexicon;
  if (lexicon != nullptr) {
    extractor->reference_count_ = static_cast<double>(lexicon->Count("في"));
  }
  return extractor;
}

absl::StatusOr<std::unique_ptr<KeywordExtractor>> KeywordExtractor::Create(
    const std::string& stopwords_path, const Lexicon* lexicon) {
  std::ifstream in(stopwords_path);
  if (!in) {
    return absl::NotFoundError(
        absl::StrCat("stopwords ", stopwords_path, ": cannot open"));
  }
  std::vector<std::string> words;
  std::string line;
  while (std::getline(in, line)) {
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) {
      line.pop_back();
    }
    if (line.empty() || line[0] == '#') continue;
    words.push_back(line);
  }
  return FromStopwords(words, lexicon);
}

bool KeywordExtractor::IsStopword(const Token& token) const {
  if (token.kind != TokenKind::kWord && token.kind != TokenKind::kLatin) {
    return true;
  }
  if (CodePoints(token.base) < 2) return true;
  return stopwords_.contains(token.normalized) ||
         stopwords_.contains(token.base) || stopwords_.contains(token.word);
}

double KeywordExtractor::Rarity(const Token& token) const {
  if (lexicon_ == nullptr || reference_count_ <= 0) return 1;
  const int64_t count =
      std::max(lexicon_->Count(token.word), lexicon_->Count(token.base));
  return std::log((reference_count_ + 1) / (static_cast<double>(count) + 1));
}

std::vector<Keyword> KeywordExtractor::Extract(
    std::string_view text, const std::vector<Sentence>& sentences,
    const std::vector<Token>& tokens, size_t max_keywords,
    const Cancellation* cancellation) const {
  KeyStore keys;
  absl::flat_hash_map<std::string_view, Candidate> candidates;
  // About two phrases per token: sized once instead of rehashed as it grows.
  candidates.reserve(tokens.size() * 2);
  std::vector<Occurrence> occurrences;
  occurrences.reserve(tokens.size() * kMaxWords);
  std::string key;
  std::vector<double> rarity(tokens.size(), 0);
  std::vector<bool> content(tokens.size(), false);
  for (size_t i = 0; i < tokens.size(); ++i) {
    content[i] = !IsStopword(tokens[i]);
    if (content[i]) rarity[i] = Rarity(tokens[i]);
  }
  // The first body paragraph is the lead.
  int32_t lead_paragraph = -1;
  for (const Sentence& s : sentences) {
    if (s.section == SentenceSection::kBody) {
      lead_paragraph = s.paragraph_index;
      break;
    }
  }
  for (size_t s = 0; s < sentences.size(); ++s) {
    if (s % 16 == 0 && Stopped(cancellation)) return {};
    const Sentence& sentence = sentences[s];
    double position = 1;
    if (sentence.section == SentenceSection::kHeadline) {
      position = 3;
    } else if (sentence.section == SentenceSection::kSubheadline ||
               (sentence.section == SentenceSection::kBody &&
                sentence.paragraph_index == lead_paragraph)) {
      position = 2;
    }
    const int32_t end = sentence.first_token + sentence.token_count;
    for (int32_t i = sentence.first_token; i < end; ++i) {
      key.clear();
      double rarity_sum = 0;
      for (int32_t n = 1; n <= kMaxWords && i + n <= end; ++n) {
        const int32_t last = i + n - 1;
        if (!content[last]) break;
        if (n > 1) key += ' ';
        key += tokens[last].base;
        rarity_sum += rarity[last];
        auto it = candidates.find(std::string_view(key));
        if (it == candidates.end()) {
          it = candidates.emplace(keys.Store(key), Candidate{}).first;
        }
        Candidate& c = it->second;
        c.weight += position;
        c.count += 1;
        c.words = n;
        c.rarity = rarity_sum / n;
        const int32_t at = static_cast<int32_t>(occurrences.size());
        occurrences.push_back(
            {Span{tokens[i].word_span.begin, tokens[last].word_span.end}});
        (c.last < 0 ? c.first : occurrences[c.last].next) = at;
        c.last = at;
      }
    }
  }
  // Phrases must repeat: one-off word runs are not key phrases.
  struct Scored {
    std::string_view key;
    const Candidate* candidate;
    double score;
  };
  std::vector<Scored> scored;
  for (const auto& [key, c] : candidates) {
    if (c.words > 1 && c.count < 2) continue;
    if (c.rarity <= 0) continue;
    scored.push_back(
        {key, &c, c.weight * c.rarity * (1 + (c.words - 1) / 2.0)});
  }
  // A phrase inside a longer kept phrase with the same count adds nothing.
  // Every shorter run of words of each phrase, with the phrase's count:
  // a lookup instead of a scan of all phrases per phrase.
  absl::flat_hash_set<std::pair<std::string_view, int32_t>> inside_longer;
  for (const Scored& b : scored) {
    if (b.candidate->words < 2) continue;
    std::vector<size_t> starts = {0};  // Byte offsets of b's words.
    for (size_t at = b.key.find(' '); at != std::string_view::npos;
         at = b.key.find(' ', at + 1)) {
      starts.push_back(at + 1);
    }
    starts.push_back(b.key.size() + 1);
    const size_t words = starts.size() - 1;
    for (size_t first = 0; first < words; ++first) {
      for (size_t last = first + 1; last <= words; ++last) {
        if (last - first == words) continue;  // The whole phrase.
        inside_longer.insert(
            {b.key.substr(starts[first], starts[last] - 1 - starts[first]),
             b.candidate->count});
      }
    }
  }
  auto contained = [&](const Scored& a) {
    return inside_longer.contains({a.key, a.candidate->count});
  };
  std::sort(scored.begin(), scored.end(), [](const Scored& a, const Scored& b) {
    return a.score != b.score ? a.score > b.score : a.key < b.key;
  });
  std::vector<Keyword> out;
  for (const Scored& s : scored) {
    if (out.size() >= max_keywords) break;
    if (contained(s)) continue;
    Keyword k;
    k.normalized = std::string(s.key);
    k.count = s.candidate->count;
    k.score = s.score;
    // The most frequent way it is written (first in byte order on ties).
    absl::flat_hash_map<std::string_view, int32_t> surfaces;
    for (int32_t at = s.candidate->first; at >= 0; at = occurrences[at].next) {
      const Span& span = occurrences[at].span;
      ++surfaces[text.substr(span.begin, span.end - span.begin)];
    }
    int32_t best = -1;
    std::string_view best_text;
    for (const auto& [surface, n] : surfaces) {
      if (n > best || (n == best && surface < best_text)) {
        best = n;
        best_text = surface;
      }
    }
    k.text = std::string(best_text);
    out.push_back(std::move(k));
  }
  if (!out.empty()) {
    const double top = out.front().score;
    for (Keyword& k : out) k.score = k.score / top;
  }
  return out;
}

}  // namespace khabar
