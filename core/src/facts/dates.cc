// Time expressions over tokens. Month names: the Gregorian months as the
// Arab press writes them (Egypt and the Gulf: يناير...; the Levant and Iraq:
// كانون الثاني...; the Maghreb: ينير، جانفي...), the Hijri months, weekdays,
// parts of day and relative words; all as matching forms (ة -> ه, أ -> ا,
// ى -> ي), from standard references of Arabic calendar names (CLDR's ar,
// ar_SY, ar_MA and ar_DZ month names, and the Hijri month names CLDR lists
// for the islamic calendar).
#include "facts/dates.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "base/match.h"
#include "base/numeric.h"
#include "facts/numbers.h"
#include "text/token_util.h"
#include "unicode/calendar.h"
#include "unicode/locid.h"
#include "unicode/timezone.h"

namespace khabar {
namespace {

struct MonthName {
  std::vector<std::string> words;
  int month;
  bool hijri;
  // Also an everyday word (آب "father", مارس "practised", صفر "zero"):
  // a month only with a day, a year or a paired month name.
  bool weak;
};

const std::vector<MonthName>& MonthNames() {
  static const auto* names = new std::vector<MonthName>{
      {{"يناير"}, 1, false, false},
      {{"ينير"}, 1, false, false},
      {{"جانفي"}, 1, false, false},
      {{"كانون", "الثاني"}, 1, false, false},
      {{"كانون", "ثاني"}, 1, false, false},
      {{"فبراير"}, 2, false, false},
      {{"فبرير"}, 2, false, false},
      {{"فيفري"}, 2, false, false},
      {{"شباط"}, 2, false, false},
      {{"مارس"}, 3, false, true},
      {{"اذار"}, 3, false, false},
      {{"ابريل"}, 4, false, false},
      {{"افريل"}, 4, false, false},
      {{"نيسان"}, 4, false, false},
      {{"مايو"}, 5, false, false},
      {{"ماي"}, 5, false, true},
      {{"ايار"}, 5, false, false},
      {{"يونيو"}, 6, false, false},
      {{"يونيه"}, 6, false, false},
      {{"جوان"}, 6, false, true},
      {{"حزيران"}, 6, false, false},
      {{"يوليو"}, 7, false, false},
      {{"يوليه"}, 7, false, false},
      {{"يوليوز"}, 7, false, false},
      {{"جويليه"}, 7, false, false},
      {{"تموز"}, 7, false, false},
      {{"اغسطس"}, 8, false, false},
      {{"غشت"}, 8, false, false},
      {{"اوت"}, 8, false, true},
      {{"اب"}, 8, false, true},
      {{"سبتمبر"}, 9, false, false},
      {{"شتنبر"}, 9, false, false},
      {{"ايلول"}, 9, false, false},
      {{"اكتوبر"}, 10, false, false},
      {{"تشرين", "الاول"}, 10, false, false},
      {{"تشرين", "اول"}, 10, false, false},
      {{"نوفمبر"}, 11, false, false},
      {{"نونبر"}, 11, false, false},
      {{"تشرين", "الثاني"}, 11, false, false},
      {{"تشرين", "ثاني"}, 11, false, false},
      {{"ديسمبر"}, 12, false, false},
      {{"دجنبر"}, 12, false, false},
      {{"كانون", "الاول"}, 12, false, false},
      {{"كانون", "اول"}, 12, false, false},
      {{"محرم"}, 1, true, true},
      {{"صفر"}, 2, true, true},
      {{"ربيع", "الاول"}, 3, true, true},
      {{"ربيع", "الثاني"}, 4, true, true},
      {{"ربيع", "الاخر"}, 4, true, true},
      {{"جمادي", "الاولي"}, 5, true, true},
      {{"جمادي", "الاول"}, 5, true, true},
      {{"جمادي", "الثانيه"}, 6, true, true},
      {{"جمادي", "الاخره"}, 6, true, true},
      {{"جمادي", "الاخر"}, 6, true, true},
      {{"رجب"}, 7, true, true},
      {{"شعبان"}, 8, true, true},
      {{"رمضان"}, 9, true, true},
      {{"شوال"}, 10, true, true},
      {{"ذو", "القعده"}, 11, true, true},
      {{"ذي", "القعده"}, 11, true, true},
      {{"ذو", "الحجه"}, 12, true, true},
      {{"ذي", "الحجه"}, 12, true, true},
  };
  return *names;
}

// Weekdays, Sunday = 0. الأحد، الاثنين and الجمعة are also "the one", "the
// two" and the congregation: they need a cue (يوم، مساء، الماضي...).
struct Weekday {
  const char* word;
  int day;
  bool weak;
};
constexpr Weekday kWeekdays[] = {
    {"الاحد", 0, true},     {"الاثنين", 1, true}, {"الثلاثاء", 2, false},
    {"الاربعاء", 3, false}, {"الخميس", 4, false}, {"الجمعه", 5, true},
    {"السبت", 6, false},
};

// Parts of day before a weekday or a relative day (مساء الثلاثاء).
const absl::flat_hash_set<std::string>& PartsOfDay() {
  static const auto* set = new absl::flat_hash_set<std::string>{
      "مساء",  "صباح",  "ظهر",  "عصر", "ليله", "فجر",
      "ظهيره", "صبيحه", "عشيه", "ليل", "منتصف"};
  return *set;
}

enum class Direction { kNone, kPast, kNext, kCurrent };

Direction Modifier(const Token& token) {
  static const auto* past = new absl::flat_hash_set<std::string>{
      "الماضي", "الماضيه", "المنصرم", "المنصرمه",
      "الفائت", "الفائته", "السابق",  "السابقه"};
  static const auto* next = new absl::flat_hash_set<std::string>{
      "المقبل", "المقبله", "القادم", "القادمه", "التالي", "التاليه"};
  static const auto* current = new absl::flat_hash_set<std::string>{
      "الحالي", "الحاليه", "الجاري", "الجاريه"};
  if (past->contains(token.word)) return Direction::kPast;
  if (next->contains(token.word)) return Direction::kNext;
  if (current->contains(token.word)) return Direction::kCurrent;
  return Direction::kNone;
}

// Duration units: ISO 8601 designator and how many of it one unit is.
struct Unit {
  char designator;  // Y M W D H N (minutes) S.
  double amount;
  int count;  // 1 for singular and plural, 2 for the dual.
};

const absl::flat_hash_map<std::string, Unit>& Units() {
  static const auto* table = new absl::flat_hash_map<std::string, Unit>{
      {"يوم", {'D', 1, 1}},     {"ايام", {'D', 1, 1}},
      {"يوما", {'D', 1, 1}},    {"يومين", {'D', 1, 2}},
      {"يومان", {'D', 1, 2}},   {"اسبوع", {'W', 1, 1}},
      {"اسابيع", {'W', 1, 1}},  {"اسبوعا", {'W', 1, 1}},
      {"اسبوعين", {'W', 1, 2}}, {"شهر", {'M', 1, 1}},
      {"اشهر", {'M', 1, 1}},    {"شهور", {'M', 1, 1}},
      {"شهرا", {'M', 1, 1}},    {"شهرين", {'M', 1, 2}},
      {"عام", {'Y', 1, 1}},     {"اعوام", {'Y', 1, 1}},
      {"عاما", {'Y', 1, 1}},    {"عامين", {'Y', 1, 2}},
      {"سنه", {'Y', 1, 1}},     {"سنوات", {'Y', 1, 1}},
      {"سنين", {'Y', 1, 1}},    {"سنتين", {'Y', 1, 2}},
      {"عقد", {'Y', 10, 1}},    {"عقود", {'Y', 10, 1}},
      {"عقدين", {'Y', 10, 2}},  {"قرن", {'Y', 100, 1}},
      {"ساعه", {'H', 1, 1}},    {"ساعات", {'H', 1, 1}},
      {"ساعتين", {'H', 1, 2}},  {"دقيقه", {'N', 1, 1}},
      {"دقائق", {'N', 1, 1}},   {"دقيقتين", {'N', 1, 2}},
      {"ثانيه", {'S', 1, 1}},   {"ثوان", {'S', 1, 1}},
      {"ثواني", {'S', 1, 1}},
  };
  return *table;
}

struct Match {
  int32_t begin = 0;
  int32_t end = 0;
  TimeKind kind = TimeKind::kDate;
  std::string value;
};

// A whole number written in digits, without separators; -1 otherwise.
int64_t PlainInteger(const Token& t) {
  if (t.kind != TokenKind::kNumber) return -1;
  if (t.base.empty() || t.base.size() > 9) return -1;
  int64_t v = 0;
  for (char c : t.base) {
    if (c < '0' || c > '9') return -1;
    v = v * 10 + (c - '0');
  }
  return v;
}

int DaysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30,
                                  31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[month - 1];
}

std::string Pad(int value, int width) {
  char buffer[16];
  std::snprintf(buffer, sizeof(buffer), "%0*d", width, value);
  return buffer;
}

std::string IsoMonth(int year, int month) {
  return absl::StrCat(Pad(year, 4), "-", Pad(month, 2));
}

std::string IsoWeek(const CivilDate& date) {
  const int64_t days = DaysFromCivil(date);
  const int weekday = static_cast<int>(((days + 3) % 7 + 7) % 7);  // Mon=0.
  const CivilDate thursday = CivilFromDays(days - weekday + 3);
  const int64_t jan1 = DaysFromCivil({thursday.year, 1, 1});
  const int week = static_cast<int>((DaysFromCivil(thursday) - jan1) / 7) + 1;
  return absl::StrCat(Pad(thursday.year, 4), "-W", Pad(week, 2));
}

int WeekdayOf(int64_t days) {  // Sunday = 0; 1970-01-01 was a Thursday.
  return static_cast<int>(((days + 4) % 7 + 7) % 7);
}

// The date `months` later (earlier when negative), or nothing when that falls
// outside the years 0001..9999, which is as far as an ISO date goes here.
std::optional<CivilDate> AddMonths(CivilDate date, int64_t months) {
  const int64_t index = int64_t{date.year} * 12 + (date.month - 1) + months;
  if (index < 12 || index >= int64_t{10000} * 12) return std::nullopt;
  date.year = static_cast<int>(index / 12);
  date.month = static_cast<int>(index % 12) + 1;
  date.day = std::min(date.day, DaysInMonth(date.year, date.month));
  return date;
}

// The era marker after a year: هـ، هجري (Hijri) or م، ميلادي.
int32_t Era(const std::vector<Token>& tokens, int32_t q, int32_t end,
            bool* hijri) {
  if (q >= end) return q;
  const Token& t = tokens[q];
  if (IsBase(t, "ه") || IsBase(t, "هجري") || IsBase(t, "هجريه") ||
      IsBase(t, "هـ")) {
    *hijri = true;
    return q + 1;
  }
  if (IsBase(t, "م") || IsBase(t, "ميلادي") || IsBase(t, "ميلاديه")) {
    return q + 1;
  }
  return q;
}

// Words an expression can start with (besides numbers); most tokens are
// none, and the matchers are skipped for them.
bool MayStart(const Token& t) {
  static const auto* starters = [] {
    auto* set = new absl::flat_hash_set<std::string>{
        "تاريخ", "الموافق", "منذ",   "قبل",   "بعد",   "خلال",  "مده",
        "طوال",  "طيله",    "يوم",   "تمام",  "ساعه",  "عام",   "سنه",
        "عامي",  "هذا",     "هذه",   "اسبوع", "شهر",   "امس",   "البارحه",
        "بارحه", "اول",     "اليوم", "يوم",   "ليله",  "غدا",   "غد",
        "الان",  "حاليا",   "(",     "مطلع",  "بدايه", "نهايه", "منتصف",
        "اواخر", "اوائل",   "اواسط", "بين"};
    for (const MonthName& name : MonthNames()) set->insert(name.words[0]);
    for (const Weekday& w : kWeekdays) {
      set->insert(w.word);
      set->insert(std::string(w.word).substr(4));  // Without ال.
    }
    for (const std::string& part : PartsOfDay()) set->insert(part);
    for (const auto& [unit, info] : Units()) set->insert(unit);
    return set;
  }();
  if (t.kind == TokenKind::kNumber) return true;
  return starters->contains(t.base) || starters->contains(t.word) ||
         MayStartNumber(t);
}

class Finder {
 public:
  Finder(const std::vector<Token>& tokens, int32_t begin, int32_t end,
         std::optional<CivilDate> published)
      : tokens_(tokens), begin_(begin), end_(end), published_(published) {
    if (published_) pub_days_ = DaysFromCivil(*published_);
  }

