// khabar-build-places: the places table for entity links.
//
//   build/bin/khabar-build-places WORLD_CITIES_CSV > models/places.tsv
//
// with ../shared/data/world-cities-ar-en/world-cities.csv.
//
// Writes "# description" lines, then KIND<TAB>ARABIC<TAB>ISO<TAB>ENGLISH<TAB>
// SOURCE rows, sorted by kind (country, nisba, city) then Arabic bytes:
// - country: Arabic country names that ICU CLDR does not give (CLDR's own
//   names are read by the engine at run time): the world-cities file's
//   country column, mapped to ISO 3166 by its English (or Arabic) CLDR
//   name, and a short hand-curated list of common short forms below.
// - nisba: nationality adjectives that the engine's derivation rule
//   (عراق -> عراقي, فرنسا -> فرنسي) gets wrong; hand-curated below.
// - city: the file's cities whose Arabic name (and that name without an
//   administrative head noun: محافظة السليمانية -> السليمانية) belongs to
//   one country only; names that are also country names, and rows whose
//   Arabic label names a stadium, club, battle or airport (mislabelled
//   Wikidata items), are left out. English: the most populous row's.
// Deterministic: the same CSV and ICU data give the same bytes.
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <limits>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "entities/entity_grouping.h"
#include "unicode/locid.h"
#include "unicode/unistr.h"

