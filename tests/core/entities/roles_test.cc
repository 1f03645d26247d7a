#include "entities/roles.h"

#include <string>
#include <tuple>
#include <vector>

#include "entities/entity_grouping.h"
#include "entities/entity_links.h"
#include "entity_test_util.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace khabar {
namespace {

using ::testing::ElementsAre;
using testing::MentionAt;
using testing::TokenizeText;

constexpr EntityType kPer = EntityType::kPerson;
constexpr EntityType kOrg = EntityType::kOrganization;

const EntityLinker& Linker() {
  static const EntityLinker* linker = [] {
    // The US adjectives come from its short forms (places.tsv).
    auto created = EntityLinker::FromText(
        "country\tأمريكا\tUS\tUnited States\tcurated\n"
        "country\tأميركا\tUS\tUnited States\tcurated\n");
    EXPECT_TRUE(created.ok()) << created.status();
    return created->release();
  }();
  return *linker;
}

std::vector<Entity> RunStages(const std::string& text,
                              const std::vector<Token>& tokens,
                              std::vector<Mention> mentions) {
  ExtendMentionsAfterTitles(text, tokens, &mentions);
  auto entities = GroupMentions(text, tokens, mentions, nullptr);
  Linker().Link(&entities);
  AttachRoles(text, tokens, Linker(), &entities);
  return entities;
}

const Entity* Named(const std::vector<Entity>& entities,
                    const std::string& name) {
  for (const Entity& e : entities) {
    if (e.name == name) return &e;
  }
  return nullptr;
}

TEST(TitleHeadTest, SingleAndTwoWordHeads) {
  const std::string text = "الأمين العام و العقيد و أمين و وزير";
  const auto tokens = TokenizeText(text);
  EXPECT_EQ(TitleHeadLength(tokens, 0), 2);
  EXPECT_EQ(TitleHeadLength(tokens, 3), 1);
  EXPECT_EQ(TitleHeadLength(tokens, 5), 0);  // أمين alone: a first name.
  EXPECT_EQ(TitleHeadLength(tokens, 7), 1);
}

TEST(RolesTest, TitleWithNationalityCreatesTheCountry) {
  const std::string text = "بحث مع رئيس الوزراء العراقي مصطفى الكاظمي .";
  const auto tokens = TokenizeText(text);
  const auto entities =
      RunStages(text, tokens, {MentionAt(text, tokens, "مصطفى", 2, kPer)});
  ASSERT_EQ(entities.size(), 2u);
  const Entity& kadhimi = entities[0];
  ASSERT_EQ(kadhimi.roles.size(), 1u);
  EXPECT_EQ(kadhimi.roles[0].text, "رئيس الوزراء العراقي");
  EXPECT_EQ(
      text.substr(kadhimi.roles[0].span.begin, kadhimi.roles[0].span.size()),
      "رئيس الوزراء العراقي");
  // Iraq is named only by the adjective: that is its one mention, of kind
  // adjective, at the adjective.
  const Entity& iraq = entities[1];
  EXPECT_EQ(iraq.links.iso_3166, "IQ");
  EXPECT_EQ(iraq.name, "العراق");
  ASSERT_EQ(iraq.mentions.size(), 1u);
  EXPECT_EQ(iraq.mentions[0].kind, MentionKind::kAdjective);
  EXPECT_EQ(iraq.mentions[0].text, "العراقي");
  EXPECT_EQ(
      text.substr(iraq.mentions[0].span.begin, iraq.mentions[0].span.size()),
      "العراقي");
  EXPECT_EQ(kadhimi.roles[0].related_entity_id, iraq.id);
  ASSERT_EQ(kadhimi.attributes.size(), 1u);
  EXPECT_EQ(kadhimi.attributes[0].text, "العراقي");
  EXPECT_EQ(kadhimi.attributes[0].related_entity_id, iraq.id);
}

// News names people by trade as well as office: sport positions, the arts,
// the press.
TEST(RolesTest, ProfessionsOfTheNewsAreTitles) {
  for (const auto& [text, first, role] :
       std::vector<std::tuple<std::string, std::string, std::string>>{
           {"وسجل المدافع الفرنسي بنجامان بافار هدفا .", "بنجامان",
            "المدافع الفرنسي"},
           {"وقال المخرج أرماندو إنوتشي إن الفيلم جاهز .", "أرماندو", "المخرج"},
           {"وكتبت الصحفية كارنيكا كولي مقالا .", "كارنيكا", "الصحفية"}}) {
    const auto tokens = TokenizeText(text);
    const auto entities =
        RunStages(text, tokens, {MentionAt(text, tokens, first, 2, kPer)});
    ASSERT_FALSE(entities.empty()) << text;
    ASSERT_EQ(entities[0].roles.size(), 1u) << text;
    EXPECT_EQ(entities[0].roles[0].text, role);
  }
}

TEST(RolesTest, RoleNamesAnOrganizationInBrackets) {
  const std::string text =
      "قال الأمين العام لحلف شمال الأطلسي (الناتو) ينس ستولتنبرغ إن الحلف "
      "مستعد .";
  const auto tokens = TokenizeText(text);
  const auto entities =
      RunStages(text, tokens,
                {MentionAt(text, tokens, "لحلف", 3, kOrg),
                 MentionAt(text, tokens, "الناتو", 1, kOrg),
                 MentionAt(text, tokens, "ستولتنبرغ", 1, kPer)});
  const Entity* person = Named(entities, "ينس ستولتنبرغ");  // ينس joined.
  ASSERT_NE(person, nullptr);
  ASSERT_EQ(person->roles.size(), 1u);
  EXPECT_EQ(person->roles[0].text, "الأمين العام لحلف شمال الأطلسي (الناتو)");
  EXPECT_EQ(person->roles[0].related_entity_id, entities[0].id);
}

TEST(RolesTest, ConjunctionAfterTitleBelongsToTheName) {
  const std::string text =
      "وأعلن المتحدث باسم التحالف الدولي العقيد واين ماروتو أن الهجوم وقع .";
  const auto tokens = TokenizeText(text);
  // The clitic splitter reads واين as و + اين.
  int32_t wayne = -1;
  for (size_t i = 0; i < tokens.size(); ++i) {
    if (tokens[i].text == "واين") wayne = static_cast<int32_t>(i);
  }
  ASSERT_GE(wayne, 0);
  ASSERT_THAT(tokens[wayne].prefixes, ElementsAre("و"));
  std::vector<Mention> mentions = {MentionAt(text, tokens, "واين", 2, kPer)};
  EXPECT_EQ(mentions[0].text, "اين ماروتو");
  const auto entities = RunStages(text, tokens, mentions);
  ASSERT_FALSE(entities.empty());
  EXPECT_EQ(entities[0].name, "واين ماروتو");
  EXPECT_EQ(entities[0].mentions[0].text, "واين ماروتو");
  std::vector<std::string> roles;
  for (const Role& r : entities[0].roles) roles.push_back(r.text);
  EXPECT_THAT(roles, ElementsAre("المتحدث باسم التحالف الدولي", "العقيد"));
}

TEST(RolesTest, ConjunctionNotAfterTitleStays) {
  const std::string text = "التقى الوزير ووليد جنبلاط .";
  const auto tokens = TokenizeText(text);
  std::vector<Mention> mentions = {MentionAt(text, tokens, "جنبلاط", 1, kPer)};
  ExtendMentionsAfterTitles(text, tokens, &mentions);
  EXPECT_EQ(mentions[0].text, "جنبلاط");
}

TEST(RolesTest, TitleAfterTheName) {
  const std::string text =
      "وقال بلينكن، وزير الخارجية الأميركي، إن الهجوم مدان .";
  const auto tokens = TokenizeText(text);
  const auto entities =
      RunStages(text, tokens, {MentionAt(text, tokens, "بلينكن", 1, kPer)});
  ASSERT_FALSE(entities.empty());
  ASSERT_EQ(entities[0].roles.size(), 1u);
  EXPECT_EQ(entities[0].roles[0].text, "وزير الخارجية الأميركي");
  const Entity* us = Named(entities, "الولايات المتحدة");
  ASSERT_NE(us, nullptr);
  EXPECT_EQ(entities[0].roles[0].related_entity_id, us->id);
}

TEST(RolesTest, CommaBetweenTitleAndName) {
  const std::string text =
      "وقال الرئيس الفرنسي، إيمانويل ماكرون، إن الاتفاق مهم .";
  const auto tokens = TokenizeText(text);
  const auto entities =
      RunStages(text, tokens, {MentionAt(text, tokens, "إيمانويل", 2, kPer)});
  ASSERT_FALSE(entities.empty());
  ASSERT_EQ(entities[0].roles.size(), 1u);
  EXPECT_EQ(entities[0].roles[0].text, "الرئيس الفرنسي");
}

// A title in construct with the title after it is one title, whole.
TEST(RolesTest, MultiWordTitlesAreWhole) {
  const std::string text =
      "وقال نائب المتحدث باسم الأمم المتحدة فرحان حق إن الوضع خطير .";
  const auto tokens = TokenizeText(text);
  const auto entities = RunStages(text, tokens,
                                  {MentionAt(text, tokens, "الأمم", 2, kOrg),
                                   MentionAt(text, tokens, "فرحان", 2, kPer)});
  const Entity* haq = Named(entities, "فرحان حق");
  ASSERT_NE(haq, nullptr);
  ASSERT_EQ(haq->roles.size(), 1u);
  EXPECT_EQ(haq->roles[0].text, "نائب المتحدث باسم الأمم المتحدة");
}

TEST(RolesTest, BareTitleRefersBackToTheInstitution) {
  const std::string text =
      "قالت الخارجية الأمريكية إن الوزير بلينكن بحث الهجمات .";
  const auto tokens = TokenizeText(text);
  const auto entities =
      RunStages(text, tokens, {MentionAt(text, tokens, "بلينكن", 1, kPer)});
  ASSERT_FALSE(entities.empty());
  ASSERT_EQ(entities[0].roles.size(), 1u);
  EXPECT_EQ(entities[0].roles[0].text, "الوزير");
  const Entity* us = Named(entities, "الولايات المتحدة");
  ASSERT_NE(us, nullptr);
  EXPECT_EQ(entities[0].roles[0].related_entity_id, us->id);
}

TEST(RolesTest, ConstructTitleEndsTheScan) {
  // وزير الخارجية is the subject, not a title of الكاظمي.
  const std::string text = "التقى وزير الخارجية رئيس الوزراء مصطفى الكاظمي .";
  const auto tokens = TokenizeText(text);
  const auto entities =
      RunStages(text, tokens, {MentionAt(text, tokens, "مصطفى", 2, kPer)});
  ASSERT_EQ(entities[0].roles.size(), 1u);
  EXPECT_EQ(entities[0].roles[0].text, "رئيس الوزراء");
}

TEST(RolesTest, AdjectiveAfterAnOrganization) {
  const std::string text = "أعلنت وزارة الدفاع التركية أن الجيش تحرك .";
  const auto tokens = TokenizeText(text);
  const auto entities =
      RunStages(text, tokens, {MentionAt(text, tokens, "وزارة", 2, kOrg)});
  ASSERT_EQ(entities.size(), 2u);
  ASSERT_EQ(entities[0].attributes.size(), 1u);
  EXPECT_EQ(entities[0].attributes[0].text, "التركية");
  EXPECT_EQ(entities[1].links.iso_3166, "TR");
  // A free adjective qualifies nothing: no country entity for it alone.
  const std::string other = "قتل جندي أميركي في الهجوم .";
  const auto other_tokens = TokenizeText(other);
  EXPECT_TRUE(RunStages(other, other_tokens, {}).empty());
}

}  // namespace
}  // namespace khabar
