// khabar-build-clusters: hierarchical (Brown) word clusters from plain text.
//
//   xzcat ../shared/data/unlabelled-news/ant-unlabelled.txt.xz |
//       build/bin/khabar-build-clusters --clusters 256 > models/clusters.tsv
//
// Tokenizes stdin line by line with the engine's tokenizer (with the
// committed lexicon, so clitics come off) and clusters the matching form of
// each Arabic stand-alone word (Token::word: والكاظمي -> الكاظمي) by its
// neighbours. A token that is not a kept word (punctuation, digits, Latin,
// rare words) and each line end break the bigram chain.
//
// Brown et al. (1992) as in Liang (2005): the words, most frequent first,
// enter a window of C+1 active clusters; each time the window is full the
// pair whose merge loses the least average mutual information (AMI) of the
// cluster bigram model is merged. Once every word is in, the C clusters are
// merged down to one, and that merge tree gives each cluster its bit string.
// Losses are updated incrementally (O(C^2) per word). Ties go to the lowest
// slot pair, so the same input gives the same bytes on the same build.
//
// Output: "# description", then "FORM<TAB>BITSTRING<TAB>COUNT" lines sorted
// by bit string, then count (descending), then form.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/numbers.h"
#include "base/utf8.h"
#include "corpus.h"
#include "khabar/analysis.h"
#include "text/lexicon.h"
#include "text/tokenizer.h"

namespace {

constexpr char kUsage[] =
    "Usage: khabar-build-clusters [options] < corpus.txt > clusters.tsv\n"
    "\n"
    "Brown word clusters of the Arabic stand-alone words (clitics off, in\n"
    "matching form) of plain UTF-8 text read from standard input. Writes a\n"
    "'#' description line, then FORM<TAB>BITSTRING<TAB>COUNT lines.\n"
    "\n"
    "  --clusters N    leaf clusters (default 256)\n"
    "  --min-count N   leave out words seen fewer than N times (default 5)\n"
    "  --max-vocab N   keep at most the N most frequent words (default 60000)\n"
    "  --lexicon PATH  clitic-splitting lexicon (default models/lexicon.tsv;\n"
    "                  'none' splits article forms only)\n"
    "  --source TEXT   names the corpus in the description line\n"
    "  --verify        check every loss against a recomputation (slow)\n"
    "  --help          this text\n";

constexpr uint32_t kBreak = 0xFFFFFFFFu;

// True when `form` is all Arabic letters (no digits, Latin, signs).

double Seconds(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
      .count();
}

// x log x of a count, from a table for the small counts that dominate the
// inner loops (logs are most of the run time).
class XLogX {
 public:
  XLogX() : table_(kSize) {
    for (int i = 1; i < kSize; ++i) table_[i] = i * std::log(double{1} * i);
  }
  double operator()(int64_t n) const {
    return n < kSize ? table_[n] : n * std::log(static_cast<double>(n));
  }

 private:
  static constexpr int kSize = 1 << 16;
  std::vector<double> table_;
};

// Word-level statistics: words 0..V-1, most frequent first.
struct Corpus {
  std::vector<int64_t> unigram;
  // For word w, its bigrams with words v <= w, as (v, count): those that
  // exist once w enters the window.
  std::vector<std::vector<std::pair<uint32_t, int32_t>>> left;   // v w
  std::vector<std::vector<std::pair<uint32_t, int32_t>>> right;  // w v
  std::vector<int32_t> self;                                     // w w
};

// Brown clustering over C+1 slots. Counts are in corpus units: the AMI
// differs from the true one by a constant factor and N log N terms that
// cancel in every loss, so the merge order is the same.
class Brown {
 public:
  Brown(const Corpus& corpus, int clusters, bool verify)
      : corpus_(corpus),
        k_(clusters + 1),
        verify_(verify),
        n_(k_ * k_, 0),
        q_(k_ * k_, 0),
        loss_(k_ * k_, 0),
        count_(k_, 0),
        log_count_(k_, 0),
        s1_(k_, 0),
        ds1_(k_, 0),
        active_(k_, false),
        node_(k_, -1),
        members_(k_),
        slot_of_(corpus.unigram.size(), -1) {}

