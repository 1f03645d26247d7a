#include "entities/entity_links.h"

#include <string>
#include <thread>
#include <vector>

#include "gtest/gtest.h"
#include "test_paths.h"

namespace khabar {
namespace {

constexpr char kPlaces[] =
    "# test places\n"
    "country\tبريطانيا\tGB\tUnited Kingdom\tcurated\n"
    "country\tأميركا\tUS\tUnited States\tcurated\n"
    "nisba\tأفغاني\tAF\tAfghanistan\tcurated\n"
    "city\tبغداد\tIQ\tBaghdad\tworld-cities\n"
    "city\tكابل\tAF\tKabul\tworld-cities\n"
    "city\tكابل\tCF\tKabo\tworld-cities\n";

std::unique_ptr<EntityLinker> Linker() {
  auto linker = EntityLinker::FromText(kPlaces);
  EXPECT_TRUE(linker.ok()) << linker.status();
  return linker.ok() ? *std::move(linker) : nullptr;
}

TEST(EntityLinkerTest, CountriesFromIcuAndPlaces) {
  auto linker = Linker();
  ASSERT_NE(linker, nullptr);
  EXPECT_EQ(linker->description(), "test places");
  const CountryInfo* iraq = linker->FindCountry("العراق");
  ASSERT_NE(iraq, nullptr);
  EXPECT_EQ(iraq->iso, "IQ");
  EXPECT_EQ(iraq->english, "Iraq");
  EXPECT_EQ(linker->FindCountry("عراق"), iraq);  // Without the article.
  EXPECT_EQ(linker->FindCountry("الولايات المتحدة")->iso, "US");
  EXPECT_EQ(linker->FindCountry("بريطانيا")->iso, "GB");
  EXPECT_EQ(linker->FindCountry("المملكة المتحدة")->iso, "GB");
  EXPECT_EQ(linker->FindCountry("بغداد"), nullptr);
}

TEST(EntityLinkerTest, NationalityAdjectives) {
  auto linker = Linker();
  ASSERT_NE(linker, nullptr);
  auto iso = [&](const char* base) {
    const CountryInfo* c = linker->FindNisba(base);
    return c == nullptr ? std::string("-") : c->iso;
  };
  EXPECT_EQ(iso("عراقي"), "IQ");
  EXPECT_EQ(iso("عراقيه"), "IQ");   // العراقية.
  EXPECT_EQ(iso("فرنسيين"), "FR");  // فرنسا -> فرنسي.
  EXPECT_EQ(iso("الماني"), "DE");   // ألمانيا: hamza, no article.
  EXPECT_EQ(iso("اميركي"), "US");   // From the short form أميركا.
  EXPECT_EQ(iso("بريطانيه"), "GB");
  EXPECT_EQ(iso("افغاني"), "AF");  // Irregular, from places.
  EXPECT_EQ(iso("مالي"), "-");     // Also "financial".
  EXPECT_EQ(iso("كاظمي"), "-");
}

TEST(EntityLinkerTest, CitiesUnambiguousOnly) {
  auto linker = Linker();
  ASSERT_NE(linker, nullptr);
  const CityInfo* baghdad = linker->FindCity("بغداد");
  ASSERT_NE(baghdad, nullptr);
  EXPECT_EQ(baghdad->iso, "IQ");
  EXPECT_EQ(baghdad->english, "Baghdad");
  EXPECT_EQ(linker->FindCity("كابل"), nullptr);  // Two countries.
}

TEST(EntityLinkerTest, LinkSetsCodesAndRomanizedKeys) {
  auto linker = Linker();
  ASSERT_NE(linker, nullptr);
  std::vector<Entity> entities(4);
  entities[0].name = "الكاظمي";
  entities[0].type = EntityType::kPerson;
  entities[1].name = "لبغداد";      // Not a city name as written...
  entities[1].aliases = {"بغداد"};  // ...but its alias is.
  entities[1].type = EntityType::kLocation;
  entities[2].name = "داعش";
  entities[2].type = EntityType::kOrganization;
  entities[3].name = "العراق";
  entities[3].type = EntityType::kOrganization;  // A tagger slip.
  linker->Link(&entities);
  EXPECT_EQ(entities[0].links.romanized, "alkazmy");
  EXPECT_TRUE(entities[0].links.iso_3166.empty());
  EXPECT_EQ(entities[1].links.english_name, "Baghdad");
  // ع is written 3: no consonant is lost.
  EXPECT_EQ(entities[2].links.romanized, "da3sh");
  EXPECT_EQ(linker->Romanize("عبد القادر"), "3bd alqadr");
  EXPECT_EQ(linker->Romanize("عمّان"), "3man");
  EXPECT_EQ(linker->Romanize("صنعاء"), "sn3a2");
  EXPECT_EQ(entities[3].links.iso_3166, "IQ");
}

TEST(EntityLinkerTest, WrittenShaddaTellsAmmanFromOman) {
  auto linker = Linker();
  ASSERT_NE(linker, nullptr);
  std::vector<Entity> entities(2);
  entities[0].name = "عمّان";  // Amman: the shadda doubles the mim.
  entities[0].type = EntityType::kLocation;
  entities[1].name = "عمان";  // Oman as usually written.
  entities[1].type = EntityType::kLocation;
  linker->Link(&entities);
  EXPECT_TRUE(entities[0].links.iso_3166.empty());
  EXPECT_EQ(entities[1].links.iso_3166, "OM");
}

TEST(EntityLinkerTest, RomanizeFromManyThreads) {
  auto linker = Linker();
  ASSERT_NE(linker, nullptr);
  std::vector<std::thread> threads;
  std::vector<int> wrong(8, 0);
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 200; ++i) {
        wrong[t] += linker->Romanize("بلينكن") != "blynkn";
      }
    });
  }
  for (auto& thread : threads) thread.join();
  for (int w : wrong) EXPECT_EQ(w, 0);
}

TEST(EntityLinkerTest, RejectsBadPlaces) {
  EXPECT_FALSE(EntityLinker::FromText("city\tx\tZZZ\tX\n").ok());
  EXPECT_FALSE(EntityLinker::FromText("town\tx\tIQ\tX\n").ok());
  EXPECT_FALSE(EntityLinker::FromText("city\tx\n").ok());
  EXPECT_FALSE(EntityLinker::Create("/no/such/places.tsv").ok());
}

TEST(EntityLinkerTest, CommittedPlacesLoad) {
  auto linker =
      EntityLinker::Create(testing::SourceDir() + "/models/places.tsv");
  ASSERT_TRUE(linker.ok()) << linker.status();
  EXPECT_GT((*linker)->city_count(), 5000u);
  EXPECT_EQ((*linker)->FindCity("القاهرة")->english, "Cairo");
  EXPECT_EQ((*linker)->FindCountry("السعودية")->iso, "SA");
  // The curated Amman shares Oman's key; the written shadda picks it.
  std::vector<Entity> entities(2);
  entities[0].name = "عمّان";
  entities[0].type = EntityType::kLocation;
  entities[1].name = "عمان";
  entities[1].type = EntityType::kLocation;
  (*linker)->Link(&entities);
  EXPECT_EQ(entities[0].links.english_name, "Amman");
  EXPECT_EQ(entities[0].links.iso_3166, "JO");
  EXPECT_EQ(entities[1].links.iso_3166, "OM");
}

}  // namespace
}  // namespace khabar
