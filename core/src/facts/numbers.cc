// Number recognition over tokens. Word lists are matching forms (ة -> ه,
// أ إ آ -> ا, ى -> ي) of Modern Standard Arabic number words as any grammar
// lists them (e.g. Wright, "A Grammar of the Arabic Language", §§ 320-340),
// plus the spellings news outlets use (مائة beside مئة).
#include "facts/numbers.h"

#include <cmath>
#include <cstdlib>
#include <string>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/match.h"
#include "base/match.h"
#include "text/token_util.h"

namespace khabar {
namespace {

enum class WordKind {
  kUnit,      // 1-10.
  kTeenOnly,  // احد، اثنا: only before عشر.
  kTen,       // 20-90.
  kHundred,   // 100-900.
  kScale,  // ألف، مليون (also the accusative ألفا، مليونا).
  kScaleDual,  // ألفان، مليونين، ألفي: two of the scale.
  kScalePlural,  // آلاف، ملايين: a scale after 3-10, a vague count alone.
  kVague,        // عشرات، مئات.
  kFraction,  // نصف، ربع، ثلث.
};

struct WordInfo {
  WordKind kind;
  double value;
};

using WordTable = absl::flat_hash_map<std::string, WordInfo>;

const WordTable& Words() {
  static const WordTable* table = [] {
    auto* t = new WordTable;
    const std::pair<const char*, double> units[] = {
        {"واحد", 1},   {"واحده", 1}, {"اثنان", 2}, {"اثنين", 2},  {"اثنتان", 2},
        {"اثنتين", 2}, {"ثلاث", 3},  {"ثلاثه", 3}, {"اربع", 4},   {"اربعه", 4},
        {"خمس", 5},    {"خمسه", 5},  {"ست", 6},    {"سته", 6},    {"سبع", 7},
        {"سبعه", 7},   {"ثمان", 8},  {"ثماني", 8}, {"ثمانيه", 8}, {"تسع", 9},
        {"تسعه", 9},   {"عشر", 10},  {"عشره", 10},
    };
    for (const auto& [w, v] : units) (*t)[w] = {WordKind::kUnit, v};
    const std::pair<const char*, double> teen_only[] = {
        {"احد", 1},  {"احدي", 1},  {"اثنا", 2},
        {"اثني", 2}, {"اثنتا", 2}, {"اثنتي", 2},
    };
    for (const auto& [w, v] : teen_only) (*t)[w] = {WordKind::kTeenOnly, v};
    const std::pair<const char*, double> tens[] = {
        {"عشرون", 20},  {"عشرين", 20},  {"ثلاثون", 30}, {"ثلاثين", 30},
        {"اربعون", 40}, {"اربعين", 40}, {"خمسون", 50},  {"خمسين", 50},
        {"ستون", 60},   {"ستين", 60},   {"سبعون", 70},  {"سبعين", 70},
        {"ثمانون", 80}, {"ثمانين", 80}, {"تسعون", 90},  {"تسعين", 90},
    };
    for (const auto& [w, v] : tens) (*t)[w] = {WordKind::kTen, v};
    for (const char* h : {"مئه", "مائه", "ميه"}) {
      (*t)[h] = {WordKind::kHundred, 100};
    }
    for (const char* h : {"مئتان", "مئتين", "مائتان", "مائتين", "مئتا", "مئتي",
                          "مائتا", "مائتي"}) {
      (*t)[h] = {WordKind::kHundred, 200};
    }
    const std::pair<const char*, double> hundred_units[] = {
        {"ثلاث", 3}, {"اربع", 4}, {"خمس", 5},   {"ست", 6},
        {"سبع", 7},  {"ثمان", 8}, {"ثماني", 8}, {"تسع", 9},
    };
    for (const auto& [u, v] : hundred_units) {
      for (const char* h : {"مئه", "مائه"}) {
        (*t)[std::string(u) + h] = {WordKind::kHundred, v * 100};
      }
    }
    const std::pair<const char*, double> scales[] = {
        {"الف", 1e3},   {"مليون", 1e6},   {"مليار", 1e9},
        {"بليون", 1e9}, {"ترليون", 1e12}, {"تريليون", 1e12},
        {"الفا", 1e3},  {"مليونا", 1e6},  {"مليارا", 1e9},
    };
    for (const auto& [w, v] : scales) (*t)[w] = {WordKind::kScale, v};
    const std::pair<const char*, double> duals[] = {
        {"الفان", 1e3},   {"الفين", 1e3},   {"الفي", 1e3},
        {"مليونان", 1e6}, {"مليونين", 1e6}, {"مليوني", 1e6},
        {"ملياران", 1e9}, {"مليارين", 1e9}, {"ملياري", 1e9},
    };
    for (const auto& [w, v] : duals) (*t)[w] = {WordKind::kScaleDual, v};
    const std::pair<const char*, double> plurals[] = {
        {"الاف", 1e3},    {"الوف", 1e3},   {"ملايين", 1e6},
        {"مليارات", 1e9}, {"بلايين", 1e9}, {"ترليونات", 1e12},
    };
    for (const auto& [w, v] : plurals) (*t)[w] = {WordKind::kScalePlural, v};
    (*t)["عشرات"] = {WordKind::kVague, 10};
    (*t)["مئات"] = {WordKind::kVague, 100};
    (*t)["نصف"] = {WordKind::kFraction, 0.5};
    (*t)["ربع"] = {WordKind::kFraction, 0.25};
    (*t)["ثلث"] = {WordKind::kFraction, 1.0 / 3};
    return t;
  }();
  return *table;
}

// Ordinal words, masculine and feminine, and the adverbs أولا، ثانيا...
const absl::flat_hash_map<std::string, int>& Ordinals() {
  static const auto* table = [] {
    auto* t = new absl::flat_hash_map<std::string, int>;
    const std::pair<const char*, int> stems[] = {
        {"ثاني", 2}, {"ثالث", 3}, {"رابع", 4}, {"خامس", 5},  {"سادس", 6},
        {"سابع", 7}, {"ثامن", 8}, {"تاسع", 9}, {"عاشر", 10}, {"حادي", 1},
    };
    for (const auto& [s, v] : stems) {
      const std::string stem = s;
      (*t)[stem] = v;
      (*t)[stem + "ه"] = v;
      if (stem != "ثاني" && stem != "حادي") (*t)[stem + "ا"] = v;
    }
    (*t)["ثانيا"] = 2;
    for (const char* w : {"اول", "اولي", "اولا"}) (*t)[w] = 1;
    return t;
  }();
  return *table;
}

// Nouns whose dual is common in counts. `ين_ok`: the -ين form is not also
// a sound plural (مدنيين is plural far more often than dual).
struct DualNoun {
  const char* singular;
  bool yn_ok;
};
constexpr DualNoun kDualNouns[] = {
    {"جندي", true},    {"شخص", true},    {"طفل", true},   {"رجل", true},
    {"امراه", true},   {"قتيل", true},   {"جريح", true},  {"صاروخ", true},
    {"طائره", true},   {"سياره", true},  {"منزل", true},  {"يوم", true},
    {"شهر", true},     {"عام", true},    {"سنه", true},   {"ساعه", true},
    {"اسبوع", true},   {"دقيقه", true},  {"مره", true},   {"قذيفه", true},
    {"مدني", false},   {"عسكري", false}, {"شرطي", false}, {"مسلح", false},
    {"متعاقد", false}, {"مواطن", false}, {"صحفي", false}, {"مسعف", false},
};

const absl::flat_hash_map<std::string, std::string>& DualForms() {
  static const auto* table = [] {
    auto* t = new absl::flat_hash_map<std::string, std::string>;
    for (const DualNoun& noun : kDualNouns) {
      std::string stem = noun.singular;
      // Teh marbuta (matching form ه) becomes ت before the dual ending.
      if (absl::EndsWith(stem, "ه")) {
        stem.replace(stem.size() - 2, 2, "ت");
      }
      (*t)[stem + "ان"] = noun.singular;
      if (noun.yn_ok) (*t)[stem + "ين"] = noun.singular;
    }
    return t;
  }();
  return *table;
}

// Broken and sound plurals of the nouns news counts most, to their singular.
const absl::flat_hash_map<std::string, std::string>& Singulars() {
  static const auto* table = new absl::flat_hash_map<std::string, std::string>{
      {"جنود", "جندي"},       {"اشخاص", "شخص"},     {"اطفال", "طفل"},
      {"رجال", "رجل"},        {"نساء", "امراه"},    {"مدنيين", "مدني"},
      {"مدنيون", "مدني"},     {"عسكريين", "عسكري"}, {"عسكريون", "عسكري"},
      {"اخرين", "اخر"},       {"اخرون", "اخر"},     {"اخريات", "اخري"},
      {"قتلي", "قتيل"},       {"جرحي", "جريح"},     {"صواريخ", "صاروخ"},
      {"قذائف", "قذيفه"},     {"مسلحين", "مسلح"},   {"مسلحون", "مسلح"},
      {"متعاقدين", "متعاقد"}, {"مواطنين", "مواطن"}, {"مواطنون", "مواطن"},
      {"ايام", "يوم"},        {"اشهر", "شهر"},      {"شهور", "شهر"},
      {"اعوام", "عام"},       {"سنوات", "سنه"},     {"ساعات", "ساعه"},
      {"اسابيع", "اسبوع"},    {"دقائق", "دقيقه"},   {"عناصر", "عنصر"},
      {"شرطيين", "شرطي"},     {"صحفيين", "صحفي"},   {"منازل", "منزل"},
  };
  return *table;
}

bool IsUtf8Digit(char c) { return c >= '0' && c <= '9'; }

// The number word a token spells, and whether و is glued to it. The clitic
// splitter knows few number words, so وخمسون and ألفا (split as ال + فا)
// are looked up whole too.
const WordInfo* WordOf(const Token& token, bool* waw);

bool HasWaw(const Token& token) {
  if (!token.prefixes.empty() && token.prefixes.front() == "و") return true;
  bool waw = false;
  return WordOf(token, &waw) != nullptr && waw;
}

bool HasArticle(const Token& token) {
  for (const std::string& p : token.prefixes) {
    if (p == "ال") {
      // ألفا split as ال + فا is no article.
      return Words().find(token.base) != Words().end() ||
             Words().find(token.normalized) == Words().end();
    }
  }
  return false;
}

const WordInfo* WordOf(const Token& token, bool* waw) {
  *waw = false;
  if (token.kind != TokenKind::kWord) return nullptr;
  auto it = Words().find(token.base);
  if (it != Words().end()) return &it->second;
  if (token.prefixes.size() == 1 && token.prefixes[0] == "ال") {
    it = Words().find(token.normalized);
    if (it != Words().end()) return &it->second;
  }
  if (token.prefixes.empty() && token.base.size() > 2 &&
      absl::StartsWith(token.base, "و")) {
    it = Words().find(token.base.substr(2));
    if (it != Words().end()) {
      *waw = true;
      return &it->second;
    }
  }
  return nullptr;
}

const WordInfo* LookUp(const Token& token) {
  bool waw;
  return WordOf(token, &waw);
}

// The scale a token multiplies by when it follows a number (ألف، آلاف،
// مليون، مليونا...), 0 when none.
double FollowingScale(const Token& token) {
  const WordInfo* info = LookUp(token);
  if (info == nullptr || HasWaw(token) || HasArticle(token)) return 0;
  if (info->kind == WordKind::kScale || info->kind == WordKind::kScalePlural) {
    return info->value;
  }
  // ألفا/مليونا are in kScale; ألفي (construct dual) is not a multiplier.
  return 0;
}

// The running value of a number spelled in words (ParseWords).
struct WordSum {
  double total = 0;    // Complete scale groups: ثلاثة آلاف.
  double current = 0;  // The group under way, below the next scale word.
  double last_scale = 1;
  bool last_was_unit = false;
  bool any = false;  // Some word is taken.
};

// One word of a number: its entry, whether it comes first, and its و and
// article.
struct NumberWord {
  const WordInfo& info;
  bool first;
  bool waw;
  bool article;
};

// What ParseWords does after a word.
enum class WordStep {
  kTaken,     // The word adds to the number; on to the next.
  kEnd,       // The number ends before the word.
  kVagueEnd,  // A vague count (عشرات، آلاف) ends before tokens[k].
  kNoNumber,  // No number starts at the first word after all.
};

// 1-10: a first word, a teen's عشر, or a unit after و.
WordStep AddUnit(const NumberWord& w, WordSum* sum) {
  if (w.first) {
    // الاثنين is Monday; other units take the article (الثلاثة).
    if (w.article && w.info.value == 2) return WordStep::kNoNumber;
  } else {
    if (sum->last_was_unit && !w.waw && w.info.value == 10) {
      // Teens: خمسة عشر.
      sum->current += 10;
      sum->last_was_unit = false;
      return WordStep::kTaken;
    }
    if (!w.waw) return WordStep::kEnd;
  }
  sum->current += w.info.value;
  sum->last_was_unit = w.info.value < 10;
  return WordStep::kTaken;
}

// احد، اثنا: a teen with the عشر at tokens[*k + 1], which it takes too.
WordStep AddTeen(const std::vector<Token>& tokens, int32_t end,
                 const NumberWord& w, int32_t* k, WordSum* sum) {
  if (!w.first && !w.waw) return WordStep::kEnd;
  if (*k + 1 >= end) return WordStep::kEnd;
  const WordInfo* next = LookUp(tokens[*k + 1]);
  if (next == nullptr || next->kind != WordKind::kUnit || next->value != 10 ||
      !tokens[*k + 1].prefixes.empty()) {
    return WordStep::kEnd;
  }
  sum->current += w.info.value + 10;
  ++*k;
  sum->last_was_unit = false;
  return WordStep::kTaken;
}

// 20-90: first or after و.
WordStep AddTen(const NumberWord& w, WordSum* sum) {
  if (!w.first && !w.waw) return WordStep::kEnd;
  sum->current += w.info.value;
  sum->last_was_unit = false;
  return WordStep::kTaken;
}

// 100-900: first, after و, or مئة after a unit (ثلاث مئة, split).
WordStep AddHundred(const NumberWord& w, WordSum* sum) {
  if (w.article) return WordStep::kEnd;  // في المئة is a percent sign.
  if (!w.first && !w.waw) {
    // ثلاث مئة, split.
    if (sum->last_was_unit && sum->current >= 1 && sum->current <= 9 &&
        w.info.value == 100) {
      sum->current *= 100;
      sum->last_was_unit = false;
      return WordStep::kTaken;
    }
    return WordStep::kEnd;
  }
  sum->current += w.info.value;
  sum->last_was_unit = false;
  return WordStep::kTaken;
}

// ألف، مليون: multiplies the group under way (one when none).
WordStep AddScale(const NumberWord& w, WordSum* sum) {
  if (w.article) return WordStep::kEnd;
  if (!w.first && w.waw) {
    // والف: a new thousand added (ألف وألف is rare; stop).
    return WordStep::kEnd;
  }
  sum->total += (sum->current == 0 ? 1 : sum->current) * w.info.value;
  sum->current = 0;
  sum->last_scale = w.info.value;
  sum->last_was_unit = false;
  return WordStep::kTaken;
}

// ألفان، مليونين: two of the scale, first or after و.
WordStep AddScaleDual(const NumberWord& w, WordSum* sum) {
  if (!w.first && !w.waw) return WordStep::kEnd;
  if (sum->current != 0) return WordStep::kEnd;
  sum->total += 2 * w.info.value;
  sum->last_scale = w.info.value;
  sum->last_was_unit = false;
  return WordStep::kTaken;
}

// آلاف، ملايين: a vague count when first, else the scale of the group
// under way (ثلاثة آلاف).
WordStep AddScalePlural(const NumberWord& w, int32_t* k, NumberMatch* m,
                        WordSum* sum) {
  if (w.first) {
    m->vague = true;
    sum->total = w.info.value;
    sum->last_scale = w.info.value;
    ++*k;
    return WordStep::kVagueEnd;
  }
  if (w.waw || sum->current == 0) return WordStep::kEnd;
  sum->total += sum->current * w.info.value;
  sum->current = 0;
  sum->last_scale = w.info.value;
  sum->last_was_unit = false;
  return WordStep::kTaken;
}

// عشرات، مئات: a vague count when first, with a plural scale after it.
WordStep AddVague(const std::vector<Token>& tokens, int32_t end,
                  const NumberWord& w, int32_t* k, NumberMatch* m,
                  WordSum* sum) {
  if (!w.first) return WordStep::kEnd;
  m->vague = true;
  sum->total = w.info.value;
  ++*k;
  // عشرات الآلاف، مئات الملايين.
  if (*k < end) {
    const WordInfo* next = LookUp(tokens[*k]);
    if (next != nullptr && next->kind == WordKind::kScalePlural &&
        !HasWaw(tokens[*k])) {
      sum->total *= next->value;
      ++*k;
    }
  }
  return WordStep::kVagueEnd;
}

// نصف، ربع: of the scale after it when first (which it takes too), else
// added after و.
WordStep AddFraction(const std::vector<Token>& tokens, int32_t end,
                     const NumberWord& w, int32_t* k, WordSum* sum) {
  if (w.first) {
    // نصف مليون.
    if (*k + 1 < end && FollowingScale(tokens[*k + 1]) > 0) {
      sum->total += w.info.value * FollowingScale(tokens[*k + 1]);
      sum->last_scale = FollowingScale(tokens[*k + 1]);
      ++*k;
      return WordStep::kTaken;
    }
    return WordStep::kNoNumber;
  }
  if (!w.waw) return WordStep::kEnd;
  // مليون ونصف، ثلاثة ونصف.
  if (sum->current != 0) {
    sum->current += w.info.value;
  } else {
    sum->total += w.info.value * sum->last_scale;
  }
  sum->last_was_unit = false;
  return WordStep::kTaken;
}

// Adds the number word at tokens[*k] by its kind; may take the words after
// it too (advancing *k).
WordStep AddWord(const std::vector<Token>& tokens, int32_t end,
                 const NumberWord& w, int32_t* k, NumberMatch* m,
                 WordSum* sum) {
  switch (w.info.kind) {
    case WordKind::kUnit:
      return AddUnit(w, sum);
    case WordKind::kTeenOnly:
      return AddTeen(tokens, end, w, k, sum);
    case WordKind::kTen:
      return AddTen(w, sum);
    case WordKind::kHundred:
      return AddHundred(w, sum);
    case WordKind::kScale:
      return AddScale(w, sum);
    case WordKind::kScaleDual:
      return AddScaleDual(w, sum);
    case WordKind::kScalePlural:
      return AddScalePlural(w, k, m, sum);
    case WordKind::kVague:
      return AddVague(tokens, end, w, k, m, sum);
    case WordKind::kFraction:
      return AddFraction(tokens, end, w, k, sum);
  }
  return WordStep::kEnd;
}

// Parses number words starting at tokens[i]; returns the end, or i when
// there is none.
int32_t ParseWords(const std::vector<Token>& tokens, int32_t i, int32_t end,
                   NumberMatch* m) {
  WordSum sum;
  int32_t k = i;
  for (; k < end; ++k) {
    const Token& t = tokens[k];
    const WordInfo* info = LookUp(t);
    const bool first = k == i;
    const bool waw = HasWaw(t);
    const bool article = HasArticle(t);
    if (info == nullptr) break;
    if (!first && article) break;
    const WordStep step = AddWord(
        tokens, end, NumberWord{*info, first, waw, article}, &k, m, &sum);
    if (step == WordStep::kNoNumber) return i;
    if (step == WordStep::kEnd) break;
    if (step == WordStep::kVagueEnd) {
      m->value = sum.total;
      m->value_max = sum.total * 10;
      m->approximate = true;
      return k;
    }
    sum.any = true;
  }
  if (!sum.any) return i;
  m->value = sum.total + sum.current;
  return k;
}

// Parses one number (digits or words, or a dual noun, or an ordinal) at
// tokens[i]; returns its end, or i.
int32_t ParseNumber(const std::vector<Token>& tokens, int32_t i, int32_t end,
                    NumberMatch* m) {
  const Token& t = tokens[i];
  double value = 0;
  if (DigitValue(t, &value)) {
    int32_t k = i + 1;
    m->value = value;
    m->digits_only = true;
    if (k < end) {
      if (double scale = FollowingScale(tokens[k]); scale > 0) {
        m->value *= scale;
        m->digits_only = false;
        ++k;
      }
    }
    return k;
  }
  if (t.kind != TokenKind::kWord) return i;
  if (int32_t k = ParseWords(tokens, i, end, m); k > i) return k;
  if (auto it = DualForms().find(t.base); it != DualForms().end()) {
    m->value = 2;
    m->dual_object = it->second;
    int32_t k = i + 1;
    // جنديان اثنان: the number confirms the dual.
    if (k < end) {
      const WordInfo* next = LookUp(tokens[k]);
      if (next != nullptr && next->kind == WordKind::kUnit &&
          next->value == 2 && tokens[k].prefixes.empty()) {
        ++k;
      }
    }
    return k;
  }
  if (int v = OrdinalWordValue(t.base); v > 0) {
    m->ordinal = true;
    m->value = v;
    int32_t k = i + 1;
    if (k < end) {
      const Token& next = tokens[k];
      const WordInfo* info = LookUp(next);
      // الحادي عشر، الثالثة عشرة; الخامس والعشرون.
      if (info != nullptr && info->kind == WordKind::kUnit &&
          info->value == 10 && next.prefixes.empty() && v < 10) {
        m->value += 10;
        ++k;
      } else if (info != nullptr && info->kind == WordKind::kTen &&
                 HasWaw(next) && v < 10) {
        m->value += info->value;
        ++k;
      }
    }
    // حادي alone is no ordinal.
    if (t.base == "حادي" && k == i + 1) return i;
    return k;
  }
  return i;
}

// The tokens before a number that make it approximate; returns the new
// begin.
int32_t ApproximationCue(const std::vector<Token>& tokens, int32_t begin,
                         int32_t number_begin) {
  if (number_begin - 1 < begin) return number_begin;
  static const auto* single = new absl::flat_hash_set<std::string>{
      "نحو",   "حوالي", "قرابه", "زهاء",   "يقارب",
      "يناهز", "ناهز",  "قارب",  "تقريبا", "حدود"};
  static const auto* comparative = new absl::flat_hash_set<std::string>{
      "اكثر", "اقل", "ازيد", "يزيد", "يقل", "ينقص", "يربو", "يقرب"};
  const Token& prev = tokens[number_begin - 1];
  int32_t cue = number_begin;
  if (single->contains(prev.base)) {
    cue = number_begin - 1;
  } else if ((IsBase(prev, "من") || IsBase(prev, "عن") ||
              IsBase(prev, "علي")) &&
             number_begin - 2 >= begin &&
             comparative->contains(tokens[number_begin - 2].base)) {
    cue = number_begin - 2;
  } else {
    return number_begin;
  }
  // ما يقارب، ما يزيد عن، ما لا يقل عن.
  if (cue - 1 >= begin && IsBase(tokens[cue - 1], "لا")) --cue;
  if (cue - 1 >= begin && IsBase(tokens[cue - 1], "ما")) --cue;
  return cue;
}

}  // namespace

std::string_view Bare(const Token& token) { return token.base; }

int32_t NumberStart(const Token& token) {
  double unused;
  if (token.kind == TokenKind::kWord && DigitValue(token, &unused) &&
      token.span.end - token.span.begin > 2) {
    return token.span.begin + 2;  // The glued letter (و، ب، ل) is 2 bytes.
  }
  return token.word_span.begin >= token.span.begin &&
                 token.word_span.begin < token.span.end
             ? token.word_span.begin
             : token.span.begin;
}

bool DigitValue(const Token& token, double* value) {
  std::string_view s = token.base;
  if (token.kind != TokenKind::kNumber) {
    // The tokenizer leaves و، ب، ل glued to digits (و20): one letter, then
    // digits only.
    if (token.kind != TokenKind::kWord || s.size() < 3) return false;
    if (!(StartsWith(s, "و") || StartsWith(s, "ب") || StartsWith(s, "ل"))) {
      return false;
    }
    s.remove_prefix(2);
    if (!IsUtf8Digit(s.front())) return false;
  }
  std::string plain;
  plain.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) {
    const char c = s[i];
    if (IsUtf8Digit(c)) {
      plain.push_back(c);
    } else if (c == ',') {
      // A comma before exactly three digits groups thousands; otherwise it
      // is a decimal comma.
      size_t j = i + 1;
      while (j < s.size() && IsUtf8Digit(s[j])) ++j;
      if (j - i - 1 == 3) {
        // Thousands separator: drop it.
      } else {
        plain.push_back('.');
      }
    } else if (c == '.') {
      plain.push_back('.');
    } else {
      return false;
    }
    ++i;
  }
  if (plain.empty() || plain.front() == '.') return false;
  *value = std::strtod(plain.c_str(), nullptr);
  return true;
}