  // Runs everything; returns the bit string of each word.
  std::vector<std::string> Run() {
    const auto start = std::chrono::steady_clock::now();
    const int vocab = static_cast<int>(corpus_.unigram.size());
    for (int w = 0; w < vocab; ++w) {
      int free_slot = 0;
      while (active_[free_slot]) ++free_slot;
      Add(w, free_slot);
      if (active_count_ == k_) MergeBest(false);
      if ((w + 1) % 5000 == 0) {
        std::fprintf(stderr, "  %d/%d words in, %.1f s\n", w + 1, vocab,
                     Seconds(start));
      }
    }
    // The merge tree of the C leaf clusters.
    for (int s = 0; s < k_; ++s) {
      if (active_[s]) {
        node_[s] = static_cast<int>(children_.size());
        children_.push_back({-1, -1});
      }
    }
    std::vector<std::vector<int>> leaf_members(children_.size());
    for (int s = 0; s < k_; ++s) {
      if (active_[s]) leaf_members[node_[s]] = members_[s];
    }
    while (active_count_ > 1) MergeBest(true);
    int root = -1;
    for (int s = 0; s < k_; ++s) {
      if (active_[s]) root = node_[s];
    }
    std::vector<std::string> path(children_.size());
    std::vector<std::string> word_path(vocab);
    // Parents come after their children, so walk from the root down.
    for (int node = root; node >= 0; --node) {
      const auto [left, right] = children_[node];
      if (left < 0) {
        for (int w : leaf_members[node]) word_path[w] = path[node];
        continue;
      }
      path[left] = path[node] + "0";
      path[right] = path[node] + "1";
    }
    // A single cluster still needs a non-empty path.
    for (std::string& p : word_path) {
      if (p.empty()) p = "0";
    }
    std::fprintf(stderr, "  clustering done, %.1f s\n", Seconds(start));
    return word_path;
  }

 private:
  int32_t& N(int s, int t) { return n_[s * k_ + t]; }
  double& Q(int s, int t) { return q_[s * k_ + t]; }
  // Loss of merging s and t, s < t.
  double& Loss(int s, int t) { return loss_[s * k_ + t]; }

  double Term(int64_t n, double log_s, double log_t) const {
    return n == 0 ? 0 : xlogx_(n) - n * (log_s + log_t);
  }

  // Loss of merging active slots a and b, from scratch: O(C).
  double ComputeLoss(int a, int b) {
    const double log_m = std::log(static_cast<double>(count_[a] + count_[b]));
    double loss = s1_[a] + s1_[b] - Q(a, b) - Q(b, a);
    for (int t = 0; t < k_; ++t) {
      if (!active_[t] || t == a || t == b) continue;
      loss -= Term(int64_t{N(a, t)} + N(b, t), log_m, log_count_[t]) +
              Term(int64_t{N(t, a)} + N(t, b), log_count_[t], log_m);
    }
    loss -= Term(int64_t{N(a, a)} + N(a, b) + N(b, a) + N(b, b), log_m, log_m);
    return loss;
  }

  void ComputeS1(int s) {
    double sum = -Q(s, s);
    for (int t = 0; t < k_; ++t) {
      if (active_[t]) sum += Q(s, t) + Q(t, s);
    }
    s1_[s] = sum;
  }