  // The longest expression at i; end == i when none.
  Match At(int32_t i) {
    Match best;
    best.begin = best.end = i;
    if (!MayStart(T(i))) return best;
    auto consider = [&best](Match m) {
      if (m.end > best.end) best = std::move(m);
    };
    consider(Calendar(i));
    consider(Year(i));
    consider(YearRange(i));
    consider(WeekdayOrRelativeDay(i));
    consider(Period(i));
    consider(Duration(i));
    consider(Time(i));
    return best;
  }

 private:
  const Token& T(int32_t q) const { return tokens_[q]; }

  // A month name at q; returns its end or q.
  int32_t Month(int32_t q, const MonthName** out) const {
    if (q >= end_) return q;
    static const auto* by_first = [] {
      auto* index =
          new absl::flat_hash_map<std::string, std::vector<const MonthName*>>;
      for (const MonthName& name : MonthNames()) {
        (*index)[name.words[0]].push_back(&name);
      }
      return index;
    }();
    auto candidates = by_first->find(T(q).word);
    if (candidates == by_first->end()) return q;
    int32_t best = q;
    for (const MonthName* name_ptr : candidates->second) {
      const MonthName& name = *name_ptr;
      if (q + static_cast<int32_t>(name.words.size()) > end_) continue;
      bool ok = true;
      for (size_t k = 0; k < name.words.size() && ok; ++k) {
        const Token& t = T(q + static_cast<int32_t>(k));
        // Inside a two-word name only the article may be attached.
        ok = t.word == name.words[k] &&
             (k == 0 || t.prefixes.empty() ||
              (t.prefixes.size() == 1 && t.prefixes[0] == "ال"));
      }
      if (ok && q + static_cast<int32_t>(name.words.size()) > best) {
        best = q + static_cast<int32_t>(name.words.size());
        *out = &name;
      }
    }
    return best;
  }

