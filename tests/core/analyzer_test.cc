#include "khabar/analyzer.h"

#include <functional>
#include <limits>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "analysis_summary.h"
#include "executor_testing.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "khabar/executor.h"
#include "test_paths.h"

namespace khabar {
namespace {

using ::testing::HasSubstr;

std::unique_ptr<Analyzer> MakeAnalyzer(size_t max_bytes = size_t{1} << 20,
                                       bool with_ner = false) {
  AnalyzerOptions options;
  options.max_article_bytes = max_bytes;
  options.lexicon_path = testing::SourceDir() + "/models/lexicon.tsv";
  if (with_ner) {
    options.ner_model_path = testing::SourceDir() + "/models/ner.model";
  }
  auto analyzer = Analyzer::Create(options);
  EXPECT_TRUE(analyzer.ok()) << analyzer.status();
  return analyzer.ok() ? *std::move(analyzer) : nullptr;
}

Article TextArticle(std::string_view text) {
  Article article;
  article.text = text;
  return article;
}

std::string Slice(std::string_view text, Span span) {
  return std::string(text.substr(span.begin, span.size()));
}

const Token* FindToken(const Analysis& analysis, std::string_view text) {
  for (const Token& token : analysis.tokens) {
    if (token.text == text) return &token;
  }
  return nullptr;
}

TEST(AnalyzerTest, ExampleArticleLayoutSentencesAndTokens) {
  const std::string text =
      testing::ReadFileOrEmpty(testing::SourceDir() + "/examples/article.txt");
  ASSERT_FALSE(text.empty());
  auto analyzer = MakeAnalyzer();
  ASSERT_NE(analyzer, nullptr);
  auto result = analyzer->Analyze(TextArticle(text), AnalyzeOptions());
  ASSERT_TRUE(result.ok()) << result.status();

  EXPECT_EQ(result->language, "ar");
  EXPECT_TRUE(result->language_supported);
  EXPECT_EQ(result->structure.source, "صدى المدينة");
  EXPECT_THAT(result->structure.headline, HasSubstr("وزراء المياه العرب"));
  EXPECT_THAT(result->structure.subheadline, HasSubstr("محطات التحلية"));
  EXPECT_EQ(result->structure.paragraphs.size(), 7u);
  ASSERT_EQ(result->structure.boilerplate.size(), 3u);
  EXPECT_EQ(result->structure.boilerplate[2].text, "زر الذهاب إلى الأعلى");

  // Every span slices the original text to the reported strings.
  for (const Sentence& sentence : result->sentences) {
    EXPECT_EQ(Slice(text, sentence.span), sentence.text);
  }
  for (const Token& token : result->tokens) {
    EXPECT_EQ(Slice(text, token.span), token.text);
    EXPECT_GE(token.base_span.begin, token.span.begin);
    EXPECT_LE(token.base_span.end, token.span.end);
  }
  // Sentences own contiguous token ranges covering all tokens.
  int32_t next = 0;
  for (size_t i = 0; i < result->sentences.size(); ++i) {
    const Sentence& sentence = result->sentences[i];
    EXPECT_EQ(sentence.first_token, next);
    next += sentence.token_count;
    for (int32_t t = sentence.first_token; t < next; ++t) {
      EXPECT_EQ(result->tokens[t].sentence_index, static_cast<int32_t>(i));
    }
  }
  EXPECT_EQ(next, static_cast<int32_t>(result->tokens.size()));
  EXPECT_EQ(result->sentences[0].section, SentenceSection::kHeadline);

  // The question mark inside the quotation ends no sentence outside it, and
  // the final paragraph is one sentence.
  const Token* baghdad = FindToken(*result, "بغداد");
  ASSERT_NE(baghdad, nullptr);
  EXPECT_TRUE(baghdad->prefixes.empty());
  EXPECT_EQ(baghdad->base, "بغداد");
  const Token* percent = FindToken(*result, "15");
  ASSERT_NE(percent, nullptr);
  EXPECT_EQ(percent->kind, TokenKind::kNumber);
  EXPECT_FALSE(result->timing.empty());
}

TEST(AnalyzerTest, SeedArticle) {
  const std::string path =
      testing::SharedDir() + "/seeds/000_8a377a5b990fa512.txt";
  KHABAR_REQUIRE_SHARED(path);
  const std::string text = testing::ReadFileOrEmpty(path);
  auto analyzer = MakeAnalyzer();
  ASSERT_NE(analyzer, nullptr);
  auto result = analyzer->Analyze(TextArticle(text), AnalyzeOptions());
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->structure.source, "الوطن");
  EXPECT_EQ(result->structure.headline,
            "بلينكن يعبّر لبغداد عن استيائه من الهجمات الصاروخيّة في أربيل");
  EXPECT_THAT(result->structure.subheadline, HasSubstr("حلف «الناتو» يبحث"));
  ASSERT_GE(result->structure.boilerplate.size(), 2u);
  EXPECT_EQ(result->structure.boilerplate.back().text, "زر الذهاب إلى الأعلى");
  for (const Span& p : result->structure.paragraphs) {
    EXPECT_THAT(Slice(text, p), ::testing::Not(HasSubstr("مقالات ذات صلة")));
  }