int OrdinalWordValue(std::string_view word) {
  if (word.size() > 4 && StartsWith(word, "ال")) word.remove_prefix(4);
  auto it = Ordinals().find(std::string(word));
  return it == Ordinals().end() ? 0 : it->second;
}

std::string CountedNounForm(std::string_view word, double count) {
  auto it = Singulars().find(std::string(word));
  if (it != Singulars().end()) return it->second;
  std::string out(word);
  // 11-99 count a singular accusative (عشرين شخصاً): drop the tanween alef.
  const double rem = std::fmod(count, 100);
  if (count >= 11 && (rem >= 11 || rem == 0) && out.size() > 6 &&
      absl::EndsWith(out, "ا")) {
    out.resize(out.size() - 2);
  }
  return out;
}

bool MayStartNumber(const Token& token) {
  double unused;
  if (DigitValue(token, &unused)) return true;
  if (token.kind != TokenKind::kWord) return false;
  return LookUp(token) != nullptr || DualForms().contains(token.base) ||
         Ordinals().contains(token.base);
}

bool NumberAt(const std::vector<Token>& tokens, int32_t i, int32_t end,
              NumberMatch* out) {
  if (i >= end) return false;
  NumberMatch m;
  int32_t start = i;
  const std::string& b = tokens[i].base;
  if (b == "نحو" || b == "حوالي" || b == "قرابه" || b == "زهاء") {
    m.approximate = true;
    ++start;
    if (start >= end) return false;
  }
  const int32_t k = ParseNumber(tokens, start, end, &m);
  if (k == start) return false;
  m.begin = i;
  m.number_begin = start;
  m.end = k;
  *out = std::move(m);
  return true;
}

