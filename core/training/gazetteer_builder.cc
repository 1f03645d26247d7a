#include "training/gazetteer_builder.h"

#include <unicode/curramt.h>
#include <unicode/locid.h>
#include <unicode/strenum.h>
#include <unicode/timezone.h>
#include <unicode/tznames.h>
#include <unicode/ucurr.h>
#include <unicode/unistr.h>

#include <fstream>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "base/match.h"
#include "text/tokenizer.h"
#include "training/conll.h"

namespace khabar {
namespace {

std::string ToUtf8(const icu::UnicodeString& s) {
  std::string out;
  s.toUTF8String(out);
  return out;
}

// Cuts a display name at a bracket or comma: "ماكاو (منطقة إدارية خاصة)"
// names ماكاو.
std::string_view Head(std::string_view name) {
  for (std::string_view stop : {" (", "(", "،", ","}) {
    const size_t at = name.find(stop);
    if (at != std::string_view::npos && at > 0) name = name.substr(0, at);
  }
  while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
  return name;
}

// Words that name an administrative unit before a proper name in
// world-cities.csv ("ولاية قندهار"); the name is also listed without them.
std::string_view StripAdminWord(std::string_view name) {
  for (std::string_view w : {"محافظة ", "مقاطعة ", "ولاية ", "بلدية ", "إقليم ",
                             "منطقة ", "مدينة ", "إدارة ", "مديرية "}) {
    if (StartsWith(name, w)) return name.substr(w.size());
  }
  return name;
}

template <typename Fn>
bool ForEachLine(const std::string& path, Fn fn) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::string line;
  while (std::getline(in, line)) {
    if (absl::StartsWith(line, "\xEF\xBB\xBF")) {
      line.erase(0, 3);
    }
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) {
      line.pop_back();
    }
    fn(line);
  }
  return true;
}

// Splits one CSV line with "quoted" fields (no embedded quotes occur).
std::vector<std::string> CsvFields(const std::string& line) {
  std::vector<std::string> out;
  std::string cur;
  bool quoted = false;
  for (char c : line) {
    if (c == '"') {
      quoted = !quoted;
    } else if (c == ',' && !quoted) {
      out.push_back(std::move(cur));
      cur.clear();
    } else {
      cur.push_back(c);
    }
  }
  out.push_back(std::move(cur));
  return out;
}

}  // namespace