  const Token* li_baghdad = FindToken(*result, "لبغداد");
  ASSERT_NE(li_baghdad, nullptr);
  EXPECT_THAT(li_baghdad->prefixes, ::testing::ElementsAre("ل"));
  EXPECT_EQ(li_baghdad->base, "بغداد");
  EXPECT_EQ(Slice(text, li_baghdad->base_span), "بغداد");

  const Token* blinken = FindToken(*result, "بلينكن");
  ASSERT_NE(blinken, nullptr);
  EXPECT_TRUE(blinken->prefixes.empty());

  const Token* lil_kazimi = FindToken(*result, "للكاظمي");
  ASSERT_NE(lil_kazimi, nullptr);
  EXPECT_THAT(lil_kazimi->prefixes, ::testing::ElementsAre("ل", "ال"));
  EXPECT_EQ(lil_kazimi->base, "كاظمي");
  EXPECT_EQ(lil_kazimi->word, "الكاظمي");
  EXPECT_EQ(Slice(text, lil_kazimi->base_span), "كاظمي");
}

const Entity* FindEntity(const Analysis& analysis, std::string_view name,
                         EntityType type) {
  for (const Entity& entity : analysis.entities) {
    if (entity.name == name && entity.type == type) return &entity;
  }
  return nullptr;
}

TEST(AnalyzerTest, EntitiesOfTheSeedArticle) {
  const std::string path =
      testing::SharedDir() + "/seeds/000_8a377a5b990fa512.txt";
  KHABAR_REQUIRE_SHARED(path);
  const std::string text = testing::ReadFileOrEmpty(path);
  auto analyzer = MakeAnalyzer(size_t{1} << 20, /*with_ner=*/true);
  ASSERT_NE(analyzer, nullptr);
  EXPECT_TRUE(analyzer->available_features() & kFeatureEntities);
  auto result = analyzer->Analyze(TextArticle(text), AnalyzeOptions());
  ASSERT_TRUE(result.ok()) << result.status();

  EXPECT_NE(FindEntity(*result, "مصطفى الكاظمي", EntityType::kPerson), nullptr);
  // الناتو is grouped with حلف شمال الأطلسي, the most complete name.
  const Entity* nato =
      FindEntity(*result, "حلف شمال الأطلسي", EntityType::kOrganization);
  ASSERT_NE(nato, nullptr);
  EXPECT_THAT(nato->aliases, ::testing::Contains("الناتو"));
  EXPECT_NE(FindEntity(*result, "أربيل", EntityType::kLocation), nullptr);
  // «لبغداد» in the headline: the mention is بغداد, without the clitic.
  const Entity* baghdad = FindEntity(*result, "بغداد", EntityType::kLocation);
  ASSERT_NE(baghdad, nullptr);
  EXPECT_EQ(Slice(text, baghdad->mentions[0].span), "بغداد");
  for (const Entity& entity : result->entities) {
    // Only a country named by an adjective alone has no mention.
    if (entity.mentions.empty()) {
      EXPECT_FALSE(entity.links.iso_3166.empty()) << entity.name;
    }
    for (const Mention& mention : entity.mentions) {
      EXPECT_EQ(Slice(text, mention.span), mention.text);
      EXPECT_GE(mention.confidence, 0.0);
      EXPECT_LE(mention.confidence, 1.0);
      const Sentence& sentence = result->sentences[mention.sentence_index];
      EXPECT_GE(mention.span.begin, sentence.span.begin);
      EXPECT_LE(mention.span.end, sentence.span.end);
    }
  }
  // «للعراق»: the article lost its alef; the name restores it.
  bool restored = false;
  for (const Entity& entity : result->entities) {
    for (const Mention& mention : entity.mentions) {
      restored |= entity.name == "العراق" && mention.text == "عراق";
    }
  }
  EXPECT_TRUE(restored);
}

TEST(AnalyzerTest, EntitiesNeedAModel) {
  auto analyzer = MakeAnalyzer();
  ASSERT_NE(analyzer, nullptr);
  EXPECT_FALSE(analyzer->available_features() & kFeatureEntities);
  AnalyzeOptions options;
  options.features = kFeatureEntities;
  auto result =
      analyzer->Analyze(TextArticle("زار الكاظمي أربيل أمس."), options);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_TRUE(result->entities.empty());
  ASSERT_FALSE(result->warnings.empty());
  EXPECT_EQ(result->warnings.back().code, WarningCode::kFeatureUnavailable);
}

TEST(AnalyzerTest, ResourcesDescribeTheLoadedModels) {
  auto analyzer = MakeAnalyzer(size_t{1} << 20, /*with_ner=*/true);
  ASSERT_NE(analyzer, nullptr);
  // aliases.tsv and places.tsv are found beside the lexicon.
  ASSERT_EQ(analyzer->resources().size(), 4u);
  EXPECT_EQ(analyzer->resources()[0].name, "lexicon");
  EXPECT_EQ(analyzer->resources()[1].name, "ner");
  EXPECT_EQ(analyzer->resources()[2].name, "aliases");
  EXPECT_EQ(analyzer->resources()[3].name, "places");
  for (const ResourceInfo& r : analyzer->resources()) {
    EXPECT_THAT(r.version, ::testing::StartsWith("fnv1a64:"));
    EXPECT_FALSE(r.description.empty());
  }
}

TEST(AnalyzerTest, OffsetsInAllUnitsAgree) {
  // Arabic, Latin and an astral emoji, so the three units all differ.
  const std::string text =
      "خبر عاجل\n\nقال المتحدث (CNN) إن 😀 الاتفاق «تاريخي». وأكد ذلك.\n";
  auto analyzer = MakeAnalyzer();
  ASSERT_NE(analyzer, nullptr);
  AnalyzeOptions bytes_opts;
  AnalyzeOptions utf16_opts;
  utf16_opts.offset_unit = OffsetUnit::kUtf16CodeUnits;
  AnalyzeOptions cp_opts;
  cp_opts.offset_unit = OffsetUnit::kCodePoints;
  auto bytes = analyzer->Analyze(TextArticle(text), bytes_opts);
  auto utf16 = analyzer->Analyze(TextArticle(text), utf16_opts);
  auto cps = analyzer->Analyze(TextArticle(text), cp_opts);
  ASSERT_TRUE(bytes.ok() && utf16.ok() && cps.ok());
  ASSERT_EQ(bytes->tokens.size(), utf16->tokens.size());
  ASSERT_EQ(bytes->tokens.size(), cps->tokens.size());

  // Independent conversions through UTF-32 / UTF-16 copies of the text.
  std::u32string u32;
  std::vector<int32_t> cp_at_byte(text.size() + 1, -1);
  std::vector<int32_t> u16_at_byte(text.size() + 1, -1);
  int32_t cp = 0, u16 = 0;
  for (size_t i = 0; i < text.size();) {
    cp_at_byte[i] = cp;
    u16_at_byte[i] = u16;
    const auto b = static_cast<unsigned char>(text[i]);
    const int len = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
    u16 += len == 4 ? 2 : 1;
    ++cp;
    i += len;
  }
  cp_at_byte[text.size()] = cp;
  u16_at_byte[text.size()] = u16;
  EXPECT_EQ(utf16->text_length, u16);
  EXPECT_EQ(cps->text_length, cp);
  EXPECT_EQ(bytes->text_length, static_cast<int32_t>(text.size()));
  EXPECT_EQ(utf16->offset_unit, OffsetUnit::kUtf16CodeUnits);
  for (size_t i = 0; i < bytes->tokens.size(); ++i) {
    const Span b = bytes->tokens[i].span;
    EXPECT_EQ(utf16->tokens[i].span.begin, u16_at_byte[b.begin]);
    EXPECT_EQ(utf16->tokens[i].span.end, u16_at_byte[b.end]);
    EXPECT_EQ(cps->tokens[i].span.begin, cp_at_byte[b.begin]);
    EXPECT_EQ(cps->tokens[i].span.end, cp_at_byte[b.end]);
  }
}

TEST(AnalyzerTest, BomAndCrlfKeepOffsetsIntoTheTextAsSent) {
  const std::string text =
      "\xEF\xBB\xBF"
      "الوطن\r\n\r\nعنوان الخبر هنا اليوم\r\n\r\n"
      "قال الوزير إن الاجتماع انتهى. وأضاف أن النتائج جيدة.\r\n";
  auto analyzer = MakeAnalyzer();
  ASSERT_NE(analyzer, nullptr);
  auto result = analyzer->Analyze(TextArticle(text), AnalyzeOptions());
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->structure.headline, "عنوان الخبر هنا اليوم");
  ASSERT_EQ(result->structure.paragraphs.size(), 1u);
  ASSERT_EQ(result->sentences.size(), 3u);
  EXPECT_EQ(result->sentences[2].text, "وأضاف أن النتائج جيدة.");
  for (const Token& token : result->tokens) {
    EXPECT_EQ(Slice(text, token.span), token.text);
    EXPECT_EQ(token.text.find('\r'), std::string::npos);
    EXPECT_EQ(token.text.find("\xEF\xBB\xBF"), std::string::npos);
  }
}