  // Brings word w into the free slot s.
  void Add(int w, int s) {
    for (int t = 0; t < k_; ++t) N(s, t) = N(t, s) = 0;
    for (const auto& [v, c] : corpus_.left[w]) N(slot_of_[v], s) += c;
    for (const auto& [v, c] : corpus_.right[w]) N(s, slot_of_[v]) += c;
    N(s, s) = corpus_.self[w];
    count_[s] = corpus_.unigram[w];
    log_count_[s] = std::log(static_cast<double>(count_[s]));
    members_[s].assign(1, w);
    slot_of_[w] = s;
    // Each pair's loss gains the terms of the new cluster:
    // q(i,w)+q(w,i)+q(j,w)+q(w,j) - q(i+j,w) - q(w,i+j).
    for (int i = 0; i < k_; ++i) {
      if (!active_[i]) continue;
      const int32_t iw = N(i, s), wi = N(s, i);
      for (int j = i + 1; j < k_; ++j) {
        if (!active_[j]) continue;
        const int32_t jw = N(j, s), wj = N(s, j);
        if ((iw | wi | jw | wj) == 0) continue;
        const double log_u =
            std::log(static_cast<double>(count_[i] + count_[j]));
        const int64_t uw = int64_t{iw} + jw, wu = int64_t{wi} + wj;
        Loss(i, j) += xlogx_(iw) + xlogx_(jw) - xlogx_(uw) + xlogx_(wi) +
                      xlogx_(wj) - xlogx_(wu) - (iw + wi) * log_count_[i] -
                      (jw + wj) * log_count_[j] + (uw + wu) * log_u;
      }
    }
    active_[s] = true;
    ++active_count_;
    for (int t = 0; t < k_; ++t) {
      if (!active_[t]) continue;
      Q(s, t) = Term(N(s, t), log_count_[s], log_count_[t]);
      Q(t, s) = Term(N(t, s), log_count_[t], log_count_[s]);
    }
    for (int t = 0; t < k_; ++t) {
      if (active_[t] && t != s) s1_[t] += Q(t, s) + Q(s, t);
    }
    ComputeS1(s);
    for (int t = 0; t < k_; ++t) {
      if (!active_[t] || t == s) continue;
      Loss(std::min(s, t), std::max(s, t)) = ComputeLoss(s, t);
    }
    if (verify_) Verify();
  }

  // Merges the pair that loses the least AMI; with `record`, as a tree node.
  void MergeBest(bool record) {
    int best_a = -1, best_b = -1;
    double best = 0;
    for (int i = 0; i < k_; ++i) {
      if (!active_[i]) continue;
      const double* row = &loss_[i * k_];
      for (int j = i + 1; j < k_; ++j) {
        if (active_[j] && (best_a < 0 || row[j] < best)) {
          best = row[j];
          best_a = i;
          best_b = j;
        }
      }
    }
    const double before = verify_ ? Ami() : 0;
    Merge(best_a, best_b, record);
    if (verify_) {
      const double lost = before - Ami();
      if (std::abs(lost - best) > 1e-6 * (1 + std::abs(lost))) {
        std::fprintf(stderr, "verify: merge lost %.9g, predicted %.9g\n", lost,
                     best);
        std::abort();
      }
      Verify();
    }
  }

  // Merges slot b into slot a (a < b); b becomes free.
  void Merge(int a, int b, bool record) {
    const int64_t count_m = count_[a] + count_[b];
    const double log_m = std::log(static_cast<double>(count_m));
    const double log_a = log_count_[a], log_b = log_count_[b];
    for (int i = 0; i < k_; ++i) {
      if (!active_[i] || i == a || i == b) continue;
      ds1_[i] = Term(int64_t{N(i, a)} + N(i, b), log_count_[i], log_m) +
                Term(int64_t{N(a, i)} + N(b, i), log_m, log_count_[i]) -
                Q(i, a) - Q(a, i) - Q(i, b) - Q(b, i);
    }
    // For u = i+j, the loss of (i, j) swaps the terms of u with a and b for
    // those of u with a+b; the log count(u) parts cancel.
    for (int i = 0; i < k_; ++i) {
      if (!active_[i] || i == a || i == b) continue;
      const int32_t ia = N(i, a), ib = N(i, b), ai = N(a, i), bi = N(b, i);
      for (int j = i + 1; j < k_; ++j) {
        if (!active_[j] || j == a || j == b) continue;
        const int64_t ua = int64_t{ia} + N(j, a), ub = int64_t{ib} + N(j, b);
        const int64_t au = int64_t{ai} + N(a, j), bu = int64_t{bi} + N(b, j);
        const int64_t um = ua + ub, mu = au + bu;
        const double delta = xlogx_(um) - xlogx_(ua) - xlogx_(ub) + xlogx_(mu) -
                             xlogx_(au) - xlogx_(bu) - (um + mu) * log_m +
                             (ua + au) * log_a + (ub + bu) * log_b;
        Loss(i, j) += ds1_[i] + ds1_[j] - delta;
      }
    }
    const int32_t mm = N(a, a) + N(a, b) + N(b, a) + N(b, b);
    for (int t = 0; t < k_; ++t) {
      N(a, t) += N(b, t);
      N(t, a) += N(t, b);
    }
    N(a, a) = mm;
    for (int t = 0; t < k_; ++t) N(b, t) = N(t, b) = 0;
    active_[b] = false;
    --active_count_;
    count_[a] = count_m;
    log_count_[a] = log_m;
    for (int w : members_[b]) slot_of_[w] = a;
    members_[a].insert(members_[a].end(), members_[b].begin(),
                       members_[b].end());
    members_[b].clear();
    for (int t = 0; t < k_; ++t) {
      if (!active_[t]) continue;
      Q(a, t) = Term(N(a, t), log_m, log_count_[t]);
      Q(t, a) = Term(N(t, a), log_count_[t], log_m);
    }
    for (int i = 0; i < k_; ++i) {
      if (active_[i] && i != a) s1_[i] += ds1_[i];
    }
    ComputeS1(a);
    for (int t = 0; t < k_; ++t) {
      if (!active_[t] || t == a) continue;
      Loss(std::min(a, t), std::max(a, t)) = ComputeLoss(a, t);
    }
    if (record) {
      children_.push_back({node_[a], node_[b]});
      node_[a] = static_cast<int>(children_.size()) - 1;
      node_[b] = -1;
    }
  }

