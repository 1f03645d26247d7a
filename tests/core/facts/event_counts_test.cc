// Event counts on sentences of our own, and the facts stages end to end on
// the seed article and a news sample through khabar::Analyzer.
#include "facts/event_counts.h"

#include <memory>
#include <string>
#include <vector>

#include "facts_test_util.h"
#include "gtest/gtest.h"
#include "khabar/analyzer.h"
#include "khabar/cancellation.h"
#include "test_paths.h"

namespace khabar {
namespace {

std::vector<EventCount> Events(const std::string& text,
                               const std::vector<Entity>& entities = {}) {
  testing::Tokenized t = testing::TokenizeOneSentence(text);
  return FindEvents(t.text, t.sentences, t.tokens, entities);
}

TEST(EventCountsTest, CoordinatedVictimsOfTheSeed) {
  std::vector<EventCount> e = Events(
      "وأقرّ التحالف بمقتل متعاقد وإصابة خمسة آخرين إضافة إلى جندي أميركي");
  ASSERT_EQ(e.size(), 2u);
  EXPECT_EQ(e[0].type, EventType::kKill);
  EXPECT_EQ(e[0].count, 1);
  EXPECT_EQ(e[0].object, "متعاقد");
  EXPECT_EQ(e[0].text, "مقتل متعاقد");
  EXPECT_EQ(e[1].type, EventType::kWound);
  EXPECT_EQ(e[1].count, 6);  // Five others plus one soldier.
  EXPECT_EQ(e[1].object, "اخر");
  EXPECT_EQ(e[1].text, "إصابة خمسة آخرين إضافة إلى جندي أميركي");

  e = Events("أدّى إلى مقتل متعاقد مدني واحد وإصابة 6 آخرين بينهم جندي أميركي");
  ASSERT_EQ(e.size(), 2u);
  EXPECT_EQ(e[0].type, EventType::kKill);
  EXPECT_EQ(e[0].count, 1);
  EXPECT_EQ(e[0].text, "مقتل متعاقد مدني واحد");
  EXPECT_EQ(e[1].type, EventType::kWound);
  EXPECT_EQ(e[1].count, 6);  // بينهم is a subset, not an addition.
}

// A count no event can have (1e120) is dropped, not cast: the cast was
// undefined behaviour, found by the analyze fuzzer.
TEST(EventCountsTest, AbsurdCountIsNoCount) {
  const std::string nines(120, '9');
  for (const std::string& text :
       {"وقتل " + nines + " شخصا في الهجوم.", nines + " هجوم",
        // Before the victim noun, and before its counted noun (CI's fuzzer).
        nines + " قتيل.", nines + " شخصا مفقودين."}) {
    for (const EventCount& e : Events(text)) {
      EXPECT_GE(e.count, 0) << text;
      EXPECT_LE(e.count, 100'000'000'000) << text;
    }
  }
  const std::vector<EventCount> e = Events("وقتل 12 شخصا في الهجوم.");
  ASSERT_FALSE(e.empty());
  EXPECT_EQ(e[0].count, 12);
}

TEST(EventCountsTest, CountsBeforeAndAfterTheTrigger) {
  std::vector<EventCount> e = Events("أسفر عن سقوط 3 قتلى و10 جرحى");
  ASSERT_EQ(e.size(), 2u);
  EXPECT_EQ(e[0].type, EventType::kKill);
  EXPECT_EQ(e[0].count, 3);
  EXPECT_EQ(e[1].type, EventType::kWound);
  EXPECT_EQ(e[1].count, 10);

  e = Events("اعتقال 20 شخصا ومقتل جنديين");
  ASSERT_EQ(e.size(), 2u);
  EXPECT_EQ(e[0].type, EventType::kArrest);
  EXPECT_EQ(e[0].count, 20);
  EXPECT_EQ(e[0].object, "شخص");
  EXPECT_EQ(e[1].type, EventType::kKill);
  EXPECT_EQ(e[1].count, 2);
  EXPECT_EQ(e[1].object, "جندي");

  e = Events("نزوح عشرات الآلاف من السكان");
  ASSERT_EQ(e.size(), 1u);
  EXPECT_EQ(e[0].type, EventType::kDisplace);
  EXPECT_EQ(e[0].count, 10000);
  EXPECT_TRUE(e[0].approximate);

  e = Events("مقتل أكثر من 20 شخصاً");
  ASSERT_EQ(e.size(), 1u);
  EXPECT_EQ(e[0].count, 20);
  EXPECT_TRUE(e[0].approximate);
}

TEST(EventCountsTest, NoWoundsInEpidemicCounts) {
  EXPECT_TRUE(Events("تسجيل إصابة 500 شخص بفيروس كورونا").empty());
}

// A player's injury before a match is no casualty, and «مقتل العديد» has
// no count of one.
TEST(EventCountsTest, NoCasualtiesInSportOrUncountedQuantifiers) {
  EXPECT_TRUE(
      Events("وغاب اللاعب عن المباراة بسبب إصابة حسن في الركبة").empty());
  for (const EventCount& e : Events("وأدى ذلك إلى مقتل العديد من المدنيين")) {
    EXPECT_NE(e.type, EventType::kKill) << e.text;
  }
  // Wounds elsewhere still count.
  ASSERT_EQ(Events("وأدى الانفجار إلى إصابة 12 شخصا").size(), 1u);
}

TEST(EventCountsTest, AttacksWithMeansCountAndPlace) {
  // قذائف هاون with a place entity after the trigger.
  const std::string text = "أفيد بسقوط قذائف هاون في محيط مطار أربيل";
  testing::Tokenized t = testing::TokenizeOneSentence(text);
  int32_t erbil = -1;
  for (size_t i = 0; i < t.tokens.size(); ++i) {
    if (t.tokens[i].text == "أربيل") erbil = static_cast<int32_t>(i);
  }
  ASSERT_GE(erbil, 0);
  Entity place;
  place.id = "e7";
  place.type = EntityType::kLocation;
  Mention mention;
  mention.first_token = erbil;
  mention.end_token = erbil + 1;
  place.mentions.push_back(mention);
  std::vector<EventCount> e =
      FindEvents(t.text, t.sentences, t.tokens, {place});
  ASSERT_EQ(e.size(), 1u);
  EXPECT_EQ(e[0].type, EventType::kAttack);
  EXPECT_EQ(e[0].object, "هاون");
  EXPECT_EQ(e[0].count, 1);
  EXPECT_EQ(e[0].location_entity_id, "e7");

  e = Events("شنت الطائرات ثلاث غارات جوية");
  ASSERT_EQ(e.size(), 1u);
  EXPECT_EQ(e[0].count, 3);
  EXPECT_EQ(e[0].object, "جويه");
  e = Events("بعد الهجوم الصاروخي");
  ASSERT_EQ(e.size(), 1u);
  EXPECT_EQ(e[0].object, "صاروخي");
  EXPECT_TRUE(Events("شن هجوم إعلامي").empty());
}

// The whole pipeline with the shipped models.
std::unique_ptr<Analyzer> CommittedAnalyzer() {
  AnalyzerOptions options;
  options.lexicon_path = testing::SourceDir() + "/models/lexicon.tsv";
  options.ner_model_path = testing::SourceDir() + "/models/ner.model";
  auto analyzer = Analyzer::Create(options);
  EXPECT_TRUE(analyzer.ok()) << analyzer.status();
  return analyzer.ok() ? *std::move(analyzer) : nullptr;
}

TEST(FactsEndToEndTest, SeedArticleCountsTroopsAndDates) {
  const std::string path =
      testing::SharedDir() + "/seeds/000_8a377a5b990fa512.txt";
  KHABAR_REQUIRE_SHARED(path);
  std::unique_ptr<Analyzer> analyzer = CommittedAnalyzer();
  ASSERT_NE(analyzer, nullptr);
  const std::string text = testing::ReadFileOrEmpty(path);
  Article article;
  article.text = text;
  article.published_at = 1613563200;  // Wednesday 2021-02-17 12:00 UTC.
  auto analysis = analyzer->Analyze(article, AnalyzeOptions());
  ASSERT_TRUE(analysis.ok()) << analysis.status();
  EXPECT_TRUE(analyzer->available_features() & kFeatureEvents);

  std::vector<const EventCount*> kills, wounds;
  const EventCount* mortars = nullptr;
  for (const EventCount& e : analysis->events) {
    if (e.type == EventType::kKill) kills.push_back(&e);
    if (e.type == EventType::kWound) wounds.push_back(&e);
    if (e.type == EventType::kAttack && e.object == "هاون") mortars = &e;
  }
  // The toll is told twice («مقتل متعاقد وإصابة خمسة آخرين إضافة إلى
  // جندي», «مقتل متعاقد مدني واحد وإصابة 6 آخرين»): one event each.
  ASSERT_EQ(kills.size(), 1u);
  ASSERT_EQ(wounds.size(), 1u);
  EXPECT_EQ(kills[0]->count, 1);
  EXPECT_EQ(kills[0]->object, "متعاقد");
  EXPECT_EQ(wounds[0]->count, 6);
  ASSERT_NE(mortars, nullptr);
  // «بسقوط قذائف هاون في محيط مطار أربيل الدولي بإقليم كردستان العراق»:
  // the place is a location of that sentence (the airport may be tagged as
  // a facility, so Kurdistan is as right as Erbil).
  ASSERT_FALSE(mortars->location_entity_id.empty());
  bool named = false;
  for (const Entity& entity : analysis->entities) {
    if (entity.id == mortars->location_entity_id) {
      named = entity.name.find("أربيل") != std::string::npos ||
              entity.name.find("كردستان") != std::string::npos;
    }
  }
  EXPECT_TRUE(named);
  int attacks_with_place = 0;
  for (const EventCount& e : analysis->events) {
    if (e.type == EventType::kAttack && !e.location_entity_id.empty()) {
      ++attacks_with_place;
    }
  }
  EXPECT_GT(attacks_with_place, 0);

  // The troop numbers: 500, then about 4000 or 5000, all soldiers.
  const Quantity* troops = nullptr;
  const Quantity* range = nullptr;
  for (const Quantity& q : analysis->quantities) {
    if (q.value == 500) troops = &q;
    if (q.value == 4000) range = &q;
  }
  ASSERT_NE(troops, nullptr);
  ASSERT_NE(range, nullptr);
  EXPECT_EQ(troops->object, "جندي");
  EXPECT_EQ(range->object, "جندي");
  EXPECT_EQ(range->value_max, 5000);
  EXPECT_TRUE(range->approximate);

  // مساء الاثنين and مساء الثلاثاء before a Wednesday publication.
  bool monday = false, tuesday = false;
  for (const TimeExpression& d : analysis->dates) {
    if (d.text == "مساء الاثنين") monday = d.value == "2021-02-15";
    if (d.text == "مساء الثلاثاء") tuesday = d.value == "2021-02-16";
  }
  EXPECT_TRUE(monday);
  EXPECT_TRUE(tuesday);
}

TEST(FactsEndToEndTest, OilPricesNewsSample) {
  const std::string path = testing::SharedDir() + "/data/news-samples/005.txt";
  KHABAR_REQUIRE_SHARED(path);
  std::unique_ptr<Analyzer> analyzer = CommittedAnalyzer();
  ASSERT_NE(analyzer, nullptr);
  const std::string text = testing::ReadFileOrEmpty(path);
  Article article;
  article.text = text;
  auto analysis = analyzer->Analyze(article, AnalyzeOptions());
  ASSERT_TRUE(analysis.ok()) << analysis.status();
  // "سجلت العقود الآجلة لخام برنت 78.22 دولار للبرميل، بانخفاض 21 سنتا أو
  // 0.3 بالمئة" and "4.9 مليون برميل".
  bool brent = false, percent = false, barrels = false;
  for (const Quantity& q : analysis->quantities) {
    if (q.text == "78.22 دولار") {
      brent = q.kind == QuantityKind::kMoney && q.unit == "USD";
    }
    if (q.text == "0.3 بالمئة") {
      percent = q.kind == QuantityKind::kPercent && q.value == 0.3;
    }
    if (q.text == "4.9 مليون برميل") {
      barrels = q.kind == QuantityKind::kMeasure && q.value == 4.9e6 &&
                q.unit == "برميل";
    }
  }
  EXPECT_TRUE(brent);
  EXPECT_TRUE(percent);
  EXPECT_TRUE(barrels);
  // "وبحلول الساعة 06:44 بتوقيت غرينتش" and "منذ شهر نوفمبر 2014".
  bool clock = false, november = false;
  for (const TimeExpression& d : analysis->dates) {
    if (d.kind == TimeKind::kTime && d.value == "T06:44") clock = true;
    if (d.value == "2014-11") november = true;
  }
  EXPECT_TRUE(clock);
  EXPECT_TRUE(november);
  // Without a publication date, the weekday stays unresolved.
  for (const TimeExpression& d : analysis->dates) {
    if (d.text == "الأربعاء") {
      EXPECT_EQ(d.kind, TimeKind::kRelative);
      EXPECT_EQ(d.value, "");
    }
  }
}

// Where news puts the count (issue 14): after the noun as an adjective,
// before a verb, after the verb's subject, before مصرع, on bodies and on
// the missing, and through الذين.
TEST(EventCountsTest, CountsWhereNewsPutsThem) {
  auto one = [](const std::string& text) {
    std::vector<EventCount> e = Events(text);
    EXPECT_EQ(e.size(), 1u) << text;
    return e.empty() ? EventCount() : e[0];
  };
  EventCount e = one("قتل الجنود الثلاثة في المعركة");
  EXPECT_EQ(e.type, EventType::kKill);
  EXPECT_EQ(e.count, 3);
  e = one("وقال إن أربعة مسلحين قُتلوا في الاشتباك");
  EXPECT_EQ(e.type, EventType::kKill);
  EXPECT_EQ(e.count, 4);
  e = one("وأصاب المسلح 4 آخرين بجروح");
  EXPECT_EQ(e.type, EventType::kWound);
  EXPECT_EQ(e.count, 4);
  e = one("ولقي ثلاثة أشخاص مصرعهم في الحادث");
  EXPECT_EQ(e.type, EventType::kKill);
  EXPECT_EQ(e.count, 3);
  e = one("وعثر على جثث خمسة أشخاص قرب النهر");
  EXPECT_EQ(e.type, EventType::kKill);
  EXPECT_EQ(e.count, 5);
  e = one("وما زال 12 شخصا مفقودين");
  EXPECT_EQ(e.type, EventType::kMissing);
  EXPECT_EQ(e.count, 12);
  // What befell them is the verb after الذين, not the noun before it.
  e = one("في إشارة إلى آلاف المعتقلين الذين قُتلوا تحت التعذيب");
  EXPECT_EQ(e.type, EventType::kKill);
  EXPECT_TRUE(e.approximate);
}

// A toll or an attack told again is one event, at its first mention.
TEST(EventCountsTest, RepeatedTollIsOneEvent) {
  std::vector<EventCount> e = Events(
      "ارتفعت الحصيلة إلى نحو مئتي قتيل وفق الحكومة. وأعلنت الحكومة "
      "ارتفاع حصيلة القتلى إلى 199 شخصا. ووقع الهجوم الانتحاري ليلا "
      "وتبنى التنظيم الهجوم.");
  int kills = 0, attacks = 0;
  for (const EventCount& event : e) {
    kills += event.type == EventType::kKill;
    attacks += event.type == EventType::kAttack;
  }
  EXPECT_EQ(kills, 1);
  EXPECT_EQ(attacks, 1);
  // Different counts are different tolls.
  e = Events("قتل 3 جنود في الهجوم الأول وقتل 7 مدنيين في الثاني.");
  kills = 0;
  for (const EventCount& event : e) kills += event.type == EventType::kKill;
  EXPECT_EQ(kills, 2);
}

TEST(EventCountsTest, StopsWhenCancelled) {
  testing::Tokenized t =
      testing::TokenizeOneSentence("وقتل 12 شخصا وأصيب 30 آخرون في الهجوم");
  ASSERT_FALSE(FindEvents(t.text, t.sentences, t.tokens, {}).empty());
  Cancellation cancelled;
  cancelled.Cancel();
  EXPECT_TRUE(
      FindEvents(t.text, t.sentences, t.tokens, {}, &cancelled).empty());
}

}  // namespace
}  // namespace khabar