TEST(AnalyzerTest, StructuredInputSpansPointIntoJoinedText) {
  auto analyzer = MakeAnalyzer();
  ASSERT_NE(analyzer, nullptr);
  Article article;
  article.headline = "الكاظمي يستقبل ستولتنبرغ";
  article.subheadline = "";
  article.body = "بحث الطرفان التعاون. وأكدا أهمية الدعم.\nمقالات ذات صلة";
  article.source = "الوطن";
  auto result = analyzer->Analyze(article, AnalyzeOptions());
  ASSERT_TRUE(result.ok()) << result.status();
  const std::string joined =
      std::string(article.headline) + "\n\n" + std::string(article.body);
  EXPECT_EQ(result->structure.source, "الوطن");
  EXPECT_EQ(Slice(joined, result->structure.headline_span), article.headline);
  EXPECT_TRUE(result->structure.subheadline_span.empty());
  ASSERT_EQ(result->structure.paragraphs.size(), 1u);
  EXPECT_EQ(result->structure.boilerplate.size(), 1u);
  for (const Token& token : result->tokens) {
    EXPECT_EQ(Slice(joined, token.span), token.text);
  }
}

TEST(AnalyzerTest, RejectsBadInput) {
  auto analyzer = MakeAnalyzer(/*max_bytes=*/64);
  ASSERT_NE(analyzer, nullptr);
  auto empty = analyzer->Analyze(TextArticle(" \n\t "), AnalyzeOptions());
  EXPECT_EQ(empty.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(empty.status().message()),
              HasSubstr("article.text: no visible text"));
  // Right-to-left marks only: invisible, so nothing to analyse either.
  std::string marks;
  for (int i = 0; i < 10; ++i) marks += "\u202E";
  EXPECT_THAT(
      std::string(analyzer->Analyze(TextArticle(marks), AnalyzeOptions())
                      .status()
                      .message()),
      HasSubstr("no visible text"));

  const std::string bad = "خبر \xC3\x28 عاجل";
  auto invalid = analyzer->Analyze(TextArticle(bad), AnalyzeOptions());
  EXPECT_EQ(invalid.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(invalid.status().message()),
              HasSubstr("byte offset 7"));

  const std::string big(65, 'a');
  auto too_big = analyzer->Analyze(TextArticle(big), AnalyzeOptions());
  EXPECT_EQ(too_big.status().code(), absl::StatusCode::kResourceExhausted);

  Article both;
  both.text = "نص";
  both.body = "نص";
  EXPECT_EQ(analyzer->Analyze(both, AnalyzeOptions()).status().code(),
            absl::StatusCode::kInvalidArgument);

  Article bad_part;
  bad_part.headline = "عنوان";
  const std::string bad_body = "ab\xFF";
  bad_part.body = bad_body;
  auto part = analyzer->Analyze(bad_part, AnalyzeOptions());
  EXPECT_EQ(part.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(part.status().message()), HasSubstr("article.body"));
  EXPECT_THAT(std::string(part.status().message()), HasSubstr("byte offset 2"));
}