  // AMI of the active clusters, from scratch.
  double Ami() {
    double sum = 0;
    for (int s = 0; s < k_; ++s) {
      for (int t = 0; t < k_; ++t) {
        if (active_[s] && active_[t]) {
          sum += Term(N(s, t), log_count_[s], log_count_[t]);
        }
      }
    }
    return sum;
  }

  void Verify() {
    for (int i = 0; i < k_; ++i) {
      for (int j = i + 1; j < k_; ++j) {
        if (!active_[i] || !active_[j]) continue;
        const double want = ComputeLoss(i, j);
        if (std::abs(want - Loss(i, j)) > 1e-6 * (1 + std::abs(want))) {
          std::fprintf(stderr, "verify: loss(%d,%d) %.9g, recomputed %.9g\n", i,
                       j, Loss(i, j), want);
          std::abort();
        }
      }
    }
  }

  const Corpus& corpus_;
  const int k_;
  const bool verify_;
  XLogX xlogx_;
  std::vector<int32_t> n_;  // Bigram counts of slot pairs.
  std::vector<double> q_;   // Their AMI terms.
  std::vector<double> loss_;
  std::vector<int64_t> count_;  // Unigram counts of slots.
  std::vector<double> log_count_;
  // AMI terms with the slot on either side.
  std::vector<double> s1_;
  std::vector<double> ds1_;
  std::vector<bool> active_;
  int active_count_ = 0;
  // Merge tree of the final phase: node -> (left, right), -1 for leaves.
  std::vector<int> node_;
  std::vector<std::pair<int, int>> children_;
  std::vector<std::vector<int>> members_;
  std::vector<int> slot_of_;
};

// Command-line settings.
struct Options {
  int64_t clusters = 256;
  int64_t min_count = 5;
  int64_t max_vocab = 60000;
  std::string lexicon_path = "models/lexicon.tsv";
  std::string source = "standard input";
  bool verify = false;
};

// Parses the arguments into `options`; false when the program should exit
// with *exit_code (0 after --help, 2 on a bad argument).
bool ParseFlags(int argc, char** argv, Options* options, int* exit_code) {
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    int64_t* number = nullptr;
    if (arg == "--help" || arg == "-h") {
      std::fputs(kUsage, stdout);
      *exit_code = 0;
      return false;
    }
    if (arg == "--verify") {
      options->verify = true;
      continue;
    }
    if (arg == "--clusters") number = &options->clusters;
    if (arg == "--min-count") number = &options->min_count;
    if (arg == "--max-vocab") number = &options->max_vocab;
    if (number != nullptr && i + 1 < argc) {
      if (!absl::SimpleAtoi(argv[++i], number) || *number < 1) {
        std::fprintf(stderr, "%s wants a positive integer, got %s\n",
                     argv[i - 1], argv[i]);
        *exit_code = 2;
        return false;
      }
    } else if (arg == "--lexicon" && i + 1 < argc) {
      options->lexicon_path = argv[++i];
    } else if (arg == "--source" && i + 1 < argc) {
      options->source = argv[++i];
    } else {
      std::fprintf(stderr, "unknown argument: %s\n\n%s", argv[i], kUsage);
      *exit_code = 2;
      return false;
    }
  }
  // The slot matrices hold (C+1)^2 entries.
  if (options->clusters > 4096) {
    std::fprintf(stderr, "--clusters is at most 4096\n");
    *exit_code = 2;
    return false;
  }
  return true;
}