namespace {

// Common short or official-long forms newspapers use and CLDR lacks.
const char* const kCountryForms[][2] = {
    {"بريطانيا", "GB"},
    {"أمريكا", "US"},
    {"أميركا", "US"},
    {"الولايات المتحدة الأميركية", "US"},
    {"السعودية", "SA"},
    {"الإمارات", "AE"},
    {"فلسطين", "PS"},
    {"دولة فلسطين", "PS"},
    {"الدنمارك", "DK"},
    {"روسيا الاتحادية", "RU"},
    {"جمهورية مصر العربية", "EG"},
    {"الكونغو الديمقراطية", "CD"},
    {"جمهورية الكونغو الديمقراطية", "CD"},
    {"ميانمار", "MM"},
    {"كوت ديفوار", "CI"},
    {"تشيكيا", "CZ"},
    {"البوسنة", "BA"},
    {"سلطنة عمان", "OM"},
    {"قيرغستان", "KG"},
    {"قرغيزستان", "KG"},
};

// Nationality adjectives the derivation rule does not produce.
const char* const kNisbas[][2] = {
    {"أفغاني", "AF"},
    {"نمساوي", "AT"},
    {"دنماركي", "DK"},
    {"بيروفي", "PE"},
};

// Administrative head nouns a city's label may carry.
const char* const kHeads[] = {"محافظة", "ولاية", "مقاطعة", "إقليم",
                              "منطقة",  "بلدية", "قضاء",   "ناحية",
                              "مديرية", "مدينة", "إدارة"};
// Labels of things that are not the city (Wikidata mislabels).
const char* const kNotPlaces[] = {"ملعب", "نادي", "معركة", "مطار"};

// world-cities' English country names that CLDR spells otherwise.
const char* const kCountryEnglish[][2] = {
    {"Palestinian Territory Occupied", "PS"},
};

// Capitals and cities of the news that world-cities lacks, or labels
// otherwise (its Mosul is «فاموتيدين», its only لندن is in Canada):
// Arabic, ISO 3166, English. Names that are also common words (صور
// pictures, العين the eye, الخبر the news) are left out.
const char* const kCuratedCities[][3] = {
    {"صنعاء", "YE", "Sanaa"},
    {"عدن", "YE", "Aden"},
    {"غزة", "PS", "Gaza"},
    {"لندن", "GB", "London"},
    {"كييف", "UA", "Kyiv"},
    {"كابول", "AF", "Kabul"},
    {"أبوظبي", "AE", "Abu Dhabi"},
    {"أبو ظبي", "AE", "Abu Dhabi"},
    {"نيودلهي", "IN", "New Delhi"},
    {"سيول", "KR", "Seoul"},
    {"كوبنهاغن", "DK", "Copenhagen"},
    {"براغ", "CZ", "Prague"},
    {"مكسيكو سيتي", "MX", "Mexico City"},
    {"برازيليا", "BR", "Brasilia"},
    {"بوينس آيرس", "AR", "Buenos Aires"},
    {"سانتياغو", "CL", "Santiago"},
    {"داكار", "SN", "Dakar"},
    {"شنغهاي", "CN", "Shanghai"},
    {"مكة", "SA", "Mecca"},
    {"مكة المكرمة", "SA", "Mecca"},
    {"المدينة المنورة", "SA", "Medina"},
    {"تبوك", "SA", "Tabuk"},
    {"بريدة", "SA", "Buraidah"},
    {"الأحساء", "SA", "Al-Ahsa"},
    {"الموصل", "IQ", "Mosul"},
    {"أربيل", "IQ", "Erbil"},
    {"الفلوجة", "IQ", "Fallujah"},
    {"حمص", "SY", "Homs"},
    {"درعا", "SY", "Daraa"},
    {"دوما", "SY", "Douma"},
    {"عفرين", "SY", "Afrin"},
    {"جنين", "PS", "Jenin"},
    {"يافا", "IL", "Jaffa"},
    {"صيدا", "LB", "Sidon"},
    {"زحلة", "LB", "Zahle"},
    {"عرسال", "LB", "Arsal"},
    {"الزرقاء", "JO", "Zarqa"},
    {"صعدة", "YE", "Saada"},
    {"سرت", "LY", "Sirte"},
    {"قسنطينة", "DZ", "Constantine"},
    {"صفاقس", "TN", "Sfax"},
    {"كويتا", "PK", "Quetta"},
    {"سامارا", "RU", "Samara"},
    // Its key is عُمان's (Oman), but its shadda tells them apart: the linker
    // takes no country for a name with a shadda the country's lacks.
    {"عمّان", "JO", "Amman"},
};

// A name several countries' cities share links to the most populous when
// it is this many times the largest other: برلين is Berlin, not the town of
// El Salvador; a closer call stays unlinked.
constexpr int64_t kBestKnownFactor = 3;

std::string ToUtf8(const icu::UnicodeString& s) {
  std::string out;
  s.toUTF8String(out);
  return out;
}

// Splits one CSV line with double-quoted fields (no embedded quotes).
std::vector<std::string> CsvFields(const std::string& line) {
  std::vector<std::string> out;
  std::string field;
  bool quoted = false;
  for (char c : line) {
    if (c == '"') {
      quoted = !quoted;
    } else if (c == ',' && !quoted) {
      out.push_back(field);
      field.clear();
    } else if (c != '\r') {
      field.push_back(c);
    }
  }
  out.push_back(field);
  return out;
}

std::string FirstWord(const std::string& s) { return s.substr(0, s.find(' ')); }

// CLDR's country names: ISO code by English name and by Arabic name key.
struct CldrCountries {
  std::map<std::string, std::string> iso_by_english, iso_by_arabic;
};

// Reads CLDR's countries; adds the Arabic name keys to `country_keys`.
CldrCountries ReadCldrCountries(std::set<std::string>* country_keys) {
  CldrCountries cldr;
  const icu::Locale ar("ar"), en("en");
  for (const char* const* c = icu::Locale::getISOCountries(); *c; ++c) {
    icu::UnicodeString a, e;
    icu::Locale("", *c).getDisplayCountry(ar, a);
    icu::Locale("", *c).getDisplayCountry(en, e);
    cldr.iso_by_english[ToUtf8(e)] = *c;
    cldr.iso_by_arabic[khabar::NameKey(ToUtf8(a))] = *c;
    country_keys->insert(khabar::NameKey(ToUtf8(a)));
  }
  for (const auto& name : kCountryEnglish) {
    cldr.iso_by_english[name[0]] = name[1];
  }
  return cldr;
}

// CLDR's English name of a country.
std::string EnglishCountryName(const std::string& iso) {
  const icu::Locale en("en");
  icu::UnicodeString e;
  icu::Locale("", iso.c_str()).getDisplayCountry(en, e);
  return ToUtf8(e);
}

// One output row of a country or nisba.
struct Row {
  std::string iso, english, source;
};

// One world-cities row of a city name.
struct City {
  std::string iso, english;
  int64_t population;
  const char* source = "world-cities";
};

// Everything the table is written from.
struct Places {
  // Arabic -> (iso, english, source).
  std::map<std::string, Row> countries, nisbas;
  std::set<std::string> country_keys;               // NameKeys of countries.
  std::map<std::string, std::vector<City>> cities;  // By NameKey.
  std::map<std::string, std::string> display;       // NameKey -> label.
  std::set<std::string> curated_city_keys;  // Written even if a country's.
  int unmapped = 0;  // Rows whose country has no ISO code.
};

// Adds the hand-curated country forms and nisbas.
void AddCuratedPlaces(Places* places) {
  for (const auto& form : kCountryForms) {
    places->country_keys.insert(khabar::NameKey(form[0]));
    places->countries[form[0]] = {form[1], EnglishCountryName(form[1]),
                                  "curated"};
  }
  for (const auto& form : kNisbas) {
    places->nisbas[form[0]] = {form[1], EnglishCountryName(form[1]), "curated"};
  }
}

// The labels a city name stands for: itself, and without an administrative
// head noun when it has one.
std::vector<std::string> CityLabels(const std::string& name) {
  std::vector<std::string> labels = {name};
  for (const char* head : kHeads) {
    if (FirstWord(name) == head && name.size() > FirstWord(name).size()) {
      labels.push_back(name.substr(FirstWord(name).size() + 1));
    }
  }
  return labels;
}

// Reads the world-cities rows after the header: their countries that CLDR
// does not name, and their cities.
void ReadWorldCities(std::istream& in, const CldrCountries& cldr,
                     Places* places) {
  std::string line;
  std::getline(in, line);  // Header.
  while (std::getline(in, line)) {
    std::vector<std::string> f = CsvFields(line);
    if (f.size() < 5) continue;
    const std::string& country_ar = f[0];
    const std::string& country_en = f[1];
    std::string iso;
    if (auto it = cldr.iso_by_english.find(country_en);
        it != cldr.iso_by_english.end()) {
      iso = it->second;
    } else if (auto it2 = cldr.iso_by_arabic.find(khabar::NameKey(country_ar));
               it2 != cldr.iso_by_arabic.end()) {
      iso = it2->second;
    } else {
      ++places->unmapped;
      continue;
    }
    const std::string country_key = khabar::NameKey(country_ar);
    if (!cldr.iso_by_arabic.count(country_key) &&
        !places->countries.count(country_ar)) {
      places->countries[country_ar] = {iso, EnglishCountryName(iso),
                                       "world-cities"};
      places->country_keys.insert(country_key);
    }
    const std::string& name = f[2];
    bool skip = false;
    for (const char* bad : kNotPlaces) skip |= FirstWord(name) == bad;
    if (skip || name.empty()) continue;
    int64_t population = 0;
    (void)absl::SimpleAtoi(f[4], &population);
    for (const std::string& label : CityLabels(name)) {
      const std::string key = khabar::NameKey(label);
      if (key.empty()) continue;
      places->cities[key].push_back({iso, f[3], population});
      if (!places->display.count(key)) places->display[key] = label;
    }
  }
}

// Writes the description lines and the country and nisba rows.
void WriteCountriesAndNisbas(const Places& places) {
  std::cout << "# Places for entity links: country names beyond ICU CLDR, "
               "irregular nationality adjectives, world cities "
               "(world-cities-ar-en, CC BY 4.0; built by "
               "khabar-build-places)\n"
               "# KIND\tARABIC\tISO\tENGLISH\tSOURCE\n";
  for (const auto& [arabic, row] : places.countries) {
    std::cout << "country\t" << arabic << '\t' << row.iso << '\t' << row.english
              << '\t' << row.source << '\n';
  }
  for (const auto& [arabic, row] : places.nisbas) {
    std::cout << "nisba\t" << arabic << '\t' << row.iso << '\t' << row.english
              << '\t' << row.source << '\n';
  }
}

// Adds the curated cities, ahead of any row of the same name.
void AddCuratedCities(Places* places) {
  for (const auto& city : kCuratedCities) {
    const std::string key = khabar::NameKey(city[0]);
    // Curated: the best-known city of its name whatever the data says.
    places->cities[key].push_back(
        {city[1], city[2], std::numeric_limits<int64_t>::max() / 4, "curated"});
    places->display[key] = city[0];
    places->curated_city_keys.insert(key);
  }
}

// Writes the city names that are no country's, English from the most
// populous row: a name of one country's cities, or of several countries'
// when the most populous is kBestKnownFactor times the largest other's
// (the best-known city); counts them (*kept, of which *resolved were
// shared) and the names left out (*ambiguous).
void WriteCities(const Places& places, int* kept, int* resolved,
                 int* ambiguous) {
  std::map<std::string, City> out;
  for (const auto& [key, list] : places.cities) {
    if (places.country_keys.count(key) &&
        !places.curated_city_keys.count(key)) {
      continue;
    }
    std::map<std::string, int64_t> largest_by_iso;
    const City* best = &list[0];
    for (const City& c : list) {
      int64_t& largest = largest_by_iso[c.iso];
      largest = std::max(largest, c.population);
      if (c.population > best->population) best = &c;
    }
    if (largest_by_iso.size() > 1) {
      int64_t other = 0;
      for (const auto& [iso, population] : largest_by_iso) {
        if (iso != best->iso) other = std::max(other, population);
      }
      if (best->population < kBestKnownFactor * std::max<int64_t>(other, 1)) {
        ++*ambiguous;
        continue;
      }
      ++*resolved;
    }
    out[places.display.at(key)] = *best;
  }
  for (const auto& [arabic, city] : out) {
    std::cout << "city\t" << arabic << '\t' << city.iso << '\t' << city.english
              << '\t' << city.source << '\n';
    ++*kept;
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2 || std::string(argv[1]) == "--help") {
    std::fprintf(stderr,
                 "Usage: khabar-build-places world-cities.csv > places.tsv\n");
    return argc == 2 ? 0 : 2;
  }
  std::ifstream in(argv[1], std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "khabar-build-places: cannot open %s\n", argv[1]);
    return 1;
  }
  Places places;
  const CldrCountries cldr = ReadCldrCountries(&places.country_keys);
  AddCuratedPlaces(&places);
  ReadWorldCities(in, cldr, &places);
  AddCuratedCities(&places);

  WriteCountriesAndNisbas(places);
  int kept = 0, resolved = 0, ambiguous = 0;
  WriteCities(places, &kept, &resolved, &ambiguous);
  std::fprintf(stderr,
               "khabar-build-places: %zu country names, %zu nisbas, %d cities "
               "(%d names of several countries' cities linked to the best "
               "known, %d left out; %d rows of unmapped countries)\n",
               places.countries.size(), places.nisbas.size(), kept, resolved,
               ambiguous, places.unmapped);
  return 0;
}