  // Leading words that belong to a date: بتاريخ، الموافق، منذ، يوم.
  int32_t Lead(int32_t q) const {
    while (q < end_ && (IsBase(T(q), "تاريخ") || IsBase(T(q), "الموافق") ||
                        IsWordForm(T(q), "الموافق") || IsBase(T(q), "منذ"))) {
      ++q;
    }
    return q;
  }

  // The parts of an explicit date read so far (0: not given).
  struct DateParts {
    int day = 0;
    int month = 0;
    int year = 0;
    bool hijri = false;
  };

  // Explicit dates: 16 شباط/فبراير 2021، فبراير 2021، 15/1/1959، 3 رجب
  // 1442 هـ، with an optional weekday before them.
  Match Calendar(int32_t i) {
    Match m;
    m.begin = m.end = i;
    bool open = false;
    const int32_t q = CalendarStart(i, &open);
    DateParts date;
    int32_t r = q;
    const int64_t first = q < end_ ? PlainInteger(T(q)) : -1;
    // Numeric: 15/1/1959, 2021-02-16, (2/10/1989).
    if (first >= 0 && q + 4 < end_) r = NumericDate(q, first, open, &date);
    // بتاريخ 9/10/10/(1940): archive notation; only the year is sure.
    if (r == q && q > i && first >= 0 && ArchiveYear(q, &m)) return m;
    if (r == q) {
      bool weak = false;
      const int32_t s = NamedMonthDate(q, first, &date, &weak);
      if (s == q) return m;
      // شباط (9/2/1946): the name, then the full date in parentheses.
      if (date.day == 0 && date.year == 0 && s + 6 < end_ &&
          IsBase(T(s), "(")) {
        Match inner = Calendar(s);
        if (inner.end > s && !inner.value.empty() && inner.value.size() == 10 &&
            std::atoi(inner.value.c_str() + 5) == date.month) {
          inner.begin = i;
          return inner;
        }
      }
      if (weak && date.day == 0 && date.year == 0) return m;
      r = s;
    }
    m.end = r;
    // Value.
    if (date.hijri) {
      m.kind = TimeKind::kDate;
      m.value = HijriDateValue(date);
      return m;
    }
    GregorianDateValue(date, &m);
    return m;
  }

  // Where the date proper starts after the words that lead to it at i (بتاريخ،
  // a weekday, الموافق، شهر...); *open when it starts with a parenthesis.
  int32_t CalendarStart(int32_t i, bool* open) const {
    int32_t q = Lead(i);
    int32_t weekday_end = WeekdayWord(q, /*require_cue=*/false);
    if (weekday_end > q) q = weekday_end;
    if (q < end_ && IsBase(T(q), "الموافق")) ++q;
    if (q > i && q < end_ && IsBase(T(q), ":")) ++q;
    // شهر نوفمبر.
    const MonthName* probe = nullptr;
    if (q + 1 < end_ && IsBase(T(q), "شهر") && Month(q + 1, &probe) > q + 1) {
      ++q;
    }
    // بتاريخ (28/8/1996): the parenthesis belongs to the date.
    if (q + 1 < end_ && IsBase(T(q), "(") && PlainInteger(T(q + 1)) >= 0) {
      *open = true;
      ++q;
    }
    return q;
  }

  // A numeric date at q (whose first number is `first`): 15/1/1959,
  // 2021-02-16, (2/10/1989) when `open`. Returns its end or q.
  int32_t NumericDate(int32_t q, int64_t first, bool open,
                      DateParts* date) const {
    int& day = date->day;
    int& month = date->month;
    int& year = date->year;
    int32_t r = q;
    const std::string& sep = T(q + 1).base;
    if ((sep == "/" || sep == "-" || sep == ".") && T(q + 3).base == sep) {
      const int64_t b = PlainInteger(T(q + 2));
      const int64_t c = PlainInteger(T(q + 4));
      if (b >= 1 && c >= 0) {
        if (T(q).base.size() == 4 && b <= 12 && c >= 1 &&
            c <= DaysInMonth(static_cast<int>(first), static_cast<int>(b))) {
          year = static_cast<int>(first);
          month = static_cast<int>(b);
          day = static_cast<int>(c);
        } else if (first >= 1 && first <= 31 && b <= 12 &&
                   T(q + 4).base.size() == 4) {
          day = static_cast<int>(first);
          month = static_cast<int>(b);
          year = static_cast<int>(c);
        }
        if (year > 0 && day <= DaysInMonth(year, month)) {
          r = q + 5;
          r = Era(tokens_, r, end_, &date->hijri);
          if (open && r < end_ && IsBase(T(r), ")")) ++r;
        } else {
          year = month = day = 0;
        }
      }
    }
    return r;
  }

