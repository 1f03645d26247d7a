// khabar-ner: train, evaluate and run the NER model on CoNLL files.
//
//   khabar-ner train --train FILE[,FILE...] [--dev FILE] --out MODEL
//       [--epochs N] [--seed S] [--gazetteer-data DIR] [--clusters FILE]
//       [--extra FILE[,FILE...] --extra-epochs N] [--disable BITS]
//   khabar-ner eval --model MODEL FILE
//   khabar-ner tag --model MODEL FILE
//   khabar-ner split FILE --fraction 0.1 --head OUT --tail OUT
//
// Every command takes --lexicon (default models/lexicon.tsv): the tokenizer's
// clitic lexicon, which must be the one the server uses.
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "ner/gazetteer.h"
#include "ner/ner_features.h"
#include "ner/ner_model.h"
#include "text/lexicon.h"
#include "text/sentence_splitter.h"
#include "text/tokenizer.h"
#include "training/conll.h"
#include "training/gazetteer_builder.h"
#include "training/ner_trainer.h"

namespace khabar {
namespace {

constexpr char kUsage[] =
    "usage:\n"
    "  khabar-ner train --train FILE[,FILE...] [--dev FILE] --out MODEL\n"
    "      [--epochs N (15)] [--seed S (1)] [--gazetteer-data DIR "
    "(../shared/data)]\n"
    "      [--no-gazetteer] [--corpus-gazetteer CONLL[,CONLL...]]\n"
    "      [--name-lists DATA_DIR (adds DATA_DIR/name-lists/ to the "
    "gazetteer)]\n"
    "      [--clusters FILE] [--extra FILE[,FILE...]]\n"
    "      [--extra-epochs N] [--disable BITS] [--last-epoch] [--seeds N]\n"
    "      [--description TEXT] [--doc-window K (0: one stage)] [--folds F]\n"
    "      [--epochs1 N (stage 1 epochs)] [--o-bias B (else tuned on dev)]\n"
    "      [--o-bias1 B (first pass; 0)]\n"
    "      [--type-bias ORG=B,MISC=B (else ORG/MISC tuned on dev)]\n"
    "      [--no-type-bias] [--type-bias1 ORG=B,... (first pass)]\n"
    "      [--margin M (cost-augmented training; 0)]\n"
    "      [--fold-seeds N (seeds per jackknife model; 1)]\n"
    "      [--bias-grid FILE (dev counts per type over a grid of O and\n"
    "       ORG/MISC biases, for tools/ner_cv.sh)]\n"
    "  khabar-ner eval --model MODEL FILE\n"
    "  khabar-ner tag --model MODEL FILE        (writes TOKEN TAG lines)\n"
    "  khabar-ner tag-text --model MODEL FILE   (raw text; TOKEN TAG lines)\n"
    "  khabar-ner split FILE --fraction F --head OUT --tail OUT\n"
    "      (the last F of the sentences go to --tail)\n"
    "common: --lexicon FILE (models/lexicon.tsv)\n"
    "Tags of --train/--extra files may be ANERcorp's or WikiFANE's fine\n"
    "classes (mapped to PERS/LOC/ORG/MISC).\n";

struct Args {
  std::string command;
  std::vector<std::string> positional;
  std::map<std::string, std::string> flags;
  bool Has(const std::string& k) const { return flags.count(k) > 0; }
  std::string Get(const std::string& k, const std::string& def = "") const {
    auto it = flags.find(k);
    return it == flags.end() ? def : it->second;
  }
};

bool ParseArgs(int argc, char** argv, Args* a) {
  if (argc < 2) return false;
  a->command = argv[1];
  for (int i = 2; i < argc; ++i) {
    std::string s = argv[i];
    if (absl::StartsWith(s, "--")) {
      const std::string key = s.substr(2);
      if (key == "no-gazetteer" || key == "last-epoch" || key == "help" ||
          key == "no-type-bias") {
        a->flags[key] = "1";
      } else if (i + 1 < argc) {
        a->flags[key] = argv[++i];
      } else {
        std::cerr << "missing value for " << s << "\n";
        return false;
      }
    } else {
      a->positional.push_back(s);
    }
  }
  return true;
}

// Label offset of a type (PERS, LOC, ORG, MISC order of the labels).
int TypeIndex(EntityType type) {
  switch (type) {
    case EntityType::kPerson:
      return 0;
    case EntityType::kLocation:
      return 1;
    case EntityType::kOrganization:
      return 2;
    case EntityType::kMisc:
      return 3;
  }
  return 3;
}

bool PathExists(const std::string& p) { return std::ifstream(p).good(); }

struct Engine {
  std::unique_ptr<Lexicon> lexicon;
  std::unique_ptr<Tokenizer> tokenizer;
};

bool MakeEngine(const Args& args, Engine* e) {
  const std::string path = args.Get("lexicon", "models/lexicon.tsv");
  auto lexicon = Lexicon::Load(path);
  if (!lexicon.ok()) {
    std::cerr << lexicon.status().message()
              << " (run from the repository root or pass --lexicon)\n";
    return false;
  }
  e->lexicon = *std::move(lexicon);
  auto tokenizer = Tokenizer::Create(e->lexicon.get());
  if (!tokenizer.ok()) {
    std::cerr << tokenizer.status().message() << "\n";
    return false;
  }
  e->tokenizer = *std::move(tokenizer);
  return true;
}

bool ReadExamples(const std::string& files, const Tokenizer& tokenizer,
                  bool extra, std::vector<NerExample>* out) {
  for (absl::string_view f : absl::StrSplit(files, ',', absl::SkipEmpty())) {
    auto sentences = ReadConll(std::string(f));
    if (!sentences.ok()) {
      std::cerr << sentences.status().message() << "\n";
      return false;
    }
    for (ConllSentence& s : *sentences) {
      for (std::string& t : s.tags) t = CoarseWikiFaneTag(t);
      out->push_back(MakeNerExample(tokenizer, s));
      out->back().extra = extra;
    }
    std::cerr << "read " << sentences->size() << " sentences from " << f
              << "\n";
  }
  return true;
}

// Entity types in the order of the tool's per-type settings.
constexpr const char* kTypeNames[4] = {"PERS", "LOC", "ORG", "MISC"};

// Parses "ORG=14,MISC=2" into (type index, value) pairs; false when an item
// is malformed.
bool ParseTypeBiases(absl::string_view spec,
                     std::vector<std::pair<int, float>>* out) {
  for (absl::string_view item : absl::StrSplit(spec, ',', absl::SkipEmpty())) {
    const size_t eq = item.find('=');
    float v = 0;
    int type = -1;
    for (int t = 0; t < 4; ++t) {
      if (item.substr(0, eq) == kTypeNames[t]) type = t;
    }
    if (eq == absl::string_view::npos || type < 0 ||
        !absl::SimpleAtof(item.substr(eq + 1), &v)) {
      return false;
    }
    out->emplace_back(type, v);
  }
  return true;
}

// Settings of `train` beside the trainer's own options.
struct TrainSettings {
  NerTrainOptions options;
  int seeds = 1;
  int window = 0;  // document window of stage 2; 0: one stage
  int folds = 5;
  int epochs1 = 0;  // epochs of stage 1
};

// What every model of a `train` command is trained with.
struct TrainResources {
  Gazetteer gazetteer;
  WordClusters clusters;
  NerLexiconStats lexicon_stats;
};

// Reads --train, --extra and --dev; false (after a message) on failure.
bool ReadTrainingExamples(const Args& args, const Tokenizer& tokenizer,
                          std::vector<NerExample>* train,
                          std::vector<NerExample>* dev) {
  if (!ReadExamples(args.Get("train"), tokenizer, false, train)) {
    return false;
  }
  if (args.Has("extra") &&
      !ReadExamples(args.Get("extra"), tokenizer, true, train)) {
    return false;
  }
  if (args.Has("dev") &&
      !ReadExamples(args.Get("dev"), tokenizer, false, dev)) {
    return false;
  }
  return true;
}

// Fills the trainer's options from the flags; false on a malformed --margin.
bool ParseTrainOptions(const Args& args, NerTrainOptions* options) {
  int value = 0;
  if (args.Has("epochs") && absl::SimpleAtoi(args.Get("epochs"), &value)) {
    options->epochs = value;
  }
  uint64_t seed = 1;
  if (args.Has("seed") && absl::SimpleAtoi(args.Get("seed"), &seed)) {
    options->seed = seed;
  }
  if (args.Has("extra-epochs") &&
      absl::SimpleAtoi(args.Get("extra-epochs"), &value)) {
    options->extra_epochs = value;
  }
  uint32_t bits = 0;
  if (args.Has("disable") && absl::SimpleAtoi(args.Get("disable"), &bits)) {
    options->disabled_groups = bits;
  }
  if (args.Has("margin") &&
      !absl::SimpleAtof(args.Get("margin"), &options->margin)) {
    return false;
  }
  options->keep_best = !args.Has("last-epoch");
  options->data_description = args.Get("description", args.Get("train"));
  return true;
}

// Builds the standard gazetteer (plus --corpus-gazetteer entities) unless
// --no-gazetteer; false (after a message) on failure.
bool LoadTrainingGazetteer(const Args& args, const Tokenizer& tokenizer,
                           Gazetteer* gazetteer) {
  if (args.Has("no-gazetteer")) return true;
  std::string dir = args.Get("gazetteer-data", "../shared/data");
  if (!PathExists(dir + "/world-cities-ar-en/world-cities.csv")) {
    std::cerr << "warning: no gazetteer data under " << dir
              << "; ICU names only\n";
    dir.clear();
  }
  std::string report;
  auto built = BuildStandardGazetteer(tokenizer, dir, &report);
  if (!built.ok()) {
    std::cerr << built.status().message() << "\n";
    return false;
  }
  *gazetteer = *std::move(built);
  if (args.Has("name-lists")) {
    if (absl::Status s =
            AddNameLists(tokenizer, args.Get("name-lists"), gazetteer, &report);
        !s.ok()) {
      std::cerr << s.message() << "\n";
      return false;
    }
  }
  if (args.Has("corpus-gazetteer")) {
    const size_t before = gazetteer->size();
    for (absl::string_view f :
         absl::StrSplit(args.Get("corpus-gazetteer"), ',', absl::SkipEmpty())) {
      if (absl::Status s =
              AddConllEntities(tokenizer, std::string(f), gazetteer);
          !s.ok()) {
        std::cerr << s.message() << "\n";
        return false;
      }
    }
    std::cerr << "corpus entities: " << gazetteer->size() - before
              << " new entries\n";
  }
  std::cerr << report << "gazetteer: " << gazetteer->size() << " entries\n";
  return true;
}

// Loads --clusters if given; false (after a message) on failure.
bool LoadTrainingClusters(const Args& args, WordClusters* clusters) {
  if (!args.Has("clusters")) return true;
  auto loaded = WordClusters::Load(args.Get("clusters"));
  if (!loaded.ok()) {
    std::cerr << loaded.status().message() << "\n";
    return false;
  }
  *clusters = *std::move(loaded);
  std::cerr << "word clusters: " << clusters->size() << " words\n";
  return true;
}

// Loads the lexicon statistics into `stats` and points the options at them,
// unless that feature group is disabled; false (after a message) on failure.
bool LoadTrainingLexiconStats(const Args& args, NerLexiconStats* stats,
                              NerTrainOptions* options) {
  if (options->disabled_groups & kNerNoLexicon) return true;
  auto loaded =
      NerLexiconStats::Load(args.Get("lexicon", "models/lexicon.tsv"));
  if (!loaded.ok()) {
    std::cerr << loaded.status().message() << "\n";
    return false;
  }
  *stats = *std::move(loaded);
  options->lexicon = stats;
  std::cerr << "lexicon statistics: " << stats->size() << " forms\n";
  return true;
}

// Parses the settings and loads the resources of `train`, in the order the
// messages appear. 0, or the exit code (2: usage, 1: cannot load).
int PrepareTraining(const Args& args, const Tokenizer& tokenizer,
                    TrainSettings* settings, TrainResources* resources) {
  if (!ParseTrainOptions(args, &settings->options)) {
    std::cerr << kUsage;
    return 2;
  }
  if (!LoadTrainingGazetteer(args, tokenizer, &resources->gazetteer) ||
      !LoadTrainingClusters(args, &resources->clusters)) {
    return 1;
  }
  if (args.Has("seeds") &&
      !absl::SimpleAtoi(args.Get("seeds"), &settings->seeds)) {
    std::cerr << kUsage;
    return 2;
  }
  if (!LoadTrainingLexiconStats(args, &resources->lexicon_stats,
                                &settings->options)) {
    return 1;
  }
  settings->epochs1 = settings->options.epochs;
  if ((args.Has("doc-window") &&
       !absl::SimpleAtoi(args.Get("doc-window"), &settings->window)) ||
      (args.Has("folds") &&
       !absl::SimpleAtoi(args.Get("folds"), &settings->folds)) ||
      (args.Has("epochs1") &&
       !absl::SimpleAtoi(args.Get("epochs1"), &settings->epochs1))) {
    std::cerr << kUsage;
    return 2;
  }
  return 0;
}

// Mean of `n_seeds` models trained alike with seeds opts.seed,
// opts.seed + 1, ...
absl::StatusOr<std::unique_ptr<NerModel>> TrainSeeds(
    const TrainResources& resources, const std::vector<NerExample>& tr,
    const std::vector<NerExample>& dv, const NerTrainOptions& opts, int n_seeds,
    std::ostream* log) {
  std::vector<std::unique_ptr<NerModel>> models;
  std::string description;
  for (int k = 0; k < std::max(1, n_seeds); ++k) {
    NerTrainOptions o = opts;
    o.seed = opts.seed + k;
    auto m = NerTrainer::Train(tr, dv, resources.gazetteer, resources.clusters,
                               o, log);
    if (!m.ok()) return m.status();
    if (k == 0) description = (*m)->Description();
    models.push_back(*std::move(m));
  }
  if (models.size() == 1) return std::move(models[0]);
  // Keep the first model's description up to its "; features..." tail.
  description = description.substr(0, description.find("; "));
  if (!dv.empty()) {
    description = description.substr(0, description.find(", dev P"));
  }
  description += ", mean of " + std::to_string(models.size()) + " seeds";
  return NerTrainer::Average(std::move(models), description);
}

// Trains the mean-of-seeds model into `model`, reporting a failure: 0 or 1.
int TrainReported(const TrainResources& resources,
                  const std::vector<NerExample>& train,
                  const std::vector<NerExample>& dev,
                  const NerTrainOptions& options, int seeds,
                  std::unique_ptr<NerModel>* model) {
  auto trained = TrainSeeds(resources, train, dev, options, seeds, &std::cout);
  if (!trained.ok()) {
    std::cerr << trained.status().message() << "\n";
    return 1;
  }
  *model = *std::move(trained);
  return 0;
}

// The epochs of a model as its description states them ("..., N epochs
// (seed ..."); `fallback` when it does not.
int EpochsInDescription(const std::string& d, int fallback) {
  const size_t at = d.find(" epochs (seed");
  const size_t from = d.rfind(", ", at);
  int e = 0;
  if (at != std::string::npos && from != std::string::npos &&
      absl::SimpleAtoi(d.substr(from + 2, at - from - 2), &e)) {
    return e;
  }
  return fallback;
}

// How the first-pass models of a two-stage model label: biases and seeds.
struct FirstPassSettings {
  float o_bias = 0;
  // Per-type biases ("ORG=10,MISC=10"; none by default): more first-pass
  // entities of a type give the second pass more document evidence for it.
  std::vector<std::pair<int, float>> type_bias;
  // Seeds per jackknife model (1: its labels are noisier than those of the
  // first pass, a mean of `seeds`).
  int fold_seeds = 1;
};

// Parses --o-bias1, --type-bias1 and --fold-seeds; false when one is
// malformed.
bool ParseFirstPassSettings(const Args& args, FirstPassSettings* first_pass) {
  if (args.Has("o-bias1") &&
      !absl::SimpleAtof(args.Get("o-bias1"), &first_pass->o_bias)) {
    return false;
  }
  if (args.Has("type-bias1") &&
      !ParseTypeBiases(args.Get("type-bias1"), &first_pass->type_bias)) {
    return false;
  }
  if (args.Has("fold-seeds") &&
      !absl::SimpleAtoi(args.Get("fold-seeds"), &first_pass->fold_seeds)) {
    return false;
  }
  return true;
}

// Sets a first-pass model's O bias and adds its per-type biases (to B-X and
// I-X).
void ApplyFirstPassBiases(const FirstPassSettings& first_pass, NerModel* m) {
  m->set_o_bias(first_pass.o_bias);
  for (const auto& [type, v] : first_pass.type_bias) {
    m->AddLabelBias(1 + 2 * type, v);
    m->AddLabelBias(2 + 2 * type, v);
  }
}

// First-pass labels of each training sentence from a model trained on the
// other folds (contiguous blocks); false (after a message) on failure.
bool JackknifeLabels(const TrainResources& resources,
                     const std::vector<NerExample>& train,
                     const NerTrainOptions& o1, int epochs1, uint64_t seed,
                     int folds, const FirstPassSettings& first_pass,
                     std::vector<std::vector<int32_t>>* jack) {
  const size_t n = train.size();
  for (int f = 0; f < folds; ++f) {
    const size_t lo = n * f / folds, hi = n * (f + 1) / folds;
    std::vector<NerExample> rest;
    rest.reserve(n - (hi - lo));
    for (size_t i = 0; i < n; ++i) {
      if (i < lo || i >= hi) rest.push_back(train[i]);
    }
    NerTrainOptions of = o1;
    of.epochs = epochs1;
    of.keep_best = false;
    of.seed = seed + 100 * (f + 1);
    auto m =
        TrainSeeds(resources, rest, {}, of, first_pass.fold_seeds, nullptr);
    if (!m.ok()) {
      std::cerr << m.status().message() << "\n";
      return false;
    }
    ApplyFirstPassBiases(first_pass, m->get());
    for (size_t i = lo; i < hi; ++i) {
      (*m)->FirstPassLabels(train[i].tokens, 0,
                            static_cast<int32_t>(train[i].tokens.size()),
                            &(*jack)[i]);
    }
    std::cerr << "fold " << f + 1 << "/" << folds << " done\n";
  }
  return true;
}

// Two stages (docs/ner.md): a first pass without document features, whose
// labels feed the second. 0, or the exit code (2: usage, 1: cannot train).
int TrainTwoStage(const Args& args, const TrainResources& resources,
                  const TrainSettings& settings, std::vector<NerExample>* train,
                  std::vector<NerExample>* dev,
                  std::unique_ptr<NerModel>* model) {
  NerTrainOptions o1 = settings.options;
  o1.epochs = settings.epochs1;
  std::cout << "== stage 1 (no document features)\n";
  std::unique_ptr<NerModel> first;
  if (TrainReported(resources, *train, *dev, o1, settings.seeds, &first) != 0) {
    return 1;
  }
  int epochs1 = settings.epochs1;
  if (!dev->empty()) {
    epochs1 = EpochsInDescription(first->Description(), epochs1);
    std::cout << "stage 1 on dev:\n"
              << NerTrainer::Evaluate(*first, *dev).Report()
              << "stage 1 epochs: " << epochs1 << "\n";
  }
  FirstPassSettings first_pass;
  if (!ParseFirstPassSettings(args, &first_pass)) {
    std::cerr << kUsage;
    return 2;
  }
  ApplyFirstPassBiases(first_pass, first.get());
  std::vector<std::vector<int32_t>> jack(train->size());
  if (!JackknifeLabels(resources, *train, o1, epochs1, settings.options.seed,
                       settings.folds, first_pass, &jack)) {
    return 1;
  }
  const int window = settings.window;
  NerTrainer::SetDocFeatures(*first, window, jack, train);
  if (!dev->empty()) {
    NerTrainer::SetDocFeatures(*first, window,
                               NerTrainer::FirstPass(*first, *dev), dev);
  }
  std::cout << "== stage 2 (document window +-" << window << ")\n";
  if (TrainReported(resources, *train, *dev, settings.options, settings.seeds,
                    model) != 0) {
    return 1;
  }
  const std::string d = (*model)->Description();
  NerTrainer::Combine(model->get(), std::move(first), window);
  (*model)->set_description(
      d.substr(0, d.find("; ")) +
      absl::StrFormat(", two-stage (document window +-%d, %d folds, "
                      "stage 1 %d epochs, O bias %.1f)",
                      window, settings.folds, epochs1, first_pass.o_bias) +
      (first_pass.type_bias.empty()
           ? std::string()
           : ", stage 1 type bias " + args.Get("type-bias1")));
  for (NerExample& ex : *dev) ex.doc = NerDocFeatures();
  return 0;
}

// Sets the model's O bias: --o-bias, else the one (recall for precision)
// best on dev, else 0. False on a malformed --o-bias.
bool ChooseOBias(const Args& args, const std::vector<NerExample>& dev,
                 NerModel* model, float* o_bias) {
  if (args.Has("o-bias") && !absl::SimpleAtof(args.Get("o-bias"), o_bias)) {
    return false;
  }
  if (!dev.empty() && !args.Has("o-bias")) {
    double best = -1;
    for (float b = 0; b <= 40.01f; b += b < 8 ? 1.0f : 2.0f) {
      model->set_o_bias(b);
      const double f1 = NerTrainer::EvaluateCorpus(*model, dev).overall().F1();
      std::cout << absl::StrFormat("O bias %.1f: dev F1 %.2f\n", b, f1);
      if (f1 > best + 1e-9) {
        best = f1;
        *o_bias = b;
      }
    }
  }
  model->set_o_bias(*o_bias);
  return true;
}

// Adds per-type label biases (summed into type_bias): --type-bias, else ORG
// and MISC tuned on dev (coordinate ascent). False on a bad --type-bias.
bool ChooseTypeBiases(const Args& args, const std::vector<NerExample>& dev,
                      NerModel* model, float type_bias[4]) {
  auto add_type_bias = [&](int type, float delta) {
    model->AddLabelBias(1 + 2 * type, delta);
    model->AddLabelBias(2 + 2 * type, delta);
    type_bias[type] += delta;
  };
  if (args.Has("type-bias")) {
    std::vector<std::pair<int, float>> biases;
    if (!ParseTypeBiases(args.Get("type-bias"), &biases)) return false;
    for (const auto& [type, v] : biases) add_type_bias(type, v);
  } else if (!dev.empty() && !args.Has("no-type-bias")) {
    double best = NerTrainer::EvaluateCorpus(*model, dev).overall().F1();
    for (int round = 0; round < 2; ++round) {
      for (int type : {2, 3}) {
        float best_v = type_bias[type];
        for (float v = -6; v <= 24.01f; v += 2) {
          add_type_bias(type, v - type_bias[type]);
          const double f1 =
              NerTrainer::EvaluateCorpus(*model, dev).overall().F1();
          if (f1 > best + 1e-9) {
            best = f1;
            best_v = v;
          }
        }
        add_type_bias(type, best_v - type_bias[type]);
        std::cout << absl::StrFormat("%s bias %.1f: dev F1 %.2f\n",
                                     kTypeNames[type], best_v, best);
      }
    }
  }
  return true;
}

// Prints the type biases and puts both biases (and the dev scores, which it
// prints) into the model's description.
void DescribeBiases(const std::vector<NerExample>& dev, float o_bias,
                    const float type_bias[4], NerModel* model) {
  std::string o_bias_text_suffix;
  std::string type_bias_text;
  for (int t = 0; t < 4; ++t) {
    if (type_bias[t] == 0) continue;
    absl::StrAppend(&type_bias_text, type_bias_text.empty() ? "" : ",",
                    kTypeNames[t], "=", absl::StrFormat("%g", type_bias[t]));
  }
  std::cout << "type bias: " << (type_bias_text.empty() ? "-" : type_bias_text)
            << "\n";
  if (!type_bias_text.empty()) {
    o_bias_text_suffix = ", type bias " + type_bias_text;
  }
  if (dev.empty()) {
    const std::string d = model->Description();
    model->set_description(d.substr(0, d.find("; ")) +
                           absl::StrFormat(", O bias %.1f", o_bias) +
                           o_bias_text_suffix);
  }
  if (!dev.empty()) {
    const NerScorer scores = NerTrainer::EvaluateCorpus(*model, dev);
    std::string d = model->Description();
    d = d.substr(0, d.find("; "));
    d = d.substr(0, d.find(", dev P"));
    const PrfCounts o = scores.overall();
    model->set_description(d + absl::StrFormat(", O bias %.1f", o_bias) +
                           o_bias_text_suffix +
                           absl::StrFormat(", dev P %.2f R %.2f F1 %.2f",
                                           o.Precision(), o.Recall(), o.F1()));
    std::cout << scores.Report();
  }
}

// Writes the model to --out and reads it back to report it: 0 or 1.
int SaveTrainedModel(const Args& args, const NerModel& model) {
  if (absl::Status s = model.Save(args.Get("out")); !s.ok()) {
    std::cerr << s.message() << "\n";
    return 1;
  }
  auto reloaded = NerModel::Load(args.Get("out"));
  if (!reloaded.ok()) {
    std::cerr << reloaded.status().message() << "\n";
    return 1;
  }
  std::cout << "wrote " << args.Get("out") << ": " << (*reloaded)->Description()
            << "\n";
  return 0;
}

// --bias-grid FILE: the dev counts of every type at each point of a grid of
// second-pass O bias and ORG/MISC biases, one line a point, so that
// tools/ner_cv.sh can choose the biases by the mean over folds rather than
// on one slice. Leaves the model's biases as they were.
bool WriteBiasGrid(const std::string& path, const std::vector<NerExample>& dev,
                   NerModel* model) {
  std::ofstream out(path);
  if (!out) {
    std::cerr << "cannot write " << path << "\n";
    return false;
  }
  out << "o_bias\torg_bias\tmisc_bias";
  for (const char* type : kTypeNames) {
    out << "\t" << type << "_gold\t" << type << "_pred\t" << type << "_correct";
  }
  out << "\n";
  constexpr int kOrg = 2, kMisc = 3;
  auto shift = [&](int type, float delta) {
    model->AddLabelBias(1 + 2 * type, delta);
    model->AddLabelBias(2 + 2 * type, delta);
  };
  for (float o = 0; o <= 24.01f; o += 2) {
    model->set_o_bias(o);
    for (float org = -4; org <= 20.01f; org += 8) {
      shift(kOrg, org);
      for (float misc = -4; misc <= 20.01f; misc += 8) {
        shift(kMisc, misc);
        const NerScorer scores = NerTrainer::EvaluateCorpus(*model, dev);
        out << absl::StrFormat("%g\t%g\t%g", o, org, misc);
        for (const char* type : kTypeNames) {
          const auto it = scores.by_type().find(type);
          const PrfCounts c =
              it == scores.by_type().end() ? PrfCounts() : it->second;
          out << absl::StrFormat("\t%d\t%d\t%d", c.gold, c.predicted,
                                 c.correct);
        }
        out << "\n";
        shift(kMisc, -misc);
      }
      shift(kOrg, -org);
    }
  }
  model->set_o_bias(0);
  return static_cast<bool>(out);
}

int Train(const Args& args) {
  if (!args.Has("train") || !args.Has("out")) {
    std::cerr << kUsage;
    return 2;
  }
  Engine engine;
  if (!MakeEngine(args, &engine)) return 1;
  std::vector<NerExample> train, dev;
  if (!ReadTrainingExamples(args, *engine.tokenizer, &train, &dev)) return 1;
  TrainSettings settings;
  TrainResources resources;
  if (int code =
          PrepareTraining(args, *engine.tokenizer, &settings, &resources);
      code != 0) {
    return code;
  }
  std::unique_ptr<NerModel> model;
  const int trained =
      settings.window <= 0
          ? TrainReported(resources, train, dev, settings.options,
                          settings.seeds, &model)
          : TrainTwoStage(args, resources, settings, &train, &dev, &model);
  if (trained != 0) return trained;
  if (args.Has("bias-grid") &&
      (dev.empty() ||
       !WriteBiasGrid(args.Get("bias-grid"), dev, model.get()))) {
    std::cerr << "--bias-grid needs --dev and a writable file\n";
    return 1;
  }
  float o_bias = 0;
  float type_bias[4] = {0, 0, 0, 0};
  if (!ChooseOBias(args, dev, model.get(), &o_bias) ||
      !ChooseTypeBiases(args, dev, model.get(), type_bias)) {
    std::cerr << kUsage;
    return 2;
  }
  DescribeBiases(dev, o_bias, type_bias, model.get());
  return SaveTrainedModel(args, *model);
}

std::unique_ptr<NerModel> LoadModel(const Args& args) {
  const auto t0 = std::chrono::steady_clock::now();
  auto model = NerModel::Load(args.Get("model", "models/ner.model"));
  if (!model.ok()) {
    std::cerr << model.status().message() << "\n";
    return nullptr;
  }
  std::cerr << "loaded in "
            << std::chrono::duration<double>(std::chrono::steady_clock::now() -
                                             t0)
                   .count()
            << " s: " << (*model)->Description() << "\n";
  return *std::move(model);
}

// eval, tag and tag-text: one FILE, the engine and --model. 0, or the exit
// code (2: usage, 1: cannot load).
int PrepareOneFile(const Args& args, Engine* engine,
                   std::unique_ptr<NerModel>* model) {
  if (args.positional.size() != 1) {
    std::cerr << kUsage;
    return 2;
  }
  if (!MakeEngine(args, engine)) return 1;
  *model = LoadModel(args);
  return *model == nullptr ? 1 : 0;
}

int Eval(const Args& args) {
  Engine engine;
  std::unique_ptr<NerModel> model;
  if (int code = PrepareOneFile(args, &engine, &model); code != 0) {
    return code;
  }
  std::vector<NerExample> examples;
  if (!ReadExamples(args.positional[0], *engine.tokenizer, false, &examples)) {
    return 1;
  }
  std::cout << NerTrainer::EvaluateCorpus(*model, examples).Report();
  return 0;
}

int Tag(const Args& args) {
  Engine engine;
  std::unique_ptr<NerModel> model;
  if (int code = PrepareOneFile(args, &engine, &model); code != 0) {
    return code;
  }
  std::ifstream in(args.positional[0], std::ios::binary);
  if (!in) {
    std::cerr << "cannot open " << args.positional[0] << "\n";
    return 1;
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  // Two passes over the text: collect the sentences, tag them as a corpus
  // (a two-stage model's document is the window of neighbouring
  // sentences), then write the labels in order.
  std::vector<NerExample> sentences;
  TagConllText(ss.str(), [&](const std::vector<std::string>& words,
                             std::vector<std::string>* tags) {
    sentences.emplace_back();
    sentences.back().tokens = TokensForWords(*engine.tokenizer, words);
    tags->assign(words.size(), "O");
  });
  const std::vector<std::vector<int32_t>> labels =
      NerTrainer::TagCorpus(*model, sentences);
  size_t next = 0;
  const std::string out =
      TagConllText(ss.str(), [&](const std::vector<std::string>& words,
                                 std::vector<std::string>* tags) {
        for (int32_t l : labels[next]) tags->emplace_back(NerLabelName(l));
        ++next;
      });
  std::fwrite(out.data(), 1, out.size(), stdout);
  return 0;
}

// Raw text: sentences by the core splitter, tokens by the core tokenizer.
int TagText(const Args& args) {
  Engine engine;
  std::unique_ptr<NerModel> model;
  if (int code = PrepareOneFile(args, &engine, &model); code != 0) {
    return code;
  }
  auto splitter = SentenceSplitter::Create();
  if (!splitter.ok()) {
    std::cerr << splitter.status().message() << "\n";
    return 1;
  }
  std::ifstream in(args.positional[0], std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  const std::string text = ss.str();
  std::vector<Span> sentences;
  (*splitter)->Split(text, Span{0, static_cast<int32_t>(text.size())},
                     &sentences);
  // The whole file is one document.
  std::vector<Token> tokens;
  std::vector<std::pair<int32_t, int32_t>> ranges;
  for (const Span& s : sentences) {
    const int32_t begin = static_cast<int32_t>(tokens.size());
    engine.tokenizer->Tokenize(text, s, 0, &tokens);
    ranges.emplace_back(begin, static_cast<int32_t>(tokens.size()));
  }
  std::vector<std::vector<NerSpan>> spans;
  model->TagDocument(tokens, ranges, &spans);
  for (size_t s = 0; s < ranges.size(); ++s) {
    std::vector<const char*> tags(ranges[s].second - ranges[s].first, "O");
    for (const NerSpan& sp : spans[s]) {
      for (int32_t i = sp.begin; i < sp.end; ++i) {
        tags[i - ranges[s].first] = NerLabelName(
            1 + 2 * static_cast<int>(TypeIndex(sp.type)) + (i > sp.begin));
      }
    }
    for (int32_t i = ranges[s].first; i < ranges[s].second; ++i) {
      std::cout << tokens[i].text << ' ' << tags[i - ranges[s].first] << '\n';
    }
    std::cout << '\n';
  }
  return 0;
}

int Split(const Args& args) {
  double fraction = 0.1;
  if (args.positional.size() != 1 || !args.Has("head") || !args.Has("tail") ||
      (args.Has("fraction") &&
       !absl::SimpleAtod(args.Get("fraction"), &fraction))) {
    std::cerr << kUsage;
    return 2;
  }
  auto sentences = ReadConll(args.positional[0]);
  if (!sentences.ok()) {
    std::cerr << sentences.status().message() << "\n";
    return 1;
  }
  const size_t n = sentences->size();
  const size_t tail = static_cast<size_t>(n * fraction + 0.5);
  std::ofstream head_out(args.Get("head"), std::ios::binary);
  std::ofstream tail_out(args.Get("tail"), std::ios::binary);
  if (!head_out || !tail_out) {
    std::cerr << "cannot write the split files\n";
    return 1;
  }
  for (size_t i = 0; i < n; ++i) {
    std::ofstream& o = i < n - tail ? head_out : tail_out;
    const ConllSentence& s = (*sentences)[i];
    for (size_t k = 0; k < s.tokens.size(); ++k) {
      o << s.tokens[k] << ' ' << s.tags[k] << '\n';
    }
    o << '\n';
  }
  std::cerr << "split " << n << " sentences: " << n - tail << " head, " << tail
            << " tail\n";
  return 0;
}

}  // namespace
}  // namespace khabar

int main(int argc, char** argv) {
  khabar::Args args;
  if (!khabar::ParseArgs(argc, argv, &args) || args.Has("help")) {
    std::cerr << khabar::kUsage;
    return 2;
  }
  if (args.command == "train") return khabar::Train(args);
  if (args.command == "eval") return khabar::Eval(args);
  if (args.command == "tag") return khabar::Tag(args);
  if (args.command == "tag-text") return khabar::TagText(args);
  if (args.command == "split") return khabar::Split(args);
  std::cerr << khabar::kUsage;
  return 2;
}