TEST(AnalyzerTest, ControlCharactersAndForeignTextGiveWarnings) {
  auto analyzer = MakeAnalyzer();
  ASSERT_NE(analyzer, nullptr);
  const std::string text =
      "The minister said on Monday that the talks\x07 would resume.";
  auto result = analyzer->Analyze(TextArticle(text), AnalyzeOptions());
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->language, "en");
  EXPECT_FALSE(result->language_supported);
  bool control = false, language = false;
  for (const Warning& w : result->warnings) {
    control |= w.code == WarningCode::kControlCharacters;
    language |= w.code == WarningCode::kLanguageUnsupported;
  }
  EXPECT_TRUE(control);
  EXPECT_TRUE(language);
  EXPECT_FALSE(result->tokens.empty());
  for (const Token& token : result->tokens) {
    EXPECT_EQ(token.text.find('\x07'), std::string::npos);
  }
}

TEST(AnalyzerTest, FeatureSelection) {
  auto analyzer = MakeAnalyzer();
  ASSERT_NE(analyzer, nullptr);
  AnalyzeOptions options;
  options.features = kFeatureTokens | kFeatureEntities;
  auto result =
      analyzer->Analyze(TextArticle("وصل الوزير إلى بغداد."), options);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_TRUE(result->sentences.empty());
  EXPECT_TRUE(result->structure.headline.empty());
  EXPECT_FALSE(result->tokens.empty());
  ASSERT_FALSE(result->warnings.empty());
  EXPECT_EQ(result->warnings.back().code, WarningCode::kFeatureUnavailable);
  EXPECT_THAT(result->warnings.back().message, HasSubstr("entities"));
}