  // Archive notation at q: 9/10/10/(1940), of which only the year is sure.
  // Sets m's end and value and returns true when there is one.
  bool ArchiveYear(int32_t q, Match* m) const {
    int32_t s = q;
    while (s + 1 < end_ && PlainInteger(T(s)) >= 0 && IsBase(T(s + 1), "/")) {
      s += 2;
    }
    const bool paren =
        s + 2 < end_ && IsBase(T(s), "(") && IsBase(T(s + 2), ")");
    const int64_t y = PlainInteger(T(paren ? s + 1 : s));
    if (s > q + 2 && y >= 1000 && y <= 2100) {
      m->end = paren ? s + 3 : s + 1;
      m->kind = TimeKind::kDate;
      m->value = Pad(static_cast<int>(y), 4);
      return true;
    }
    return false;
  }

  // A date with a month name at q: [day] month [second name] [year [era]]
  // (3 رجب 1442 هـ، شباط/فبراير 2021). Returns its end, or q when there is
  // no month name; *weak when the name alone is too ambiguous to be a date.
  int32_t NamedMonthDate(int32_t q, int64_t first, DateParts* date,
                         bool* weak) const {
    const MonthName* name = nullptr;
    int32_t s = q;
    if (first >= 1 && first <= 31 && T(q).base.size() <= 2) {
      date->day = static_cast<int>(first);
      ++s;
    } else if (first < 0 && q + 2 < end_ && IsBase(T(q + 1), "من")) {
      // السابع من أغسطس: an ordinal day, من, the month.
      int day = OrdinalWordValue(T(q).normalized);
      if (day == 0) day = OrdinalWordValue(T(q).base);
      if (day >= 1 && day <= 31) {
        date->day = day;
        s = q + 2;
      }
    }
    const int32_t after_month = Month(s, &name);
    if (after_month == s) return q;
    date->month = name->month;
    date->hijri = name->hijri;
    *weak = name->weak;
    s = after_month;
    // A second name: شباط/فبراير، شباط (فبراير)، يونيو - حزيران.
    if (s + 1 < end_ &&
        (IsBase(T(s), "/") || IsBase(T(s), "(") || IsBase(T(s), "-"))) {
      const bool open = IsBase(T(s), "(");
      const MonthName* second = nullptr;
      const int32_t e = Month(s + 1, &second);
      if (e > s + 1 && second->month == date->month &&
          second->hijri == name->hijri) {
        *weak = false;
        s = e;
        if (open && s < end_ && IsBase(T(s), ")")) ++s;
      }
    }
    // Year: 2021، (1988)، 1442 هـ.
    int32_t y = s;
    if (y < end_ && IsBase(T(y), "(")) ++y;
    const int64_t year_value = y < end_ ? PlainInteger(T(y)) : -1;
    if (year_value >= 100 && year_value <= 9999 && T(y).base.size() >= 3) {
      date->year = static_cast<int>(year_value);
      ++y;
      if (y < end_ && IsBase(T(y), ")") && y - 2 >= s &&
          IsBase(T(y - 2), "(")) {
        ++y;
      }
      bool era_hijri = false;
      y = Era(tokens_, y, end_, &era_hijri);
      s = y;
    }
    return s;
  }

  // The Gregorian value of a Hijri date: the day, or the span of the month
  // of a year; empty without a year or out of the converter's range.
  static std::string HijriDateValue(const DateParts& date) {
    const int day = date.day;
    const int month = date.month;
    const int year = date.year;
    if (year > 0 && day > 0) {
      CivilDate g;
      if (HijriToGregorian(year, month, day, &g)) return IsoDate(g);
    } else if (year > 0) {
      CivilDate a, b;
      const int next_year = month == 12 ? year + 1 : year;
      const int next_month = month == 12 ? 1 : month + 1;
      if (HijriToGregorian(year, month, 1, &a) &&
          HijriToGregorian(next_year, next_month, 1, &b)) {
        return absl::StrCat(IsoDate(a), "/",
                            IsoDate(CivilFromDays(DaysFromCivil(b) - 1)));
      }
    }
    return std::string();
  }

  // Sets the kind and value of a Gregorian date ending at m->end, taking a
  // modifier after a date without a year (الماضي، المقبل) into it; the
  // year, when not given, is the one nearest to publication.
  void GregorianDateValue(const DateParts& date, Match* m) const {
    const int day = date.day;
    const int month = date.month;
    const int year = date.year;
    Direction direction = Direction::kNone;
    if (m->end < end_ && year == 0) {
      direction = Modifier(T(m->end));
      if (direction != Direction::kNone) ++m->end;
    }
    if (year > 0) {
      m->kind = TimeKind::kDate;
      m->value =
          day > 0
              ? IsoDate({year, month, std::min(day, DaysInMonth(year, month))})
              : IsoMonth(year, month);
      return;
    }
    m->kind =
        direction == Direction::kNone ? TimeKind::kDate : TimeKind::kRelative;
    if (!published_) {
      // ISO 8601 truncated forms: --MM-DD, --MM.
      if (direction == Direction::kNone) {
        m->value = day > 0 ? absl::StrCat("--", Pad(month, 2), "-", Pad(day, 2))
                           : absl::StrCat("--", Pad(month, 2));
      }
      return;
    }
    const int best_year = YearOfMonthDay(month, day, direction);
    m->value = day > 0 ? IsoDate({best_year, month,
                                  std::min(day, DaysInMonth(best_year, month))})
                       : IsoMonth(best_year, month);
  }