// Loads the lexicon (none for "none") and makes the tokenizer over it; false
// (after a message) on failure.
bool MakeTokenizer(const std::string& lexicon_path,
                   std::unique_ptr<khabar::Lexicon>* lexicon,
                   std::unique_ptr<khabar::Tokenizer>* tokenizer) {
  if (lexicon_path != "none") {
    auto loaded = khabar::Lexicon::Load(lexicon_path);
    if (!loaded.ok()) {
      std::fprintf(stderr, "%s\n",
                   std::string(loaded.status().message()).c_str());
      return false;
    }
    *lexicon = std::move(*loaded);
  }
  auto created = khabar::Tokenizer::Create(lexicon->get());
  if (!created.ok()) {
    std::fprintf(stderr, "%s\n",
                 std::string(created.status().message()).c_str());
    return false;
  }
  *tokenizer = std::move(*created);
  return true;
}

// The words of the input: every Arabic word as an id into `forms`, kBreak
// between chains.
struct WordStream {
  std::vector<std::string> forms;
  std::vector<int64_t> counts;  // Per form.
  std::vector<uint32_t> stream;
  int64_t words = 0;
};

// Tokenizes standard input into `in`; false when it cannot be read.
bool ReadWordStream(const khabar::Tokenizer& tokenizer, WordStream* in) {
  absl::flat_hash_map<std::string, uint32_t> ids;
  return khabar::tools::ForEachTokenizedLine(
      tokenizer, stdin, [&](const std::vector<khabar::Token>& tokens) {
        for (const khabar::Token& token : tokens) {
          if (token.kind != khabar::TokenKind::kWord ||
              !khabar::tools::IsArabicWord(token.word)) {
            if (in->stream.empty() || in->stream.back() != kBreak) {
              in->stream.push_back(kBreak);
            }
            continue;
          }
          const auto [it, inserted] = ids.try_emplace(
              token.word, static_cast<uint32_t>(in->forms.size()));
          if (inserted) {
            in->forms.push_back(token.word);
            in->counts.push_back(0);
          }
          ++in->counts[it->second];
          in->stream.push_back(it->second);
          ++in->words;
        }
        in->stream.push_back(kBreak);
      });
}

// The vocabulary as form ids: most frequent first, ties in byte order, at
// least min_count each, at most max_vocab of them.
std::vector<uint32_t> ChooseVocabulary(const WordStream& in, int64_t min_count,
                                       int64_t max_vocab) {
  std::vector<uint32_t> order;
  for (uint32_t id = 0; id < in.forms.size(); ++id) {
    if (in.counts[id] >= min_count) order.push_back(id);
  }
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    return in.counts[a] != in.counts[b] ? in.counts[a] > in.counts[b]
                                        : in.forms[a] < in.forms[b];
  });
  if (order.size() > static_cast<size_t>(max_vocab)) order.resize(max_vocab);
  return order;
}

