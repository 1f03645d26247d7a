// Document-level entities end to end (models/ner.model, lexicon, aliases,
// places) on the seed article and two news samples.
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "khabar/analyzer.h"
#include "test_paths.h"

namespace khabar {
namespace {

using ::testing::Contains;

const Analyzer* SharedAnalyzer() {
  static const Analyzer* analyzer = [] {
    AnalyzerOptions options;
    options.lexicon_path = testing::SourceDir() + "/models/lexicon.tsv";
    options.ner_model_path = testing::SourceDir() + "/models/ner.model";
    auto created = Analyzer::Create(options);
    EXPECT_TRUE(created.ok()) << created.status();
    return created.ok() ? created->release() : nullptr;
  }();
  return analyzer;
}

Analysis AnalyzeFile(const std::string& path) {
  Article article;
  const std::string text = testing::ReadFileOrEmpty(path);
  article.text = text;
  auto result = SharedAnalyzer()->Analyze(article, AnalyzeOptions());
  EXPECT_TRUE(result.ok()) << result.status();
  return result.ok() ? *std::move(result) : Analysis();
}

// The entity table, for failure messages.
std::string Table(const Analysis& analysis) {
  std::string out;
  for (const Entity& e : analysis.entities) {
    char line[64];
    std::snprintf(line, sizeof(line), " %.3f %zu ", e.salience,
                  e.mentions.size());
    out += e.id + " " + e.name + " t" +
           std::to_string(static_cast<int>(e.type)) + line + e.links.iso_3166 +
           "/" + e.links.english_name + "/" + e.links.romanized;
    for (const std::string& a : e.aliases) out += " |" + a;
    for (const Role& r : e.roles)
      out += " [" + r.text + "->" + r.related_entity_id + "]";
    for (const EntityAttribute& a : e.attributes) {
      out += " {" + a.text + "->" + a.related_entity_id + "}";
    }
    out += "\n";
  }
  return out;
}

const Entity* Find(const Analysis& analysis, const std::string& name) {
  for (const Entity& e : analysis.entities) {
    if (e.name == name) return &e;
    for (const std::string& a : e.aliases) {
      if (a == name) return &e;
    }
  }
  return nullptr;
}

TEST(EntitiesSeedTest, SeedArticle) {
  const std::string seed =
      testing::SharedDir() + "/seeds/000_8a377a5b990fa512.txt";
  KHABAR_REQUIRE_SHARED(seed);
  ASSERT_NE(SharedAnalyzer(), nullptr);
  const Analysis analysis = AnalyzeFile(seed);
  const std::string table = Table(analysis);
  SCOPED_TRACE(table);

  double total = 0;
  for (size_t i = 0; i < analysis.entities.size(); ++i) {
    const Entity& e = analysis.entities[i];
    EXPECT_EQ(e.id, "e" + std::to_string(i + 1));
    EXPECT_GE(e.salience, 0);
    EXPECT_LE(e.salience, 1);
    if (i > 0) {
      EXPECT_LE(e.salience, analysis.entities[i - 1].salience);
    }
    total += e.salience;
  }
  EXPECT_NEAR(total, 1.0, 1e-9);

  auto person = [&](const std::string& name) {
    const Entity* e = Find(analysis, name);
    EXPECT_NE(e, nullptr) << name;
    if (e != nullptr) {
      EXPECT_EQ(e->type, EntityType::kPerson) << name;
    }
    return e;
  };
  const Entity* us = Find(analysis, "الولايات المتحدة");
  const Entity* iraq = Find(analysis, "العراق");
  const Entity* nato = Find(analysis, "الناتو");
  ASSERT_NE(us, nullptr);
  ASSERT_NE(iraq, nullptr);
  ASSERT_NE(nato, nullptr);
  EXPECT_EQ(us->links.iso_3166, "US");
  EXPECT_EQ(us->type, EntityType::kLocation);
  EXPECT_EQ(iraq->links.iso_3166, "IQ");
  EXPECT_EQ(iraq->links.english_name, "Iraq");

  // بلينكن: one entity, the minister of the US foreign ministry named
  // just before.
  const Entity* blinken = person("بلينكن");
  ASSERT_NE(blinken, nullptr);
  EXPECT_EQ(blinken, Find(analysis, "أنتوني بلينكن"));
  ASSERT_FALSE(blinken->roles.empty());
  EXPECT_EQ(blinken->roles[0].related_entity_id, us->id);

  const Entity* kadhimi = person("الكاظمي");
  ASSERT_NE(kadhimi, nullptr);
  EXPECT_EQ(kadhimi->name, "مصطفى الكاظمي");
  ASSERT_FALSE(kadhimi->roles.empty());
  EXPECT_EQ(kadhimi->roles[0].text, "رئيس الوزراء العراقي");
  EXPECT_EQ(kadhimi->roles[0].related_entity_id, iraq->id);
  ASSERT_FALSE(kadhimi->attributes.empty());
  EXPECT_EQ(kadhimi->attributes[0].related_entity_id, iraq->id);

  const Entity* stoltenberg = person("ستولتنبرغ");
  ASSERT_NE(stoltenberg, nullptr);
  EXPECT_EQ(stoltenberg, Find(analysis, "ستولتنبيرغ"));
  EXPECT_THAT(stoltenberg->aliases, Contains("ستولتنبيرغ"));
  bool nato_role = false;
  for (const Role& r : stoltenberg->roles) {
    nato_role |=
        r.related_entity_id == nato->id && r.text.find("الأمين العام") == 0;
  }
  EXPECT_TRUE(nato_role);

  const Entity* maroto = person("واين ماروتو");
  ASSERT_NE(maroto, nullptr);
  std::vector<std::string> maroto_roles;
  for (const Role& r : maroto->roles) maroto_roles.push_back(r.text);
  EXPECT_THAT(maroto_roles, Contains("العقيد"));
  EXPECT_THAT(maroto_roles, Contains("المتحدث باسم التحالف الدولي"));

  EXPECT_EQ(nato->type, EntityType::kOrganization);
  EXPECT_EQ(nato, Find(analysis, "حلف شمال الأطلسي"));
  EXPECT_EQ(nato, Find(analysis, "حلف الأطلسيّ"));
  const Entity* daesh = Find(analysis, "داعش");
  ASSERT_NE(daesh, nullptr);
  EXPECT_EQ(daesh->type, EntityType::kOrganization);

  for (const char* place :
       {"أربيل", "بغداد", "إقليم كردستان", "فرنسا", "ألمانيا", "بريطانيا",
        "إيطاليا", "الشرق الأوسط", "أفغانستان"}) {
    const Entity* e = Find(analysis, place);
    ASSERT_NE(e, nullptr) << place;
    EXPECT_EQ(e->type, EntityType::kLocation) << place;
  }
  EXPECT_EQ(Find(analysis, "بريطانيا")->links.iso_3166, "GB");
  EXPECT_EQ(Find(analysis, "بغداد")->links.english_name, "Baghdad");

  // The three most salient are among بلينكن, الكاظمي, الناتو, أربيل.
  const std::vector<const Entity*> top4 = {blinken, kadhimi, nato,
                                           Find(analysis, "أربيل")};
  ASSERT_GE(analysis.entities.size(), 3u);
  for (int i = 0; i < 3; ++i) {
    EXPECT_THAT(top4, Contains(&analysis.entities[i])) << i;
  }
}

// Two news samples with clear entities: an oil market report (OPEC,
// producer countries) and a football story (a French player, FIFA).
TEST(EntitiesSeedTest, NewsSamples) {
  const std::string dir = testing::SharedDir() + "/data/news-samples";
  KHABAR_REQUIRE_SHARED(dir + "/005.txt");
  ASSERT_NE(SharedAnalyzer(), nullptr);
  {
    const Analysis analysis = AnalyzeFile(dir + "/005.txt");
    SCOPED_TRACE(Table(analysis));
    const Entity* opec = Find(analysis, "أوبك");
    ASSERT_NE(opec, nullptr);
    EXPECT_EQ(opec->type, EntityType::kOrganization);
    EXPECT_EQ(opec->links.english_name,
              "Organization of the Petroleum Exporting Countries");
    for (const auto& [name, iso] :
         std::vector<std::pair<std::string, std::string>>{
             {"إيران", "IR"}, {"روسيا", "RU"}, {"كندا", "CA"}}) {
      const Entity* e = Find(analysis, name);
      ASSERT_NE(e, nullptr) << name;
      EXPECT_EQ(e->links.iso_3166, iso) << name;
    }
  }
  {
    const Analysis analysis = AnalyzeFile(dir + "/010.txt");
    SCOPED_TRACE(Table(analysis));
    const Entity* pavard = Find(analysis, "بافار");
    ASSERT_NE(pavard, nullptr);
    EXPECT_EQ(pavard->type, EntityType::kPerson);
    EXPECT_GE(pavard->mentions.size(), 5u);
    EXPECT_EQ(&analysis.entities[0], pavard);
    const Entity* fifa = Find(analysis, "الفيفا");
    ASSERT_NE(fifa, nullptr);
    EXPECT_EQ(fifa->links.english_name, "FIFA");
    const Entity* argentina = Find(analysis, "الأرجنتين");
    ASSERT_NE(argentina, nullptr);
    EXPECT_EQ(argentina->links.iso_3166, "AR");
  }
}

}  // namespace
}  // namespace khabar