  // The year of a month (and day, when not 0) without one, relative to the
  // publication date: before it (kPast), after it (kNext), else nearest.
  int YearOfMonthDay(int month, int day, Direction direction) const {
    const CivilDate& pub = *published_;
    int best_year = pub.year;
    if (direction == Direction::kPast) {
      best_year = (month < pub.month ||
                   (month == pub.month && day > 0 && day < pub.day))
                      ? pub.year
                      : pub.year - 1;
    } else if (direction == Direction::kNext) {
      best_year = (month > pub.month || (month == pub.month && day > pub.day))
                      ? pub.year
                      : pub.year + 1;
    } else {
      // The nearest such day or month to publication.
      int64_t best_gap = -1;
      for (int y = pub.year - 1; y <= pub.year + 1; ++y) {
        const int d = day > 0 ? std::min(day, DaysInMonth(y, month)) : 15;
        const int64_t gap =
            std::llabs(DaysFromCivil({y, month, d}) - pub_days_);
        if (best_gap < 0 || gap < best_gap) {
          best_gap = gap;
          best_year = y;
        }
      }
    }
    return best_year;
  }

  // عام 2030، العام (1948)، سنة 1935 م، عام 1325 هجري، bare years after a
  // preposition, 1936-1939.
  Match Year(int32_t i) {
    Match m;
    m.begin = m.end = i;
    int32_t q = Lead(i);
    static const auto* modifiers = new absl::flat_hash_set<std::string>{
        "مطلع",  "بدايه", "نهايه", "منتصف", "اواخر",
        "اوائل", "اواسط", "خلال",  "طوال"};
    if (q < end_ && modifiers->contains(T(q).base) && q + 1 < end_ &&
        (IsBase(T(q + 1), "عام") || IsBase(T(q + 1), "سنه"))) {
      ++q;
    }
    bool lead = false;
    if (q < end_ &&
        (IsBase(T(q), "عام") || IsBase(T(q), "سنه") || IsBase(T(q), "عامي"))) {
      lead = true;
      ++q;
    }
    int32_t y = q;
    bool paren = false;
    if (y + 2 < end_ && IsBase(T(y), "(") && (lead || IsBase(T(y + 2), ")"))) {
      paren = true;
      ++y;
    }
    if (y >= end_) return m;
    const int64_t year = PlainInteger(T(y));
    const size_t digits = T(y).base.size();
    if (year < 0 || digits < 3 || digits > 4) return m;
    int32_t e = y + 1;
    if (paren && e < end_ && IsBase(T(e), ")")) ++e;
    bool hijri = false;
    const int32_t after_era = Era(tokens_, e, end_, &hijri);
    const bool era = after_era > e;
    e = after_era;
    if (!lead && !era) {
      // A bare number is a year only between 1800 and 2100 and with a cue.
      if (year < 1800 || year > 2100 || digits != 4) return m;
      static const auto* cues = new absl::flat_hash_set<std::string>{
          "في", "منذ", "حتي", "قبل", "بعد", "خلال", "مطلع", "بدايه", "نهايه",
          "اواخر", "اوائل", "منتصف", "اواسط", "عامي", "سنتي", "الي", "و",
          // Events named by their year: مونديال 1990، بطولة 1994.
          "مونديال", "بطوله", "نسخه", "دوره", "موسم", "كاس", "اولمبياد",
          "انتخابات", "رؤيه"};
      const bool cue_before =
          y > begin_ && (cues->contains(T(y - 1).base) ||
                         (T(y - 1).kind == TokenKind::kPunct &&
                          T(y - 1).base != "،" && T(y - 1).base != ","));
      // After a definite noun (الانتفاضة الأولى 1987) a number is a year; a
      // count is followed by its noun (2000 جندي).
      const bool definite_before = y > begin_ &&
                                   T(y - 1).kind == TokenKind::kWord &&
                                   HasPrefix(T(y - 1), "ال");
      const bool word_after = e < end_ && T(e).kind == TokenKind::kWord;
      if (!cue_before && !paren && !definite_before && word_after) return m;
    }
    m.end = e;
    // A bare year in parentheses: the parentheses are punctuation.
    if (!lead && paren && !era) {
      m.begin = y;
      m.end = y + 1;
    }
    m.kind = TimeKind::kDate;
    if (hijri) {
      CivilDate a, b;
      if (HijriToGregorian(static_cast<int>(year), 1, 1, &a) &&
          HijriToGregorian(static_cast<int>(year) + 1, 1, 1, &b)) {
        m.value = absl::StrCat(IsoDate(a), "/",
                               IsoDate(CivilFromDays(DaysFromCivil(b) - 1)));
      }
      return m;
    }
    m.value = Pad(static_cast<int>(year), 4);
    // Ranges of years: 1936-1939، 2019 و2020 after عامي.
    if (m.end + 1 < end_ && IsBase(T(m.end), "-")) {
      const int64_t to = PlainInteger(T(m.end + 1));
      if (to > year && to - year < 200 && T(m.end + 1).base.size() == 4) {
        m.value = absl::StrCat(m.value, "/", Pad(static_cast<int>(to), 4));
        m.end += 2;
      }
    }
    return m;
  }

  // «واعتبر الصندوق الجمعة في بيان»، «ووري الثرى الجمعة جثمان»: a weak
  // weekday after a noun or verb and before a preposition or a definite
  // noun is the day, unless a word that makes it the one, the two or the
  // prayer stands before it (بين الاثنين، صلاة الجمعة، يوم).
  bool WeekdayFollows(int32_t s) const {
    static const auto* prepositions = new absl::flat_hash_set<std::string>{
        "في", "خلال", "علي", "الي", "من", "عن", "مع", "بعد", "قبل"};
    static const auto* not_after = new absl::flat_hash_set<std::string>{
        "بين", "صلاه", "خطبه", "صلوات", "احد", "كل", "من", "الي", "عن",
        "مع",  "علي",  "في",   "و",     "او",  "ان", "هو", "هي"};
    if (s == begin_ || T(s - 1).kind != TokenKind::kWord ||
        not_after->contains(T(s - 1).base) ||
        not_after->contains(T(s - 1).normalized)) {
      return false;
    }
    const Token& next = T(s + 1);
    return next.kind == TokenKind::kWord &&
           (prepositions->contains(next.base) ||
            prepositions->contains(next.normalized) || HasPrefix(next, "ب") ||
            HasPrefix(next, "ال"));
  }

