#include "entities/entity_grouping.h"

#include <string>
#include <vector>

#include "entity_test_util.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "khabar/cancellation.h"

namespace khabar {
namespace {

using ::testing::ElementsAre;
using testing::MentionAt;
using testing::TokenizeText;
using ::testing::UnorderedElementsAre;

constexpr EntityType kPer = EntityType::kPerson;
constexpr EntityType kOrg = EntityType::kOrganization;
constexpr EntityType kLoc = EntityType::kLocation;

TEST(NameWordsTest, MatchingFormWithoutArticlesOrPunctuation) {
  EXPECT_THAT(NameWords("«الكاظمي»"), ElementsAre("كاظمي"));
  EXPECT_THAT(NameWords("حلف شمال الأطلسيّ"),
              ElementsAre("حلف", "شمال", "اطلسي"));
  EXPECT_EQ(NameKey("الكاظمي"), NameKey("كاظمي"));
}

TEST(SimilarWordsTest, TransliterationVariants) {
  EXPECT_TRUE(SimilarWords("ستولتنبرغ", "ستولتنبيرغ"));
  EXPECT_TRUE(SimilarWords("ماكرون", "ماكرون"));
  // Same skeleton (م ر ك ه), but too short to merge on it alone.
  EXPECT_EQ(Skeleton("اميركيه"), Skeleton("امريكيه"));
  // One consonant apart on a long skeleton: a variant.
  EXPECT_TRUE(SimilarWords("شوارزنيغر", "شوارزنغر"));
  // Native names stay apart: محمد / محمود share a 4-letter skeleton.
  EXPECT_FALSE(SimilarWords("محمد", "محمود"));
  EXPECT_FALSE(SimilarWords("بغداد", "بلينكن"));
}

constexpr char kTable[] =
    "# test aliases\n"
    "NATO\tORG\tNorth Atlantic Treaty Organization\t"
    "حلف شمال الأطلسي|حلف الأطلسي\tالناتو\n"
    "ISIS\tORG\tIslamic State\tتنظيم الدولة الإسلامية\tداعش\n"
    "STATE\tORG\tState Department\tالخارجية الأمريكية\t\n";

TEST(AliasTableTest, KeysSkeletonsAndGenericHeads) {
  auto table = AliasTable::FromText(kTable);
  ASSERT_TRUE(table.ok()) << table.status();
  EXPECT_EQ((*table)->description(), "test aliases");
  const auto nato = (*table)->Find("الناتو");
  EXPECT_EQ((*table)->group(nato.group).id, "NATO");
  EXPECT_TRUE(nato.acronym);
  EXPECT_EQ((*table)->Find("حلف الأطلسيّ").group, nato.group);
  EXPECT_FALSE((*table)->Find("حلف الأطلسي").acronym);
  // تنظيم داعش: the generic head comes off.
  EXPECT_EQ((*table)->group((*table)->Find("تنظيم داعش").group).id, "ISIS");
  // أميركية / أمريكية: by skeleton.
  EXPECT_EQ((*table)->group((*table)->Find("الخارجية الأميركية").group).id,
            "STATE");
  EXPECT_EQ((*table)->Find("الأمم المتحدة").group, -1);
}

// Consonant skeletons match spelling variants only when long enough to
// tell names apart: سيناء and آسيان share «سن».
TEST(AliasTableTest, ShortSkeletonsMatchNothing) {
  auto table = AliasTable::FromText(
      "ASEAN\tORG\tASEAN\tرابطة دول جنوب شرق آسيا\tآسيان\n");
  ASSERT_TRUE(table.ok()) << table.status();
  EXPECT_GE((*table)->Find("آسيان").group, 0);
  EXPECT_EQ((*table)->Find("سيناء").group, -1);
}

// A link never turns the tagger's person or place into an organization.
TEST(GroupMentionsTest, TableNeverChangesAPlaceOrPerson) {
  auto table = AliasTable::FromText(kTable);
  ASSERT_TRUE(table.ok());
  const std::string text = "قال الناتو إن الناتو .";
  const auto tokens = TokenizeText(text);
  std::vector<Mention> mentions = {
      MentionAt(text, tokens, "الناتو", 1, EntityType::kLocation)};
  const auto entities = GroupMentions(text, tokens, mentions, table->get());
  ASSERT_EQ(entities.size(), 1u);
  EXPECT_EQ(entities[0].type, EntityType::kLocation);
  EXPECT_TRUE(entities[0].links.english_name.empty());
}

TEST(AliasTableTest, RejectsMalformedAndConflictingLines) {
  EXPECT_FALSE(AliasTable::FromText("A\tORG\tx\n").ok());
  EXPECT_FALSE(AliasTable::FromText("A\tXX\tx\tن\t\n").ok());
  EXPECT_FALSE(
      AliasTable::FromText("A\tORG\ta\tالناتو\t\nB\tORG\tb\tالناتو\t\n").ok());
}

TEST(GroupMentionsTest, FullAndPartialNames) {
  const std::string text =
      "قال أنتوني بلينكن إن بلينكن التقى مصطفى الكاظمي ثم اتصل بالكاظمي .";
  const auto tokens = TokenizeText(text);
  std::vector<Mention> mentions = {
      MentionAt(text, tokens, "أنتوني", 2, kPer),
      MentionAt(text, tokens, "بلينكن", 1, kPer, 3),
      MentionAt(text, tokens, "مصطفى", 2, kPer),
      MentionAt(text, tokens, "بالكاظمي", 1, kPer)};
  const auto entities = GroupMentions(text, tokens, mentions, nullptr);
  ASSERT_EQ(entities.size(), 2u);
  EXPECT_EQ(entities[0].id, "e1");
  EXPECT_EQ(entities[0].name, "أنتوني بلينكن");
  EXPECT_THAT(entities[0].aliases, ElementsAre("بلينكن"));
  EXPECT_EQ(entities[0].mentions[0].kind, MentionKind::kFullName);
  EXPECT_EQ(entities[0].mentions[1].kind, MentionKind::kPartialName);
  EXPECT_EQ(entities[1].name, "مصطفى الكاظمي");
  EXPECT_EQ(entities[1].mentions.size(), 2u);
}

TEST(GroupMentionsTest, AmbiguousSurnameStaysApart) {
  const std::string text =
      "التقى محمد الكاظمي و مصطفى الكاظمي وقال الكاظمي إن الأمر انتهى .";
  const auto tokens = TokenizeText(text);
  std::vector<Mention> mentions = {
      MentionAt(text, tokens, "محمد", 2, kPer),
      MentionAt(text, tokens, "مصطفى", 2, kPer),
      MentionAt(text, tokens, "الكاظمي", 1, kPer, 7)};
  const auto entities = GroupMentions(text, tokens, mentions, nullptr);
  EXPECT_EQ(entities.size(), 3u);
}

TEST(GroupMentionsTest, SpellingVariantsJoinTheFullName) {
  const std::string text = "قال ينس ستولتنبرغ إن ستولتنبيرغ سيزور بغداد .";
  const auto tokens = TokenizeText(text);
  std::vector<Mention> mentions = {
      MentionAt(text, tokens, "ينس", 2, kPer),
      MentionAt(text, tokens, "ستولتنبيرغ", 1, kPer),
      MentionAt(text, tokens, "بغداد", 1, kLoc)};
  const auto entities = GroupMentions(text, tokens, mentions, nullptr);
  ASSERT_EQ(entities.size(), 2u);
  EXPECT_EQ(entities[0].name, "ينس ستولتنبرغ");
  EXPECT_THAT(entities[0].aliases, ElementsAre("ستولتنبيرغ"));
}

TEST(GroupMentionsTest, AliasesAcronymsAndBracketedAliases) {
  auto table = AliasTable::FromText(kTable);
  ASSERT_TRUE(table.ok());
  const std::string text =
      "قال حلف الأطلسي إن الناتو و «داعش» و منظمة التحرير (م ت ف) و "
      "اتحاد الكتاب (اتحاد) .";
  const auto tokens = TokenizeText(text);
  std::vector<Mention> mentions = {
      MentionAt(text, tokens, "حلف", 2, kOrg),
      MentionAt(text, tokens, "الناتو", 1, kOrg),
      MentionAt(text, tokens, "داعش", 1, EntityType::kMisc),
      MentionAt(text, tokens, "اتحاد", 2, kOrg),
      MentionAt(text, tokens, "اتحاد", 1, kOrg, 20)};
  const auto entities = GroupMentions(text, tokens, mentions, table->get());
  ASSERT_EQ(entities.size(), 3u);
  EXPECT_EQ(entities[0].name, "حلف الأطلسي");
  EXPECT_EQ(entities[0].links.english_name,
            "North Atlantic Treaty Organization");
  EXPECT_EQ(entities[0].mentions[1].kind, MentionKind::kAcronym);
  // The table's type wins over the tagger's MISC.
  EXPECT_EQ(entities[1].name, "داعش");
  EXPECT_EQ(entities[1].type, kOrg);
  // «اتحاد الكتاب (اتحاد)»: the bracketed name is an alias.
  EXPECT_EQ(entities[2].name, "اتحاد الكتاب");
  EXPECT_EQ(entities[2].mentions.size(), 2u);
}

TEST(GroupMentionsTest, TypeByVote) {
  const std::string text = "زار ماكرون باريس ثم قال ماكرون و ماكرون .";
  const auto tokens = TokenizeText(text);
  std::vector<Mention> mentions = {
      MentionAt(text, tokens, "ماكرون", 1, kPer),
      MentionAt(text, tokens, "ماكرون", 1, kLoc, 4),
      MentionAt(text, tokens, "ماكرون", 1, kPer, 6)};
  const auto entities = GroupMentions(text, tokens, mentions, nullptr);
  ASSERT_EQ(entities.size(), 1u);
  EXPECT_EQ(entities[0].type, kPer);
}

TEST(ExtendPlaceHeadsTest, AdministrativeHeadJoinsThePlace) {
  const std::string text = "في إقليم كردستان و مدينة أربيل .";
  const auto tokens = TokenizeText(text);
  std::vector<Mention> mentions = {MentionAt(text, tokens, "كردستان", 1, kLoc),
                                   MentionAt(text, tokens, "أربيل", 1, kLoc)};
  ExtendPlaceHeads(text, tokens, &mentions);
  EXPECT_EQ(mentions[0].text, "إقليم كردستان");
  EXPECT_EQ(mentions[1].text, "أربيل");  // مدينة describes, not names.
}

// The tagger sometimes marks the head as a place of its own.
TEST(ExtendPlaceHeadsTest, TaggedHeadJoinsThePlaceAfterIt) {
  const std::string text = "بإقليم كردستان العراق و منطقة .";
  const auto tokens = TokenizeText(text);
  std::vector<Mention> mentions = {MentionAt(text, tokens, "بإقليم", 1, kLoc),
                                   MentionAt(text, tokens, "كردستان", 1, kLoc),
                                   MentionAt(text, tokens, "العراق", 1, kLoc),
                                   MentionAt(text, tokens, "منطقة", 1, kLoc)};
  ExtendPlaceHeads(text, tokens, &mentions);
  ASSERT_EQ(mentions.size(), 3u);
  EXPECT_EQ(mentions[0].text, "إقليم كردستان");
  EXPECT_EQ(mentions[0].first_token, 0);
  EXPECT_EQ(mentions[1].text, "العراق");
  EXPECT_EQ(mentions[2].text, "منطقة");  // Nothing after it to join.
}

TEST(AddRepeatedMentionsTest, FindsUntaggedRepeats) {
  const std::string text = "بلينكن يزور بغداد . وقال بلينكن إن ولبلينكن رأيا .";
  const auto tokens = TokenizeText(text);
  std::vector<Mention> mentions = {
      MentionAt(text, tokens, "بلينكن", 1, kPer, 4)};
  AddRepeatedMentions(text, tokens, &mentions);
  ASSERT_GE(mentions.size(), 2u);
  EXPECT_EQ(mentions[0].first_token, 0);
  EXPECT_EQ(mentions[0].text, "بلينكن");
  EXPECT_EQ(mentions[0].type, kPer);
  EXPECT_DOUBLE_EQ(mentions[0].confidence, 0.5);
}

// «#تركيا», «#رجب_طيب_أردوغان»: a hashtag of a name tagged elsewhere is a
// mention of it, without the #.
TEST(AddRepeatedMentionsTest, HashtagsOfTaggedNames) {
  const std::string text =
      "قال رجب طيب أردوغان إن تركيا مستعدة . وتصدر وسم #تركيا مع "
      "#رجب_طيب_أردوغان و #باريس .";
  const auto tokens = TokenizeText(text);
  std::vector<Mention> mentions = {
      MentionAt(text, tokens, "رجب", 3, kPer),
      MentionAt(text, tokens, "تركيا", 1, EntityType::kLocation)};
  AddRepeatedMentions(text, tokens, &mentions);
  std::vector<std::string> found;
  for (const Mention& m : mentions) {
    if (m.confidence == 0.5) found.push_back(m.text);
    EXPECT_EQ(text.substr(m.span.begin, m.span.size()), m.text);
  }
  // #باريس names nothing tagged in the article.
  EXPECT_THAT(found, ElementsAre("تركيا", "رجب_طيب_أردوغان"));
}

TEST(GroupMentionsTest, StopsWhenCancelled) {
  const std::string text = "قال أنتوني بلينكن إن بلينكن التقى الكاظمي .";
  const auto tokens = TokenizeText(text);
  std::vector<Mention> mentions = {
      MentionAt(text, tokens, "أنتوني", 2, kPer),
      MentionAt(text, tokens, "بلينكن", 1, kPer, 3),
      MentionAt(text, tokens, "الكاظمي", 1, kPer)};
  ASSERT_EQ(GroupMentions(text, tokens, mentions, nullptr).size(), 2u);
  Cancellation cancelled;
  cancelled.Cancel();
  EXPECT_TRUE(
      GroupMentions(text, tokens, mentions, nullptr, &cancelled).empty());
}

}  // namespace
}  // namespace khabar
