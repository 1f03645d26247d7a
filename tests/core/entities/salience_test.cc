#include "entities/salience.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace khabar {
namespace {

Mention In(int32_t sentence) {
  Mention m;
  m.sentence_index = sentence;
  return m;
}

TEST(SalienceTest, PositionCountTypeAndRenumbering) {
  std::vector<Sentence> sentences(4);
  sentences[0].section = SentenceSection::kHeadline;
  sentences[1].section = SentenceSection::kBody;  // Lead paragraph.
  sentences[2].section = SentenceSection::kBody;
  sentences[2].paragraph_index = 1;
  sentences[3].section = SentenceSection::kBody;
  sentences[3].paragraph_index = 2;

  std::vector<Entity> entities(4);
  entities[0].id = "e1";  // Body only, three times.
  entities[0].type = EntityType::kPerson;
  entities[0].mentions = {In(2), In(3), In(3)};
  entities[1].id = "e2";  // Headline and lead.
  entities[1].type = EntityType::kPerson;
  entities[1].mentions = {In(0), In(1)};
  entities[2].id = "e3";  // A place as often as e2.
  entities[2].type = EntityType::kLocation;
  entities[2].mentions = {In(0), In(1)};
  entities[3].id = "e4";  // Named only by e2's role.
  entities[3].type = EntityType::kLocation;
  entities[1].roles.push_back({"الرئيس الفرنسي", {}, "e4"});
  entities[1].attributes.push_back({"الفرنسي", {}, "e4"});

  RankEntities(sentences, &entities);
  ASSERT_EQ(entities.size(), 4u);
  double total = 0;
  for (const Entity& e : entities) {
    EXPECT_GT(e.salience, 0);
    EXPECT_LE(e.salience, 1);
    total += e.salience;
  }
  EXPECT_NEAR(total, 1.0, 1e-12);
  EXPECT_EQ(entities[0].mentions.size(), 2u);  // Old e2: headline wins.
  EXPECT_EQ(entities[0].type, EntityType::kPerson);
  EXPECT_EQ(entities[1].mentions.size(), 3u);  // Old e1.
  EXPECT_EQ(entities[2].type, EntityType::kLocation);
  EXPECT_FALSE(entities[2].mentions.empty());
  EXPECT_TRUE(entities[3].mentions.empty());
  for (size_t i = 0; i < entities.size(); ++i) {
    EXPECT_EQ(entities[i].id, "e" + std::to_string(i + 1));
  }
  // References follow the renumbering.
  EXPECT_EQ(entities[0].roles[0].related_entity_id, "e4");
  EXPECT_EQ(entities[0].attributes[0].related_entity_id, "e4");
}

TEST(SalienceTest, EmptyAndSingle) {
  std::vector<Entity> none;
  RankEntities({}, &none);
  EXPECT_TRUE(none.empty());
  std::vector<Entity> one(1);
  one[0].id = "e1";
  one[0].mentions = {In(0)};
  RankEntities({}, &one);
  EXPECT_DOUBLE_EQ(one[0].salience, 1.0);
}

}  // namespace
}  // namespace khabar