  // بين 1994 و1996، بين عامي 2013 و2017: one range of years.
  Match YearRange(int32_t i) {
    Match m;
    m.begin = m.end = i;
    if (i + 2 >= end_ || !IsBase(T(i), "بين")) return m;
    int32_t a = i + 1;
    if (IsBase(T(a), "عامي") || IsBase(T(a), "سنتي") || IsBase(T(a), "عام")) {
      ++a;
    }
    if (a + 1 >= end_) return m;
    const int64_t from = PlainInteger(T(a));
    double to = 0;
    const Token& second = T(a + 1);
    if (from < 1800 || from > 2100 || T(a).base.size() != 4 ||
        !(HasPrefix(second, "و") || StartsWith(second.text, "و")) ||
        !DigitValue(second, &to) || to <= from || to > 2100 ||
        to != static_cast<double>(static_cast<int64_t>(to))) {
      return m;
    }
    m.end = a + 2;
    m.kind = TimeKind::kDate;
    m.value = absl::StrCat(Pad(static_cast<int>(from), 4), "/",
                           Pad(static_cast<int>(to), 4));
    return m;
  }

  // A weekday word at q; returns its end or q.
  int32_t WeekdayWord(int32_t q, bool require_cue, int* day = nullptr) const {
    if (q >= end_) return q;
    int32_t s = q;
    bool cue = false;
    if (IsBase(T(s), "يوم")) {
      cue = true;
      ++s;
    }
    if (s >= end_) return q;
    for (const Weekday& w : kWeekdays) {
      if (T(s).word != w.word) continue;
      if (w.weak && require_cue && !cue) {
        const bool ok = s + 1 >= end_ || T(s + 1).kind == TokenKind::kPunct ||
                        Modifier(T(s + 1)) != Direction::kNone ||
                        PlainInteger(T(s + 1)) > 0 || WeekdayFollows(s);
        if (!ok) return q;
      }
      if (day != nullptr) *day = w.day;
      return s + 1;
    }
    return q;
  }

  // مساء الثلاثاء، الثلاثاء الماضي، يوم الأحد، أمس، صباح اليوم، غداً.
  Match WeekdayOrRelativeDay(int32_t i) {
    Match m;
    m.begin = m.end = i;
    int32_t q = i;
    bool part = false;
    if (q < end_ && PartsOfDay().contains(T(q).base)) {
      part = true;
      ++q;
      // منتصف ليل/ليلة.
      if (q < end_ && (IsBase(T(q), "ليل") || IsBase(T(q), "ليله"))) ++q;
    }
    int weekday = -1;
    int32_t e = WeekdayWord(q, /*require_cue=*/!part, &weekday);
    if (e > q) {
      Direction direction = Direction::kNone;
      if (e < end_) {
        direction = Modifier(T(e));
        if (direction != Direction::kNone) ++e;
      }
      m.end = e;
      m.kind = TimeKind::kRelative;
      if (published_) {
        const int pub_weekday = WeekdayOf(pub_days_);
        int64_t back = (pub_weekday - weekday + 7) % 7;
        int64_t days = pub_days_ - back;
        if (direction == Direction::kPast && back == 0) days -= 7;
        if (direction == Direction::kNext) {
          days = pub_days_ + ((weekday - pub_weekday + 7) % 7);
          if (days == pub_days_) days += 7;
        }
        m.value = IsoDate(CivilFromDays(days));
      }
      return m;
    }
    // Relative days.
    int offset = 0;
    int32_t r = q;
    if (r < end_ && (IsBase(T(r), "امس") || IsBase(T(r), "البارحه") ||
                     IsWordForm(T(r), "البارحه"))) {
      offset = -1;
      ++r;
      if (r < end_ && IsWordForm(T(r), "الاول")) {
        offset = -2;
        ++r;
      }
    } else if (r + 1 < end_ && IsBase(T(r), "اول") && IsBase(T(r + 1), "امس")) {
      offset = -2;
      r += 2;
    } else if (r < end_ && IsWordForm(T(r), "اليوم")) {
      offset = 0;
      ++r;
    } else if (r < end_ && (IsWordForm(T(r), "الليله"))) {
      offset = 0;
      ++r;
    } else if (r < end_ && (IsBase(T(r), "غدا") || IsBase(T(r), "غد")) &&
               !HasPrefix(T(r), "ال")) {
      offset = 1;
      ++r;
    } else if (r + 1 < end_ && IsBase(T(r), "بعد") && IsBase(T(r + 1), "غد")) {
      offset = 2;
      r += 2;
    } else {
      return m;
    }
    m.end = r;
    m.kind = TimeKind::kRelative;
    if (published_) m.value = IsoDate(CivilFromDays(pub_days_ + offset));
    return m;
  }

  // الأسبوع الماضي، الشهر المقبل، العام الحالي، هذا العام، نهاية الشهر الجاري.
  Match Period(int32_t i) {
    Match m;
    m.begin = m.end = i;
    int32_t q = i;
    static const auto* modifiers = new absl::flat_hash_set<std::string>{
        "مطلع", "بدايه", "نهايه", "منتصف", "اواخر", "اوائل", "اواسط"};
    if (IsBase(T(q), "منذ")) ++q;
    if (q < end_ && modifiers->contains(T(q).base)) ++q;
    Direction direction = Direction::kNone;
    if (q < end_ && (IsBase(T(q), "هذا") || IsBase(T(q), "هذه"))) {
      direction = Direction::kCurrent;
      ++q;
    }
    if (q >= end_) return m;
    const std::string& w = T(q).word;
    char unit = 0;
    if (w == "الاسبوع") unit = 'W';
    if (w == "الشهر") unit = 'M';
    if (w == "العام" || w == "السنه") unit = 'Y';
    if (unit == 0) return m;
    ++q;
    if (direction == Direction::kNone) {
      if (q >= end_) return m;
      direction = Modifier(T(q));
      if (direction == Direction::kNone) return m;
      ++q;
    }
    m.end = q;
    m.kind = TimeKind::kRelative;
    if (!published_) return m;
    const int step = direction == Direction::kPast   ? -1
                     : direction == Direction::kNext ? 1
                                                     : 0;
    const CivilDate& pub = *published_;
    if (unit == 'W') {
      m.value = IsoWeek(CivilFromDays(pub_days_ + 7 * step));
    } else if (unit == 'M') {
      if (const std::optional<CivilDate> d = AddMonths(pub, step)) {
        m.value = IsoMonth(d->year, d->month);
      }
    } else {
      m.value = Pad(pub.year + step, 4);
    }
    return m;
  }

