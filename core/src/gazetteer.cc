#include "gazetteer.h"

#include <unicode/curramt.h>
#include <unicode/locid.h>
#include <unicode/strenum.h>
#include <unicode/timezone.h>
#include <unicode/tznames.h>
#include <unicode/ucurr.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <memory>
#include <utility>

#include "absl/strings/str_cat.h"
#include "conll.h"
#include "ner_hash.h"
#include "normalizer.h"
#include "tokenizer.h"

namespace khabar {
namespace {

constexpr uint64_t kSeqSeed = 0x4a17c3e5d2b1f009ULL;

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
    if (name.substr(0, w.size()) == w) return name.substr(w.size());
  }
  return name;
}

template <typename Fn>
bool ForEachLine(const std::string& path, Fn fn) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::string line;
  while (std::getline(in, line)) {
    if (line.size() >= 3 && line.compare(0, 3, "\xEF\xBB\xBF") == 0) {
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

absl::Status Gazetteer::AddConllEntities(const Tokenizer& tokenizer,
                                         const std::string& path) {
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
      AddText(tokenizer, text, type);
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<Gazetteer> Gazetteer::BuildStandard(const Tokenizer& tokenizer,
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

}  // namespace khabar
