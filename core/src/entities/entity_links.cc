#include "entities/entity_links.h"

#include <fstream>
#include <mutex>
#include <sstream>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "base/match.h"
#include "base/utf8.h"
#include "entities/entity_grouping.h"
#include "text/normalizer.h"
#include "unicode/locid.h"
#include "unicode/normalizer2.h"
#include "unicode/translit.h"
#include "unicode/unistr.h"

namespace khabar {
namespace {

// Arabic-Latin alone: its marks (ạ, ḥ, ẖ, ʿ) come off by NFD and an
// ASCII filter, which gives what "; Latin-ASCII; Lower" would at a fifth
// of the cost.
constexpr char kTransliterator[] = "Arabic-Latin";

// The masculine singular nationality adjective of a one-word country name
// in matching form, article off; empty when the rule gives none.
std::string DeriveNisba(std::string_view name) {
  if (CodePoints(name) < 3 || EndsWith(name, "ي")) return "";
  std::string stem(name);
  if (EndsWith(name, "يه") || EndsWith(name, "يا")) {
    stem.resize(stem.size() - 4);  // السعودية -> سعود, ألمانيا -> ألمان.
  } else if (EndsWith(name, "ا") || EndsWith(name, "ه")) {
    stem.resize(stem.size() - 2);  // فرنسا -> فرنس, سنغافورة -> سنغافور.
  }
  return stem + "ي";
}

// Matching form without a written article: العراق -> عراق, but ألمانيا
// (hamza on the alef: no article) -> المانيا, as the tokenizer's base.
bool HasShadda(std::string_view s) {
  return s.find("\u0651") != std::string_view::npos;
}

std::string StripArticle(std::string_view name) {
  std::string_view word = name;
  if (StartsWith(word, "ال") && CodePoints(word) >= 4) {
    word.remove_prefix(4);
  }
  return MatchingForm(word);
}

std::string ToUtf8(const icu::UnicodeString& s) {
  std::string out;
  s.toUTF8String(out);
  return out;
}

}  // namespace

// Clones of one transliterator, handed out one per call.
struct EntityLinker::Pool {
  std::unique_ptr<icu::Transliterator> prototype;
  std::mutex mutex;
  std::vector<std::unique_ptr<icu::Transliterator>> free;

  std::unique_ptr<icu::Transliterator> Take() {
    {
      std::lock_guard<std::mutex> lock(mutex);
      if (!free.empty()) {
        std::unique_ptr<icu::Transliterator> t = std::move(free.back());
        free.pop_back();
        return t;
      }
    }
    // clone() of a built transliterator shares its compiled rules.
    return std::unique_ptr<icu::Transliterator>(prototype->clone());
  }
  void Give(std::unique_ptr<icu::Transliterator> t) {
    std::lock_guard<std::mutex> lock(mutex);
    free.push_back(std::move(t));
  }
};

EntityLinker::EntityLinker() : pool_(std::make_unique<Pool>()) {}
EntityLinker::~EntityLinker() = default;

absl::StatusOr<std::unique_ptr<EntityLinker>> EntityLinker::Create(
    const std::string& places_path) {
  std::string contents;
  if (!places_path.empty()) {
    std::ifstream in(places_path, std::ios::binary);
    if (!in) {
      return absl::NotFoundError(absl::StrCat("cannot open ", places_path));
    }
    std::ostringstream ss;
    ss << in.rdbuf();
    contents = ss.str();
  }
  auto linker = FromText(contents);
  if (!linker.ok() && !places_path.empty() &&
      absl::IsInvalidArgument(linker.status())) {
    return absl::InvalidArgumentError(
        absl::StrCat(places_path, ": ", linker.status().message()));
  }
  return linker;
}

absl::StatusOr<std::unique_ptr<EntityLinker>> EntityLinker::FromText(
    std::string_view places_tsv) {
  std::unique_ptr<EntityLinker> linker(new EntityLinker());
  UErrorCode status = U_ZERO_ERROR;
  linker->pool_->prototype.reset(icu::Transliterator::createInstance(
      kTransliterator, UTRANS_FORWARD, status));
  if (U_FAILURE(status) || linker->pool_->prototype == nullptr) {
    return absl::InternalError(absl::StrCat(
        "ICU transliterator \"", kTransliterator, "\": ", u_errorName(status)));
  }

  auto add_nisba = [&](const std::string& adjective, int32_t country) {
    if (adjective.empty()) return;
    for (const char* ending : {"", "ه", "ون", "ين"}) {
      auto [it, fresh] = linker->nisba_.emplace(adjective + ending, country);
      if (!fresh && it->second != country &&
          (it->second < 0 || linker->countries_[it->second].iso !=
                                 linker->countries_[country].iso)) {
        it->second = -1;
      }
    }
  };
  auto add_country_name = [&](std::string_view name, int32_t country) {
    const std::vector<std::string> words = NameWords(name);
    if (words.empty()) return;
    linker->country_by_key_.emplace(NameKey(name), country);
    if (words.size() == 1) add_nisba(DeriveNisba(StripArticle(name)), country);
  };

  // CLDR: every ISO 3166 region with its Arabic and English display names.
  const icu::Locale arabic("ar");
  const icu::Locale english("en");
  absl::flat_hash_map<std::string, int32_t> by_iso;
  for (const char* const* code = icu::Locale::getISOCountries(); *code;
       ++code) {
    icu::UnicodeString ar, en;
    const icu::Locale region("", *code);
    region.getDisplayCountry(arabic, ar);
    region.getDisplayCountry(english, en);
    CountryInfo info{*code, ToUtf8(en), ToUtf8(ar)};
    const int32_t index = static_cast<int32_t>(linker->countries_.size());
    by_iso[info.iso] = index;
    // "ميانمار (بورما)": both the name and the bracketed one.
    std::string name = info.arabic;
    linker->countries_.push_back(std::move(info));
    const size_t open = name.find(" (");
    if (open != std::string::npos) {
      const size_t close = name.find(')', open);
      add_country_name(name.substr(open + 2, close - open - 2), index);
      name.resize(open);
    }
    add_country_name(name, index);
  }

  // places.tsv: KIND<TAB>ARABIC<TAB>ISO<TAB>ENGLISH<TAB>SOURCE.
  int line_number = 0;
  for (absl::string_view line : absl::StrSplit(
           absl::string_view(places_tsv.data(), places_tsv.size()), '\n')) {
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) continue;
    if (line[0] == '#') {
      if (linker->description_.empty()) {
        line.remove_prefix(1);
        while (!line.empty() && line[0] == ' ') line.remove_prefix(1);
        linker->description_ = std::string(line);
      }
      continue;
    }
    std::vector<absl::string_view> f = absl::StrSplit(line, '\t');
    if (f.size() < 4) {
      return absl::InvalidArgumentError(
          absl::StrCat("line ", line_number,
                       ": expected KIND, ARABIC, ISO, ENGLISH[, SOURCE]"));
    }
    const std::string name(f[1]);
    const std::string iso(f[2]);
    auto country = by_iso.find(iso);
    if (country == by_iso.end()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "line ", line_number, ": unknown ISO 3166 code \"", iso, "\""));
    }
    if (f[0] == "country") {
      add_country_name(name, country->second);
    } else if (f[0] == "nisba") {
      if (NameWords(name).size() == 1) {
        add_nisba(StripArticle(name), country->second);
      }
    } else if (f[0] == "city") {
      const std::string key = NameKey(name);
      const int32_t index = static_cast<int32_t>(linker->cities_.size());
      linker->cities_.push_back({iso, std::string(f[3])});
      auto [it, fresh] = linker->city_by_key_.emplace(key, index);
      if (!fresh) it->second = -1;
    } else {
      return absl::InvalidArgumentError(absl::StrCat(
          "line ", line_number, ": kind must be country, nisba or city"));
    }
  }
  return linker;
}