  // ثلاثة أيام، منذ عامين، قبل أسبوع، خلال 45 يوماً، 48 ساعة.
  Match Duration(int32_t i) {
    Match m;
    m.begin = m.end = i;
    int32_t q = i;
    int direction = 0;  // -1 ago, +1 later, 0 a length.
    bool lead = false;
    const Token& first = T(q);
    if (IsBase(first, "منذ") || IsBase(first, "قبل")) {
      direction = -1;
      lead = true;
      ++q;
    } else if (IsBase(first, "بعد")) {
      direction = 1;
      lead = true;
      ++q;
    } else if (IsBase(first, "خلال") || IsBase(first, "مده") ||
               IsBase(first, "طوال") || IsBase(first, "طيله")) {
      lead = true;
      ++q;
    }
    if (q >= end_) return m;
    double amount = 1;
    int32_t u = q;
    NumberMatch number;
    if (NumberAt(tokens_, q, end_, &number) && !number.ordinal &&
        !number.vague && number.dual_object.empty()) {
      amount = number.value;
      u = number.end;
    }
    if (u >= end_) return m;
    const Token& unit_token = T(u);
    if (HasPrefix(unit_token, "ال") || HasPrefix(unit_token, "و")) return m;
    auto it = Units().find(unit_token.base);
    if (it == Units().end()) return m;
    const Unit& unit = it->second;
    static const auto* singular = new absl::flat_hash_set<std::string>{
        "يوم", "اسبوع", "شهر",  "عام",   "سنه",
        "عقد", "قرن",   "ساعه", "دقيقه", "ثانيه"};
    // منذ سنوات: a plural without a number has no length.
    bool unknown_length = false;
    if (u == q) {
      const MonthName* month = nullptr;
      if (u + 1 < end_ && Month(u + 1, &month) > u + 1) return m;
      unknown_length = unit.count == 1 && !singular->contains(unit_token.base);
    }
    if (u == q) {
      // No number: a dual, or a singular after منذ/قبل/خلال.
      if (unit.count == 2) {
        amount = 2;
      } else if (!lead) {
        return m;
      }
      // عام/شهر with a year or a modifier is another expression.
      if (unit.count == 1 && u + 1 < end_ &&
          (PlainInteger(T(u + 1)) >= 0 ||
           Modifier(T(u + 1)) != Direction::kNone)) {
        return m;
      }
    }
    m.end = u + 1;
    if (unknown_length) {
      m.kind = direction == 0 ? TimeKind::kDuration : TimeKind::kRelative;
      return m;
    }
    const double length = amount * unit.amount;
    const bool clock = unit.designator == 'H' || unit.designator == 'N' ||
                       unit.designator == 'S';
    char amount_text[32];
    std::snprintf(amount_text, sizeof(amount_text), "%g", length);
    const char designator = unit.designator == 'N' ? 'M' : unit.designator;
    if (direction == 0 || !published_) {
      m.kind = direction == 0 ? TimeKind::kDuration : TimeKind::kRelative;
      if (direction == 0) {
        m.value = absl::StrCat(clock ? "PT" : "P", amount_text,
                               std::string(1, designator));
      }
      return m;
    }
    m.kind = TimeKind::kRelative;
    // Resolved only within ten thousand years of the publication date.
    const std::optional<int64_t> units = RoundedInRange(length, 0, 3'650'000);
    if (!units) return m;
    const int64_t n = *units * direction;
    switch (unit.designator) {
      case 'D':
        m.value = IsoDate(CivilFromDays(pub_days_ + n));
        break;
      case 'W':
        m.value = IsoDate(CivilFromDays(pub_days_ + 7 * n));
        break;
      case 'M': {
        if (const std::optional<CivilDate> d = AddMonths(*published_, n)) {
          m.value = IsoMonth(d->year, d->month);
        }
        break;
      }
      case 'Y':
        m.value = Pad(published_->year + static_cast<int>(n), 4);
        break;
      default:
        m.value = IsoDate(*published_);
        break;
    }
    return m;
  }

  // الساعة 10 صباحاً، الساعة العاشرة والنصف مساءً، 10:30، الآن.
  Match Time(int32_t i) {
    Match m;
    m.begin = m.end = i;
    int32_t q = i;
    if (IsWordForm(T(q), "الان") || IsBase(T(q), "حاليا")) {
      m.end = q + 1;
      m.kind = TimeKind::kTime;
      if (published_) m.value = IsoDate(*published_);
      return m;
    }
    if (IsBase(T(q), "تمام") && q + 1 < end_) ++q;
    const bool clock_word = IsWordForm(T(q), "الساعه");
    if (clock_word) ++q;
    if (q >= end_) return m;
    int hour = -1;
    int minute = 0;
    int64_t h = PlainInteger(T(q));
    if (h >= 0 && h <= 24) {
      hour = static_cast<int>(h);
      ++q;
      if (q + 1 < end_ && IsBase(T(q), ":")) {
        const int64_t mm = PlainInteger(T(q + 1));
        if (mm >= 0 && mm < 60 && T(q + 1).base.size() == 2) {
          minute = static_cast<int>(mm);
          q += 2;
        } else if (!clock_word) {
          return m;
        }
      } else if (!clock_word) {
        return m;
      }
    } else if (clock_word) {
      const int v = OrdinalWordValue(T(q).word);
      if (v > 0 && HasPrefix(T(q), "ال")) {
        hour = v;
        ++q;
        if (q < end_ && IsBase(T(q), "عشره") && hour <= 2) {
          hour += 10;
          ++q;
        }
      } else if (IsWordForm(T(q), "الواحده")) {
        hour = 1;
        ++q;
      }
    }
    if (hour < 0) return m;
    if (q < end_ && IsWordForm(T(q), "النصف") && HasPrefix(T(q), "و")) {
      minute = 30;
      ++q;
    } else if (q < end_ && IsWordForm(T(q), "الربع") && HasPrefix(T(q), "و")) {
      minute = 15;
      ++q;
    }
    if (q < end_) {
      const std::string& b = T(q).base;
      if (b == "صباحا" || b == "صباح" || b == "فجرا" || b == "فجر") {
        ++q;
      } else if (b == "مساء" || b == "مساءا" || b == "ليلا" || b == "عصرا" ||
                 b == "ظهرا" || b == "بعدالظهر") {
        if (hour < 12 && !(b == "ظهرا" && hour >= 11)) hour += 12;
        ++q;
      }
    }
    if (q + 1 < end_ && IsBase(T(q), "توقيت")) q += 2;
    m.end = q;
    m.kind = TimeKind::kTime;
    m.value = absl::StrCat("T", Pad(hour % 24, 2), ":", Pad(minute, 2));
    return m;
  }

