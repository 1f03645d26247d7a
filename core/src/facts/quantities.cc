// Quantities from the shared number parser (numbers.h), with units after
// the number. Currency names: ICU's Arabic display names (CLDR), long and
// plural forms, of every current ISO 4217 currency; press forms and bare
// names in kPressCurrencies. Measures: SI and customary units as the Arab
// press writes them (kMeasures).
#include "facts/quantities.h"

#include <algorithm>
#include <string>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_join.h"
#include "facts/numbers.h"
#include "text/normalizer.h"
#include "text/token_util.h"
#include "unicode/ucurr.h"
#include "unicode/uenum.h"
#include "unicode/unistr.h"
#include "unicode/ustring.h"

namespace khabar {
namespace {

// Press forms ICU lacks, and bare names several currencies share: those
// map to themselves (دينار alone may be Iraqi, Jordanian, Kuwaiti...; the
// unit stays the word rather than a guess). دولار and its plural are the
// US dollar unless an adjective says otherwise (دولار كندي is in ICU).
constexpr std::pair<const char*, const char*> kPressCurrencies[] = {
    {"دولار", "USD"},         {"دولارات", "USD"},
    {"دولارا", "USD"},        {"يورو", "EUR"},
    {"جنيه استرليني", "GBP"}, {"جنيهات استرلينيه", "GBP"},
    {"استرليني", "GBP"},      {"شيكل", "ILS"},
    {"شيقل", "ILS"},          {"شواكل", "ILS"},
    {"شيكلات", "ILS"},        {"ين", "JPY"},
    {"يوان", "CNY"},          {"روبل", "RUB"},
    {"دينار", "دينار"},       {"دنانير", "دينار"},
    {"دينارا", "دينار"},      {"ريال", "ريال"},
    {"ريالات", "ريال"},       {"ريالا", "ريال"},
    {"جنيه", "جنيه"},         {"جنيهات", "جنيه"},
    {"جنيها", "جنيه"},        {"درهم", "درهم"},
    {"دراهم", "درهم"},        {"درهما", "درهم"},
    {"ليره", "ليره"},         {"ليرات", "ليره"},
    {"فرنك", "فرنك"},         {"روبيه", "روبيه"},
    {"تومان", "تومان"},       {"دينار اردني", "JOD"},
    {"دينار كويتي", "KWD"},   {"دينار عراقي", "IQD"},
    {"دينار بحريني", "BHD"},  {"دينار تونسي", "TND"},
    {"دينار جزائري", "DZD"},  {"دينار ليبي", "LYD"},
    {"ريال سعودي", "SAR"},    {"ريال قطري", "QAR"},
    {"ريال عماني", "OMR"},    {"ريال يمني", "YER"},
    {"ريال ايراني", "IRR"},   {"جنيه مصري", "EGP"},
    {"جنيه سوداني", "SDG"},   {"درهم اماراتي", "AED"},
    {"درهم مغربي", "MAD"},    {"ليره لبنانيه", "LBP"},
    {"ليره سوريه", "SYP"},    {"ليره تركيه", "TRY"},
};

struct CurrencyTable {
  absl::flat_hash_map<std::string, std::string> names;
  int max_words = 1;
};

void AddName(CurrencyTable* table, const std::string& name,
             const std::string& code, bool override_existing) {
  if (name.empty()) return;
  const int words =
      static_cast<int>(std::count(name.begin(), name.end(), ' ')) + 1;
  table->max_words = std::max(table->max_words, words);
  if (override_existing) {
    table->names[name] = code;
  } else {
    table->names.emplace(name, code);
  }
}

// Adds a name and its spelling with أميركي for أمريكي.
void AddWithVariants(CurrencyTable* table, std::string name,
                     const std::string& code) {
  AddName(table, name, code, false);
  const size_t at = name.find("امريكي");
  if (at != std::string::npos) {
    name.replace(at, std::string("امريكي").size(), "اميركي");
    AddName(table, name, code, false);
  }
}

std::string FromUChars(const UChar* chars, int32_t length) {
  std::string out;
  icu::UnicodeString(chars, length).toUTF8String(out);
  return out;
}

const CurrencyTable& Currencies() {
  static const CurrencyTable* table = [] {
    auto* t = new CurrencyTable;
    for (const auto& [name, code] : kPressCurrencies) {
      AddName(t, name, code, true);
    }
    UErrorCode status = U_ZERO_ERROR;
    UEnumeration* codes =
        ucurr_openISOCurrencies(UCURR_COMMON | UCURR_NON_DEPRECATED, &status);
    if (U_FAILURE(status)) return t;
    const char* code;
    while ((code = uenum_next(codes, nullptr, &status)) != nullptr &&
           U_SUCCESS(status)) {
      UChar ucode[4];
      u_charsToUChars(code, ucode, 3);
      ucode[3] = 0;
      auto add = [&](const UChar* name, int32_t length, UErrorCode s) {
        if (U_FAILURE(s) || name == nullptr) return;
        const std::string utf8 = FromUChars(name, length);
        // ICU answers with the code itself when it has no Arabic name.
        if (utf8 == code) return;
        AddWithVariants(t, MatchingForm(utf8), code);
      };
      UBool is_choice = false;
      int32_t length = 0;
      UErrorCode s = U_ZERO_ERROR;
      const UChar* name =
          ucurr_getName(ucode, "ar", UCURR_LONG_NAME, &is_choice, &length, &s);
      add(name, length, s);
      for (const char* plural :
           {"zero", "one", "two", "few", "many", "other"}) {
        s = U_ZERO_ERROR;
        name =
            ucurr_getPluralName(ucode, "ar", &is_choice, plural, &length, &s);
        add(name, length, s);
      }
    }
    uenum_close(codes);
    return t;
  }();
  return *table;
}

// Measures: written forms (matching) to the unit reported.
constexpr std::pair<const char*, const char*> kMeasures[] = {
    {"كيلومتر", "كيلومتر"},   {"كيلومترات", "كيلومتر"},
    {"كيلومترا", "كيلومتر"},  {"كم", "كيلومتر"},
    {"كلم", "كيلومتر"},       {"متر", "متر"},
    {"امتار", "متر"},         {"مترا", "متر"},
    {"سنتيمتر", "سنتيمتر"},   {"سنتيمترات", "سنتيمتر"},
    {"سم", "سنتيمتر"},        {"مليمتر", "مليمتر"},
    {"ملم", "مليمتر"},        {"ميل", "ميل"},
    {"اميال", "ميل"},         {"قدم", "قدم"},
    {"اقدام", "قدم"},         {"طن", "طن"},
    {"اطنان", "طن"},          {"طنا", "طن"},
    {"كيلوغرام", "كيلوغرام"}, {"كيلوغرامات", "كيلوغرام"},
    {"كيلوجرام", "كيلوغرام"}, {"كيلوجرامات", "كيلوغرام"},
    {"كغ", "كيلوغرام"},       {"كجم", "كيلوغرام"},
    {"كيلو", "كيلوغرام"},     {"غرام", "غرام"},
    {"غرامات", "غرام"},       {"جرام", "غرام"},
    {"جرامات", "غرام"},       {"لتر", "لتر"},
    {"لترات", "لتر"},         {"ليتر", "لتر"},
    {"برميل", "برميل"},       {"براميل", "برميل"},
    {"ميغاواط", "ميغاواط"},   {"ميجاوات", "ميغاواط"},
    {"ميغاوات", "ميغاواط"},   {"ميجاواط", "ميغاواط"},
    {"كيلوواط", "كيلوواط"},   {"غيغاواط", "غيغاواط"},
    {"جيجاوات", "غيغاواط"},   {"هكتار", "هكتار"},
    {"هكتارات", "هكتار"},     {"دونم", "دونم"},
    {"دونمات", "دونم"},       {"دونما", "دونم"},
    {"فدان", "فدان"},         {"افدنه", "فدان"},
    {"درجه", "درجه"},         {"درجات", "درجه"},
    {"ميغابايت", "ميغابايت"}, {"غيغابايت", "غيغابايت"},
    {"نسمه", "نسمه"},
};

const absl::flat_hash_map<std::string, std::string>& Measures() {
  static const auto* table = [] {
    auto* t = new absl::flat_hash_map<std::string, std::string>;
    for (const auto& [form, unit] : kMeasures) (*t)[form] = unit;
    return t;
  }();
  return *table;
}

// Words after a number that are not what it counts.
const absl::flat_hash_set<std::string>& NotObjects() {
  static const auto* set = new absl::flat_hash_set<std::string>{
      "من",    "في",   "الي",  "علي",    "عن",   "مع",    "او",   "ان",
      "انه",   "التي", "الذي", "الذين",  "هذا",  "هذه",   "كما",  "منذ",
      "بعد",   "قبل",  "خلال", "حتي",    "بين",  "ثم",    "لا",   "ما",
      "قد",    "كان",  "كانت", "تقريبا", "فقط",  "عند",   "لدي",  "نحو",
      "حوالي", "اي",   "او",   "ام",     "بل",   "لكن",   "اذا",  "عبر",
      "ضد",    "دون",  "وفق",  "حسب",    "ايضا", "بينهم", "منهم", "منها"};
  return *set;
}

// Words before a number written in digits that make it a rank or label
// (رقم 435، المادة 103، العدد 6) rather than a count.
const absl::flat_hash_set<std::string>& OrdinalCues() {
  static const auto* set = new absl::flat_hash_set<std::string>{
      "رقم",  "ماده", "فقره", "بند",  "عدد",  "جزء", "مرتبه", "فصل",
      "دوره", "طبعه", "قرار", "مضبط", "صفحه", "ص",   "مجلد",  "قانون"};
  return *set;
}

bool Overlaps(Span a, Span b) { return a.begin < b.end && b.begin < a.end; }

// The currency at tokens[j]: its code and end; end == j when none.
int32_t MatchCurrency(const std::vector<Token>& tokens, int32_t j, int32_t end,
                      std::string* code) {
  const CurrencyTable& table = Currencies();
  std::string key;
  int32_t best = j;
  for (int32_t n = 1; n <= table.max_words && j + n <= end; ++n) {
    const Token& t = tokens[j + n - 1];
    if (t.kind != TokenKind::kWord) break;
    if (n > 1) {
      // Only the article may be attached to a later word.
      for (const std::string& p : t.prefixes) {
        if (p != "ال") return best;
      }
      key.push_back(' ');
    } else if (!t.prefixes.empty()) {
      break;
    }
    key.append(t.base);
    auto it = table.names.find(key);
    if (it != table.names.end()) {
      best = j + n;
      *code = it->second;
    }
  }
  return best;
}

// Percent after a number: %، ٪، بالمئة، في المئة، بالمائة.
int32_t MatchPercent(const std::vector<Token>& tokens, int32_t j, int32_t end) {
  if (j >= end) return j;
  const Token& t = tokens[j];
  if (t.base == "%") return j + 1;
  const bool hundred = t.base == "مئه" || t.base == "مائه";
  if (hundred && HasPrefix(t, "ب") && HasPrefix(t, "ال")) return j + 1;
  if (t.base == "في" && j + 1 < end) {
    const Token& u = tokens[j + 1];
    if ((u.base == "مئه" || u.base == "مائه") && HasPrefix(u, "ال")) {
      return j + 2;
    }
  }
  return j;
}

// Whether a date overlaps the number's span; moves *next_date past the dates
// before it (dates are sorted by position).
bool InDate(const std::vector<TimeExpression>& dates, Span number_span,
            size_t* next_date) {
  while (*next_date < dates.size() &&
         dates[*next_date].span.end <= number_span.begin) {
    ++*next_date;
  }
  bool in_date = false;
  for (size_t d = *next_date;
       d < dates.size() && dates[d].span.begin < number_span.end; ++d) {
    if (Overlaps(dates[d].span, number_span)) in_date = true;
  }
  return in_date;
}

// Whether a slash joins the number to the token before or after it
// (sentence tokens [begin, end)).
bool IsSlashed(const std::vector<Token>& tokens, const NumberMatch& m,
               int32_t begin, int32_t end) {
  return (m.number_begin > begin && tokens[m.number_begin - 1].base == "/") ||
         (m.end < end && tokens[m.end].base == "/");
}

// Sets the kind and unit of a cardinal with a unit: percent, currency
// (a sign before it included), measure. Returns the quantity's token end.
int32_t SetUnit(const std::vector<Token>& tokens, int32_t begin, int32_t end,
                NumberMatch* m, Quantity* q) {
  int32_t last = m->end;
  std::string code;
  int32_t e;
  if ((e = MatchPercent(tokens, m->end, end)) > m->end) {
    q->kind = QuantityKind::kPercent;
    q->unit = "%";
    last = e;
  } else if ((e = MatchCurrency(tokens, m->end, end, &code)) > m->end) {
    q->kind = QuantityKind::kMoney;
    q->unit = code;
    last = e;
  } else if (m->end < end && tokens[m->end].prefixes.empty() &&
             Measures().contains(tokens[m->end].base)) {
    q->kind = QuantityKind::kMeasure;
    q->unit = Measures().at(tokens[m->end].base);
    last = m->end + 1;
    // Square and cubic: متر مربع.
    if (last < end &&
        (tokens[last].base == "مربع" || tokens[last].base == "مكعب")) {
      q->unit += " " + tokens[last].base;
      ++last;
    }
  } else if (m->begin > begin && (tokens[m->begin - 1].base == "$" ||
                                  tokens[m->begin - 1].base == "€" ||
                                  tokens[m->begin - 1].base == "£")) {
    q->kind = QuantityKind::kMoney;
    const std::string& sign = tokens[m->begin - 1].base;
    q->unit = sign == "$" ? "USD" : sign == "€" ? "EUR" : "GBP";
    m->number_begin = m->begin - 1;
  } else if (m->end < end &&
             (tokens[m->end].base == "$" || tokens[m->end].base == "€")) {
    q->kind = QuantityKind::kMoney;
    q->unit = tokens[m->end].base == "$" ? "USD" : "EUR";
    last = m->end + 1;
  }
  return last;
}

// Sets what a cardinal counts: its dual noun, else the noun after it.
void SetCountedObject(const std::vector<Token>& tokens, int32_t end,
                      const NumberMatch& m, Quantity* q) {
  if (!m.dual_object.empty()) {
    q->object = m.dual_object;
  } else if (m.end < end) {
    const Token& noun = tokens[m.end];
    double unused;
    // واحد and اثنان follow their noun (جندي واحد): nothing after
    // them is counted.
    const bool follows_noun =
        !m.digits_only && m.value <= 2 && m.number_begin + 1 == m.end;
    if (noun.kind == TokenKind::kWord && noun.prefixes.empty() &&
        !follows_noun && !DigitValue(noun, &unused) &&
        !NotObjects().contains(noun.base) && OrdinalWordValue(noun.base) == 0) {
      q->object = CountedNounForm(noun.base, m.value);
    }
  }
}

// Whether a digit number is a label: after رقم/المادة, or numbering a list
// at the start of a sentence.
bool IsNumberLabel(const std::vector<Token>& tokens, int32_t begin, int32_t end,
                   const NumberMatch& m) {
  const Token& first = tokens[m.number_begin];
  if (!m.digits_only || m.begin != m.number_begin) return false;
  const bool cue =
      m.begin > begin && OrdinalCues().contains(tokens[m.begin - 1].base);
  const bool cue_paren = m.begin - 1 > begin &&
                         tokens[m.begin - 1].base == "(" &&
                         OrdinalCues().contains(tokens[m.begin - 2].base);
  const bool list = m.begin == begin && m.end < end &&
                    (tokens[m.end].base == "-" || tokens[m.end].base == ")" ||
                     tokens[m.end].base == ".");
  return (cue || cue_paren || list) && first.kind == TokenKind::kNumber;
}

// Appends the quantities of the sentence of tokens [begin, end) to *out.
void AddSentenceQuantities(std::string_view text,
                           const std::vector<Token>& tokens,
                           const std::vector<TimeExpression>& dates,
                           int32_t begin, int32_t end, size_t* next_date,
                           std::vector<Quantity>* out) {
  std::vector<NumberMatch> numbers = FindNumbers(tokens, begin, end);
  std::vector<int32_t> ends;  // Token end of each quantity of the sentence.
  const size_t sentence_first = out->size();
  for (NumberMatch& m : numbers) {
    const Span number_span{tokens[m.number_begin].span.begin,
                           tokens[m.end - 1].span.end};
    const bool in_date = InDate(dates, number_span, next_date);
    // Numbers joined by slashes are references or dates (9/10/10).
    if (in_date || (m.digits_only && IsSlashed(tokens, m, begin, end))) {
      continue;
    }
    Quantity q;
    q.value = m.value;
    q.value_max = m.value_max;
    q.approximate = m.approximate;
    q.kind = m.ordinal ? QuantityKind::kOrdinal : QuantityKind::kCardinal;
    int32_t last = m.end;
    if (!m.ordinal) last = SetUnit(tokens, begin, end, &m, &q);
    if (q.kind == QuantityKind::kCardinal) {
      SetCountedObject(tokens, end, m, &q);
      if (IsNumberLabel(tokens, begin, end, m)) {
        q.kind = QuantityKind::kOrdinal;
        q.object.clear();
      }
      // من 500 جندي إلى نحو 4000 أو 5000: the second counts the same.
      if (q.object.empty() && q.kind == QuantityKind::kCardinal &&
          m.begin > begin &&
          (tokens[m.begin - 1].base == "الي" ||
           tokens[m.begin - 1].base == "حتي") &&
          out->size() > sentence_first && !ends.empty() &&
          ends.back() >= m.begin - 3) {
        q.object = out->back().object;
      }
    }
    // The span starts at the number: approximation cues (نحو) are in
    // `approximate`, as Wojood annotates them.
    q.span = {NumberStart(tokens[m.number_begin]), tokens[last - 1].span.end};
    q.text = std::string(text.substr(q.span.begin, q.span.end - q.span.begin));
    ends.push_back(last);
    out->push_back(std::move(q));
  }
}

}  // namespace

std::string CurrencyCode(std::string_view name) {
  const auto& names = Currencies().names;
  auto it = names.find(std::string(name));
  return it == names.end() ? std::string() : it->second;
}

std::vector<Quantity> FindQuantities(std::string_view text,
                                     const std::vector<Sentence>& sentences,
                                     const std::vector<Token>& tokens,
                                     const std::vector<TimeExpression>& dates,
                                     const Cancellation* cancellation) {
  std::vector<Quantity> out;
  size_t next_date = 0;
  for (size_t s = 0; s < sentences.size(); ++s) {
    if (s % 16 == 0 && Stopped(cancellation)) return out;
    const Sentence& sentence = sentences[s];
    const int32_t begin = sentence.first_token;
    const int32_t end = sentence.first_token + sentence.token_count;
    if (begin == end) continue;
    AddSentenceQuantities(text, tokens, dates, begin, end, &next_date, &out);
  }
  return out;
}

}  // namespace khabar