// BCP 47 subtags are case-insensitive: "AR" and "ar-EG" are Arabic.
TEST(AnalyzerTest, LanguageHintIsCaseInsensitive) {
  auto analyzer = MakeAnalyzer();
  ASSERT_NE(analyzer, nullptr);
  auto mismatch = [&](const char* hint) {
    Article article = TextArticle("وصل الوزير إلى بغداد صباح اليوم.");
    article.language_hint = hint;
    auto result = analyzer->Analyze(article, AnalyzeOptions());
    EXPECT_TRUE(result.ok()) << result.status();
    for (const Warning& w : result->warnings) {
      if (w.code == WarningCode::kLanguageHintMismatch) return true;
    }
    return false;
  };
  EXPECT_FALSE(mismatch("ar"));
  EXPECT_FALSE(mismatch("AR"));
  EXPECT_FALSE(mismatch("Ar_EG"));
  EXPECT_TRUE(mismatch("en"));
}

// Relative dates resolve against published_at, so it must be a date whose
// neighbours are ISO 8601 dates.
TEST(AnalyzerTest, PublishedAtOutsideIsoYearsIsInvalid) {
  auto analyzer = MakeAnalyzer();
  ASSERT_NE(analyzer, nullptr);
  Article article = TextArticle("وصل الوزير إلى بغداد أمس.");
  for (int64_t seconds : {std::numeric_limits<int64_t>::max(),
                          std::numeric_limits<int64_t>::min(),
                          int64_t{253402300800}, int64_t{-62135596801}}) {
    article.published_at = seconds;
    auto result = analyzer->Analyze(article, AnalyzeOptions());
    EXPECT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument)
        << seconds;
    EXPECT_THAT(std::string(result.status().message()),
                HasSubstr("article.published_at"));
  }
  article.published_at = 253402300799;  // 9999-12-31T23:59:59Z.
  auto last = analyzer->Analyze(article, AnalyzeOptions());
  ASSERT_TRUE(last.ok()) << last.status();
  ASSERT_EQ(last->dates.size(), 1u);
  EXPECT_EQ(last->dates[0].value, "9999-12-30");
}