  const std::vector<Token>& tokens_;
  int32_t begin_;
  int32_t end_;
  std::optional<CivilDate> published_;
  int64_t pub_days_ = 0;
};

}  // namespace

int64_t DaysFromCivil(const CivilDate& date) {
  // Howard Hinnant's days_from_civil.
  const int y = date.year - (date.month <= 2);
  const int era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy =
      (153 * (date.month + (date.month > 2 ? -3 : 9)) + 2) / 5 + date.day - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return static_cast<int64_t>(era) * 146097 + static_cast<int64_t>(doe) -
         719468;
}

CivilDate CivilFromDays(int64_t days) {
  days += 719468;
  const int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(days - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t y = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {static_cast<int>(y + (m <= 2)), static_cast<int>(m),
          static_cast<int>(d)};
}

CivilDate CivilFromUnixSeconds(int64_t seconds) {
  int64_t days = seconds / 86400;
  if (seconds % 86400 < 0) --days;
  return CivilFromDays(days);
}

std::string IsoDate(const CivilDate& date) {
  return absl::StrCat(Pad(date.year, 4), "-", Pad(date.month, 2), "-",
                      Pad(date.day, 2));
}

bool HijriToGregorian(int year, int month, int day, CivilDate* out) {
  if (month < 1 || month > 12 || day < 1 || day > 30) return false;
  UErrorCode status = U_ZERO_ERROR;
  // Calendars are not thread-safe; one per call (Hijri dates are rare).
  std::unique_ptr<icu::Calendar> calendar(icu::Calendar::createInstance(
      icu::TimeZone::getGMT()->clone(),
      icu::Locale("ar@calendar=islamic-umalqura"), status));
  if (U_FAILURE(status)) return false;
  calendar->clear();
  calendar->set(UCAL_EXTENDED_YEAR, year);
  calendar->set(UCAL_MONTH, month - 1);
  calendar->set(UCAL_DATE, day);
  const UDate millis = calendar->getTime(status);
  if (U_FAILURE(status)) return false;
  *out = CivilFromDays(
      static_cast<int64_t>(std::floor(millis / (86400.0 * 1000.0))));
  return true;
}

namespace {

// Whether every date of an ISO 8601 value ("2018-04-21", "1994/1996",
// "--04", "P3D") has a year in 0001..9999: one resolved from a publication date
// near either end may leave that range, and is then no ISO date.
bool YearsInIsoRange(std::string_view value) {
  while (!value.empty()) {
    const size_t slash = value.find('/');
    const std::string_view part = value.substr(0, slash);
    value = slash == std::string_view::npos ? std::string_view()
                                            : value.substr(slash + 1);
    // Durations (P3D), times (T14:30) and dates without a year (--04).
    if (part.empty() || part[0] == 'P' || part[0] == 'T' ||
        StartsWith(part, "--")) {
      continue;
    }
    size_t digits = 0;
    while (digits < part.size() && part[digits] >= '0' && part[digits] <= '9') {
      ++digits;
    }
    if (digits != 4 || part.substr(0, 4) == "0000") return false;
  }
  return true;
}

}  // namespace

std::vector<TimeExpression> FindDates(std::string_view text,
                                      const std::vector<Sentence>& sentences,
                                      const std::vector<Token>& tokens,
                                      std::optional<CivilDate> published,
                                      const Cancellation* cancellation) {
  std::vector<TimeExpression> out;
  for (size_t s = 0; s < sentences.size(); ++s) {
    if (s % 16 == 0 && Stopped(cancellation)) return out;
    const Sentence& sentence = sentences[s];
    const int32_t begin = sentence.first_token;
    const int32_t end = sentence.first_token + sentence.token_count;
    Finder finder(tokens, begin, end, published);
    for (int32_t i = begin; i < end;) {
      Match m = finder.At(i);
      // قبل (1948)، خلال 2016، بعد اليوم: the preposition is part of the
      // expression, as Wojood marks it.
      if (m.end <= i && i + 1 < end &&
          (tokens[i].base == "قبل" || tokens[i].base == "بعد" ||
           tokens[i].base == "خلال" || tokens[i].base == "منذ")) {
        Match next = finder.At(i + 1);
        if (next.end > i + 1) {
          m = std::move(next);
          m.begin = i;
        }
      }
      if (m.end <= i) {
        ++i;
        continue;
      }
      // Parentheses as Wojood marks them: around a whole date they are
      // punctuation «(21/8/1943)»; one opened inside the date closes in it
      // «بتاريخ (4/17/1948)».
      int32_t first = m.begin;
      int32_t last = m.end - 1;
      int open = 0;
      for (int32_t k = first; k <= last; ++k) {
        if (tokens[k].text == "(") ++open;
        if (tokens[k].text == ")" && open > 0) --open;
      }
      if (last > first && tokens[first].text == "(") {
        if (tokens[last].text == ")") {
          ++first;
          --last;
        } else if (open > 0) {
          ++first;
          --open;
        }
      }
      if (open > 0 && last + 1 < end && tokens[last + 1].text == ")") ++last;
      TimeExpression expression;
      // The first token's clitics (و، ب) stay outside the span.
      expression.span = {NumberStart(tokens[first]), tokens[last].span.end};
      expression.text = std::string(text.substr(
          expression.span.begin, expression.span.end - expression.span.begin));
      expression.kind = m.kind;
      expression.value = std::move(m.value);
      if (!YearsInIsoRange(expression.value)) expression.value.clear();
      out.push_back(std::move(expression));
      i = m.end;
    }
  }
  return out;
}

}  // namespace khabar