absl::Status AddConllEntities(const Tokenizer& tokenizer,
                              const std::string& path, Gazetteer* gazetteer) {
  absl::StatusOr<std::vector<ConllSentence>> sentences = ReadConll(path);
  if (!sentences.ok()) return sentences.status();
  for (ConllSentence& s : *sentences) {
    for (std::string& t : s.tags) t = CoarseWikiFaneTag(t);
    for (const Chunk& c : ExtractChunks(s.tags)) {
      std::string text;
      for (int32_t i = c.begin; i < c.end; ++i) {
        if (i > c.begin) text += ' ';
        text += s.tokens[i];
      }
      const uint16_t type = c.type == "PERS"  ? kGazCorpusPerson
                            : c.type == "LOC" ? kGazCorpusLocation
                            : c.type == "ORG" ? kGazCorpusOrganization
                                              : kGazCorpusMisc;
      gazetteer->AddText(tokenizer, text, type);
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<Gazetteer> BuildStandardGazetteer(const Tokenizer& tokenizer,
                                                 const std::string& data_dir,
                                                 std::string* report) {
  Gazetteer g;
  auto note = [&](const std::string& source, size_t before) {
    if (report != nullptr) {
      absl::StrAppend(report, source, ": ", g.size() - before,
                      " new entries\n");
    }
  };
  const icu::Locale ar("ar");
  UErrorCode status = U_ZERO_ERROR;

  // ICU CLDR: country and region names.
  size_t before = g.size();
  for (const char* const* c = icu::Locale::getISOCountries(); *c; ++c) {
    icu::UnicodeString name;
    icu::Locale("", *c).getDisplayCountry(ar, name);
    const std::string utf8 = ToUtf8(name);
    if (utf8 == *c) continue;  // No Arabic name: ICU echoes the code.
    g.AddText(tokenizer, Head(utf8), kGazLocation);
  }
  note("ICU country names (ar)", before);

  // ICU CLDR: exemplar cities of the canonical time zones.
  before = g.size();
  std::unique_ptr<icu::TimeZoneNames> tz_names(
      icu::TimeZoneNames::createInstance(ar, status));
  std::unique_ptr<icu::StringEnumeration> zones(
      icu::TimeZone::createTimeZoneIDEnumeration(
          UCAL_ZONE_TYPE_CANONICAL_LOCATION, nullptr, nullptr, status));
  if (U_FAILURE(status)) {
    return absl::InternalError(
        absl::StrCat("ICU time zone names: ", u_errorName(status)));
  }
  while (const icu::UnicodeString* id = zones->snext(status)) {
    if (U_FAILURE(status)) break;
    icu::UnicodeString city;
    tz_names->getExemplarLocationName(*id, city);
    if (!city.isEmpty()) g.AddText(tokenizer, Head(ToUtf8(city)), kGazLocation);
  }
  note("ICU time zone exemplar cities (ar)", before);

  // ICU CLDR: currency names.
  before = g.size();
  status = U_ZERO_ERROR;
  UEnumeration* currencies =
      ucurr_openISOCurrencies(UCURR_COMMON | UCURR_NON_DEPRECATED, &status);
  while (U_SUCCESS(status)) {
    const char* code = uenum_next(currencies, nullptr, &status);
    if (code == nullptr || U_FAILURE(status)) break;
    UChar ucode[4] = {0};
    u_charsToUChars(code, ucode, 3);
    UBool is_choice = false;
    int32_t len = 0;
    UErrorCode s2 = U_ZERO_ERROR;
    const UChar* name =
        ucurr_getName(ucode, "ar", UCURR_LONG_NAME, &is_choice, &len, &s2);
    if (U_FAILURE(s2) || s2 == U_USING_DEFAULT_WARNING || name == nullptr) {
      continue;
    }
    const std::string utf8 = ToUtf8(icu::UnicodeString(name, len));
    if (utf8 == code) continue;
    g.AddText(tokenizer, Head(utf8), kGazCurrency);
  }
  if (currencies != nullptr) uenum_close(currencies);
  note("ICU currency names (ar)", before);

  if (data_dir.empty()) return g;

  // ANERgazet: one entry a line; "====" and "****" lines separate blocks.
  const std::string anergazet = data_dir + "/anergazet/ANERGazet/";
  const std::pair<const char*, uint16_t> lists[] = {
      {"AlignedLocGazetteer/data", kGazLocation},
      {"AlignedOrgGazetteer/data", kGazOrganization},
      {"AlignedPersGazetteer/data", kGazPerson}};
  for (const auto& [file, type] : lists) {
    before = g.size();
    const bool found =
        ForEachLine(anergazet + file, [&, type = type](const std::string& l) {
          if (l.empty() || l[0] == '=' || l[0] == '*') return;
          g.AddText(tokenizer, l, type);
        });
    if (found) note(std::string("ANERgazet ") + file, before);
  }

  // World cities: country and city names (Arabic columns).
  before = g.size();
  bool header = true;
  const bool found =
      ForEachLine(data_dir + "/world-cities-ar-en/world-cities.csv",
                  [&](const std::string& l) {
                    if (header) {
                      header = false;
                      return;
                    }
                    const std::vector<std::string> f = CsvFields(l);
                    if (f.size() < 3) return;
                    g.AddText(tokenizer, Head(f[0]), kGazLocation);
                    const std::string_view city = Head(f[2]);
                    g.AddText(tokenizer, city, kGazLocation);
                    const std::string_view stripped = StripAdminWord(city);
                    if (stripped != city)
                      g.AddText(tokenizer, stripped, kGazLocation);
                  });
  if (found) note("world-cities-ar-en/world-cities.csv", before);
  return g;
}

absl::Status AddNameLists(const Tokenizer& tokenizer,
                          const std::string& data_dir, Gazetteer* gazetteer,
                          std::string* report) {
  auto note = [&](const std::string& source, size_t before) {
    if (report != nullptr) {
      absl::StrAppend(report, source, ": ", gazetteer->size() - before,
                      " new entries\n");
    }
  };
  // ANETAC: "TYPE ENGLISH ARABIC", one name a line; the Arabic form is the
  // last field.
  const std::string anetac =
      data_dir + "/name-lists/anetac-en-ar-named-entities.txt";
  size_t before = gazetteer->size();
  bool found = ForEachLine(anetac, [&](const std::string& line) {
    const size_t space = line.find(' ');
    const size_t last = line.rfind(' ');
    if (space == std::string::npos || last == space) return;
    const std::string_view type(line.data(), space);
    const uint16_t bits = type == "PERSON"         ? kGazListPerson
                          : type == "LOCATION"     ? kGazListLocation
                          : type == "ORGANIZATION" ? kGazListOrganization
                                                   : 0;
    if (bits != 0) {
      gazetteer->AddText(tokenizer, std::string_view(line).substr(last + 1),
                         bits);
    }
  });
  if (!found) return absl::NotFoundError("cannot read " + anetac);
  note("name-lists ANETAC", before);

  // Wikidata: "arabic<TAB>english<TAB>count" after a header line.
  const std::string wikidata =
      data_dir + "/name-lists/wikidata-person-name-tokens-ar-en.tsv";
  before = gazetteer->size();
  bool header = true;
  found = ForEachLine(wikidata, [&](const std::string& line) {
    if (header) {
      header = false;
      return;
    }
    const size_t tab = line.find('\t');
    if (tab == std::string::npos || tab == 0) return;
    gazetteer->AddText(tokenizer, std::string_view(line).substr(0, tab),
                       kGazPersonNameToken);
  });
  if (!found) return absl::NotFoundError("cannot read " + wikidata);
  note("name-lists Wikidata person-name tokens", before);
  return absl::OkStatus();
}

}  // namespace khabar