std::vector<NumberMatch> FindNumbers(const std::vector<Token>& tokens,
                                     int32_t begin, int32_t end) {
  std::vector<NumberMatch> out;
  int32_t i = begin;
  while (i < end) {
    NumberMatch m;
    const int32_t k = ParseNumber(tokens, i, end, &m);
    if (k == i) {
      ++i;
      continue;
    }
    m.number_begin = i;
    m.end = k;
    m.begin = ApproximationCue(tokens, begin, i);
    if (m.begin < i) m.approximate = true;
    // Never reach back into the previous match.
    if (!out.empty() && m.begin < out.back().end) m.begin = i;
    if (!m.ordinal && m.end < end && IsBase(tokens[m.end], "تقريبا")) {
      m.approximate = true;
    }
    // Ranges: 4000 أو 5000، من 500 إلى 1000، بين 10 و20، 1936-1939.
    if (!m.ordinal && !m.vague && m.dual_object.empty()) {
      int32_t j = m.end;
      bool range = false;
      const bool between = i - 1 >= begin && IsBase(tokens[i - 1], "بين");
      const bool from = i - 1 >= begin && IsBase(tokens[i - 1], "من");
      if (j + 1 < end &&
          (IsBase(tokens[j], "او") || IsBase(tokens[j], "-") ||
           IsBase(tokens[j], "–") ||
           ((IsBase(tokens[j], "الي") || IsBase(tokens[j], "حتي")) && from))) {
        ++j;
        range = true;
      } else if (j < end && between && HasWaw(tokens[j])) {
        range = true;
      } else if (j < end && between && tokens[j].kind == TokenKind::kWord &&
                 tokens[j].base.size() > 2 &&
                 absl::StartsWith(tokens[j].base, "و")) {
        range = true;  // و20 glued.
      }
      if (range) {
        NumberMatch second;
        int32_t s = j;
        // نحو after the conjunction: 4000 أو نحو 5000.
        if (s < end &&
            (IsBase(tokens[s], "نحو") || IsBase(tokens[s], "حوالي"))) {
          ++s;
        }
        const int32_t e = s < end ? ParseNumber(tokens, s, end, &second) : s;
        if (e > s && !second.ordinal && !second.vague &&
            second.dual_object.empty() && second.value > m.value) {
          m.value_max = second.value;
          m.end = e;
          m.digits_only = false;
        }
      }
    }
    i = m.end;
    out.push_back(std::move(m));
  }
  return out;
}

}  // namespace khabar