// Quotes and events find their speakers and places among the entities; a
// request without entities gets no ids that point at nothing.
TEST(AnalyzerTest, NoEntityIdsWithoutEntities) {
  auto analyzer = MakeAnalyzer(size_t{1} << 20, /*with_ner=*/true);
  ASSERT_NE(analyzer, nullptr);
  const Article article = TextArticle(
      "وقال الرئيس الأمريكي دونالد ترامب إن المحادثات ستستأنف قريبا. "
      "وقتل خمسة أشخاص في هجوم في بغداد.");
  AnalyzeOptions options;
  auto all = analyzer->Analyze(article, options);
  ASSERT_TRUE(all.ok()) << all.status();
  ASSERT_FALSE(all->quotes.empty());
  ASSERT_FALSE(all->events.empty());
  EXPECT_FALSE(all->quotes[0].speaker_entity_id.empty());
  options.features = kFeatureQuotes | kFeatureEvents;
  auto some = analyzer->Analyze(article, options);
  ASSERT_TRUE(some.ok()) << some.status();
  EXPECT_TRUE(some->entities.empty());
  ASSERT_EQ(some->quotes.size(), all->quotes.size());
  for (const Quote& q : some->quotes) EXPECT_EQ(q.speaker_entity_id, "");
  for (const EventCount& e : some->events) EXPECT_EQ(e.location_entity_id, "");
}

TEST(AnalyzerTest, ConcurrentCallsAgree) {
  const std::string text =
      testing::ReadFileOrEmpty(testing::SourceDir() + "/examples/article.txt");
  auto analyzer = MakeAnalyzer();
  ASSERT_NE(analyzer, nullptr);
  auto reference = analyzer->Analyze(TextArticle(text), AnalyzeOptions());
  ASSERT_TRUE(reference.ok());
  std::vector<std::thread> threads;
  std::vector<int> mismatches(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 20; ++i) {
        auto r = analyzer->Analyze(TextArticle(text), AnalyzeOptions());
        if (!r.ok() || r->tokens.size() != reference->tokens.size() ||
            r->sentences.size() != reference->sentences.size()) {
          ++mismatches[t];
          continue;
        }
        for (size_t k = 0; k < r->tokens.size(); ++k) {
          if (r->tokens[k].span != reference->tokens[k].span ||
              r->tokens[k].base != reference->tokens[k].base) {
            ++mismatches[t];
            break;
          }
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  for (int m : mismatches) EXPECT_EQ(m, 0);
}

TEST(AnalyzerTest, LentThreadsChangeNothingButTheTiming) {
  AnalyzerOptions options;
  options.lexicon_path = testing::SourceDir() + "/models/lexicon.tsv";
  options.ner_model_path = testing::SourceDir() + "/models/ner.model";
  options.stopwords_path = testing::SourceDir() + "/models/stopwords_ar.txt";
  options.tone_lexicon_path = testing::SourceDir() + "/models/tone_lexicon.tsv";
  auto analyzer = Analyzer::Create(options);
  ASSERT_TRUE(analyzer.ok()) << analyzer.status();
  const std::string text =
      testing::ReadFileOrEmpty(testing::SourceDir() + "/examples/article.txt");
  ASSERT_FALSE(text.empty());
  auto alone = (*analyzer)->Analyze(TextArticle(text), AnalyzeOptions());
  ASSERT_TRUE(alone.ok()) << alone.status();
  ASSERT_GT(alone->tokens.size(), 200u);  // Long enough to split the tagger.
  ASSERT_FALSE(alone->entities.empty());
  ASSERT_FALSE(alone->keywords.empty());

  testing::NewThreadExecutor executor;
  AnalyzeOptions lending;
  lending.executor = &executor;
  auto helped = (*analyzer)->Analyze(TextArticle(text), lending);
  ASSERT_TRUE(helped.ok()) << helped.status();
  // Both tagger passes and the stages without entities were lent.
  EXPECT_EQ(executor.lent(), 3u);
  EXPECT_EQ(testing::DescribeAnalysis(*helped),
            testing::DescribeAnalysis(*alone));
  // The same stages are timed, those of the lent part included.
  std::vector<std::string> stages, helped_stages;
  for (const StageTiming& t : alone->timing) stages.push_back(t.stage);
  for (const StageTiming& t : helped->timing) helped_stages.push_back(t.stage);
  EXPECT_EQ(helped_stages, stages);
}

TEST(AnalyzerTest, MissingLexiconIsAnError) {
  AnalyzerOptions options;
  options.lexicon_path = "no/such/lexicon.tsv";
  auto analyzer = Analyzer::Create(options);
  EXPECT_EQ(analyzer.status().code(), absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace khabar