// Unigram and bigram counts of the vocabulary words (ids are ranks in
// `order`); frees the stream once counted.
Corpus CountCorpus(const std::vector<uint32_t>& order,
                   std::chrono::steady_clock::time_point start,
                   WordStream* in) {
  std::vector<uint32_t> rank(in->forms.size(), kBreak);
  for (uint32_t r = 0; r < order.size(); ++r) rank[order[r]] = r;

  Corpus corpus;
  const size_t vocab = order.size();
  corpus.unigram.resize(vocab);
  for (size_t r = 0; r < vocab; ++r) corpus.unigram[r] = in->counts[order[r]];
  absl::flat_hash_map<uint64_t, int32_t> bigrams;
  const std::vector<uint32_t>& stream = in->stream;
  for (size_t i = 0; i + 1 < stream.size(); ++i) {
    if (stream[i] == kBreak || stream[i + 1] == kBreak) continue;
    const uint32_t a = rank[stream[i]], b = rank[stream[i + 1]];
    if (a == kBreak || b == kBreak) continue;
    ++bigrams[uint64_t{a} << 32 | b];
  }
  std::vector<uint32_t>().swap(in->stream);
  corpus.left.resize(vocab);
  corpus.right.resize(vocab);
  corpus.self.assign(vocab, 0);
  for (const auto& [key, c] : bigrams) {
    const uint32_t a = key >> 32, b = static_cast<uint32_t>(key);
    if (a == b) {
      corpus.self[a] = c;
    } else if (a < b) {
      corpus.left[b].emplace_back(a, c);
    } else {
      corpus.right[a].emplace_back(b, c);
    }
  }
  // Hash order is not stable across builds; sums are, but sort anyway so
  // the run is reproducible step by step.
  for (size_t w = 0; w < vocab; ++w) {
    std::sort(corpus.left[w].begin(), corpus.left[w].end());
    std::sort(corpus.right[w].begin(), corpus.right[w].end());
  }
  std::fprintf(stderr, "%zu words kept, %zu distinct bigrams, %.1f s\n", vocab,
               bigrams.size(), Seconds(start));
  return corpus;
}

// Word ranks in output order: by bit string, then rank.
std::vector<uint32_t> OutputOrder(const std::vector<std::string>& paths) {
  std::vector<uint32_t> out(paths.size());
  for (uint32_t r = 0; r < paths.size(); ++r) out[r] = r;
  std::sort(out.begin(), out.end(), [&](uint32_t a, uint32_t b) {
    if (paths[a] != paths[b]) return paths[a] < paths[b];
    return a < b;  // Ranks are by count, then form.
  });
  return out;
}

// Writes the description line and the FORM, BITSTRING, COUNT lines to
// standard output; false (after a message) when that fails.
bool WriteClusters(const Options& options, const WordStream& in,
                   const std::vector<uint32_t>& order, const Corpus& corpus,
                   const std::vector<std::string>& paths,
                   const std::vector<uint32_t>& out) {
  std::printf(
      "# Brown word clusters (Liang 2005 window algorithm) of Arabic "
      "stand-alone words (clitics off, matching form) from %s: %lld word "
      "tokens, %zu words with count >= %lld, %lld clusters\n",
      options.source.c_str(), static_cast<long long>(in.words), order.size(),
      static_cast<long long>(options.min_count),
      static_cast<long long>(options.clusters));
  std::string line;
  for (uint32_t r : out) {
    line = in.forms[order[r]];
    line += '\t';
    line += paths[r];
    line += '\t';
    line += std::to_string(corpus.unigram[r]);
    line += '\n';
    std::fwrite(line.data(), 1, line.size(), stdout);
  }
  if (std::fflush(stdout) != 0 || std::ferror(stdout)) {
    std::fprintf(stderr, "error writing standard output\n");
    return false;
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  if (int exit_code = 0; !ParseFlags(argc, argv, &options, &exit_code)) {
    return exit_code;
  }

  const auto start = std::chrono::steady_clock::now();
  std::unique_ptr<khabar::Lexicon> lexicon;
  std::unique_ptr<khabar::Tokenizer> tokenizer;
  if (!MakeTokenizer(options.lexicon_path, &lexicon, &tokenizer)) return 1;

  WordStream in;
  if (!ReadWordStream(*tokenizer, &in)) {
    std::fprintf(stderr, "error reading standard input\n");
    return 1;
  }
  std::fprintf(stderr, "tokenized %lld words, %zu forms, %.1f s\n",
               static_cast<long long>(in.words), in.forms.size(),
               Seconds(start));

  const std::vector<uint32_t> order =
      ChooseVocabulary(in, options.min_count, options.max_vocab);
  if (order.empty()) {
    std::fprintf(stderr, "no word reaches --min-count\n");
    return 1;
  }
  const Corpus corpus = CountCorpus(order, start, &in);

  Brown brown(corpus, static_cast<int>(options.clusters), options.verify);
  const std::vector<std::string> paths = brown.Run();

  const std::vector<uint32_t> out = OutputOrder(paths);
  const double seconds = Seconds(start);
  if (!WriteClusters(options, in, order, corpus, paths, out)) return 1;
  std::fprintf(stderr, "done in %.1f s\n", seconds);
  return 0;
}