const CountryInfo* EntityLinker::FindCountry(std::string_view name) const {
  auto it = country_by_key_.find(NameKey(name));
  return it == country_by_key_.end() ? nullptr : &countries_[it->second];
}

const CountryInfo* EntityLinker::FindNisba(std::string_view base) const {
  // Every form ends in ي, يه, يون or يين; most words end otherwise.
  if (!EndsWith(base, "ي") && !EndsWith(base, "يه") && !EndsWith(base, "ين") &&
      !EndsWith(base, "ون")) {
    return nullptr;
  }
  auto it = nisba_.find(absl::string_view(base.data(), base.size()));
  if (it == nisba_.end() || it->second < 0) return nullptr;
  return &countries_[it->second];
}

const CityInfo* EntityLinker::FindCity(std::string_view name) const {
  auto it = city_by_key_.find(NameKey(name));
  if (it == city_by_key_.end() || it->second < 0) return nullptr;
  return &cities_[it->second];
}

std::string EntityLinker::Romanize(std::string_view text) const {
  // ع and ء would come out as marks (ʿ ʾ) that the ASCII filter drops: they
  // are written 3 and 2, as Arabic chat alphabets write them, so that every
  // consonant stays in the key (عمّان -> 3man, not man).
  std::string form = MatchingForm(text);
  form = absl::StrReplaceAll(form, {{"\u0639", "3"}, {"\u0621", "2"}});
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(
      icu::StringPiece(form.data(), static_cast<int32_t>(form.size())));
  std::unique_ptr<icu::Transliterator> t = pool_->Take();
  t->transliterate(u);
  pool_->Give(std::move(t));
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(status);
  if (U_SUCCESS(status)) u = nfd->normalize(u, status);
  const std::string latin = ToUtf8(u);
  // Only ASCII letters and digits: signs such as ʿ (ain) would make the
  // key depend on the ICU version's choice of mark.
  std::string out;
  bool space = false;
  for (char c : latin) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      if (space && !out.empty()) out.push_back(' ');
      space = false;
      out.push_back(c);
    } else if (c == ' ') {
      space = true;
    }
  }
  return out;
}

void EntityLinker::Link(std::vector<Entity>* entities) const {
  for (Entity& entity : *entities) {
    entity.links.romanized = Romanize(entity.name);
    if (entity.type == EntityType::kPerson) continue;
    std::vector<const std::string*> names = {&entity.name};
    for (const std::string& alias : entity.aliases) names.push_back(&alias);
    const CountryInfo* country = nullptr;
    for (const std::string* name : names) {
      country = FindCountry(*name);
      // Matching forms drop the shadda, but a written one marks a doubled
      // letter the country's name lacks: عمّان (Amman) is not عُمان (Oman).
      if (country != nullptr && HasShadda(*name) &&
          !HasShadda(country->arabic)) {
        country = nullptr;
      }
      if (country != nullptr) break;
    }
    if (country != nullptr) {
      entity.links.iso_3166 = country->iso;
      entity.links.english_name = country->english;
      continue;
    }
    if (entity.type != EntityType::kLocation) continue;
    for (const std::string* name : names) {
      if (const CityInfo* city = FindCity(*name)) {
        entity.links.iso_3166 = city->iso;
        entity.links.english_name = city->english;
        break;
      }
    }
  }
}

}  // namespace khabar
