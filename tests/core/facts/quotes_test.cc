// Quotations: direct quotes, reported speech, cues and speakers, on
// sentences of our own and end to end on the seed article and a news
// sample.
#include "facts/quotes.h"

#include <memory>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "khabar/analyzer.h"
#include "khabar/cancellation.h"
#include "test_paths.h"

namespace khabar {
namespace {

using ::testing::HasSubstr;

// The committed lexicon; with the NER model when `ner` is set.
const Analyzer& Engine(bool ner) {
  static const Analyzer* engines[2] = {nullptr, nullptr};
  const Analyzer*& engine = engines[ner ? 1 : 0];
  if (engine == nullptr) {
    AnalyzerOptions options;
    options.lexicon_path = testing::SourceDir() + "/models/lexicon.tsv";
    if (ner)
      options.ner_model_path = testing::SourceDir() + "/models/ner.model";
    auto created = Analyzer::Create(options);
    EXPECT_TRUE(created.ok()) << created.status();
    engine = created.ok() ? created->release() : nullptr;
  }
  return *engine;
}

std::vector<Quote> QuotesOf(const std::string& text, bool ner = false) {
  Article article;
  article.text = text;
  auto analysis = Engine(ner).Analyze(article, AnalyzeOptions());
  EXPECT_TRUE(analysis.ok()) << analysis.status();
  return analysis.ok() ? analysis->quotes : std::vector<Quote>();
}

Analysis AnalysisOf(const std::string& text) {
  Article article;
  article.text = text;
  auto analysis = Engine(false).Analyze(article, AnalyzeOptions());
  EXPECT_TRUE(analysis.ok()) << analysis.status();
  return analysis.ok() ? *std::move(analysis) : Analysis();
}

std::vector<Quote> Direct(const std::vector<Quote>& quotes) {
  std::vector<Quote> out;
  for (const Quote& q : quotes) {
    if (q.direct) out.push_back(q);
  }
  return out;
}

TEST(QuotesTest, DirectQuoteTakesItsFramesCueAndSpeaker) {
  const std::string text = "وقال مسؤولون كبار «لن نتراجع عن قرارنا مهما حدث».";
  auto quotes = QuotesOf(text);
  ASSERT_EQ(quotes.size(), 1u);
  EXPECT_TRUE(quotes[0].direct);
  EXPECT_EQ(quotes[0].text, "لن نتراجع عن قرارنا مهما حدث");
  EXPECT_EQ(text.substr(quotes[0].span.begin, quotes[0].span.size()),
            quotes[0].text);
  EXPECT_EQ(quotes[0].cue, "قال");
  EXPECT_EQ(text.substr(quotes[0].cue_span.begin, quotes[0].cue_span.size()),
            "قال");
  EXPECT_EQ(quotes[0].speaker_text, "مسؤولون كبار");
  EXPECT_TRUE(quotes[0].speaker_entity_id.empty());
}

TEST(QuotesTest, ReportedSpeechIsTheComplementClause) {
  auto quotes = QuotesOf(
      "وأكد وزير الخارجية في بيان أن المفاوضات ستستأنف الأسبوع المقبل.");
  ASSERT_EQ(quotes.size(), 1u);
  EXPECT_FALSE(quotes[0].direct);
  EXPECT_EQ(quotes[0].text, "المفاوضات ستستأنف الأسبوع المقبل");
  EXPECT_EQ(quotes[0].cue, "أكد");
  EXPECT_EQ(quotes[0].speaker_text, "وزير الخارجية");
}

TEST(QuotesTest, ComplementEndsAtTheNextFrame) {
  auto quotes =
      QuotesOf("وقالت الوزارة إن الهدنة صامدة، مضيفةً أن المساعدات ستصل غدا.");
  ASSERT_EQ(quotes.size(), 2u);
  EXPECT_EQ(quotes[0].text, "الهدنة صامدة");
  EXPECT_EQ(quotes[1].text, "المساعدات ستصل غدا");
  EXPECT_EQ(quotes[1].cue, "مضيفةً");
  // The participle shares the subject of the clause before it.
  EXPECT_EQ(quotes[1].speaker_text, "الوزارة");
}

TEST(QuotesTest, BareNamesAndTitlesInGuillemetsAreNotQuotes) {
  EXPECT_TRUE(QuotesOf("انضمت الدولة إلى حلف «الناتو» ومبادرة «الناتو 2030» "
                       "وكتب الوزير على «تويتر» عن «الربيع العربي».")
                  .empty());
}

TEST(QuotesTest, ShortPhrasesWithFunctionWordsAreQuotes) {
  auto quotes = QuotesOf("وقال الوزير «لن نتراجع».");
  ASSERT_EQ(quotes.size(), 1u);
  EXPECT_EQ(quotes[0].text, "لن نتراجع");
  // A partial quote inside reported speech is part of that one quote.
  quotes = QuotesOf("وأضاف أن الجيش سيتقدم «نظراً للوضع».");
  ASSERT_EQ(quotes.size(), 1u);
  EXPECT_FALSE(quotes[0].direct);
  EXPECT_EQ(quotes[0].text, "الجيش سيتقدم «نظراً للوضع»");
}

// Quote marks within quote marks: one quote, the outer one, so the output
// stays linear in the text however deep the nesting.
TEST(QuotesTest, NestedQuotesAreOneQuote) {
  for (int depth : {2, 10, 200}) {
    std::string text;
    for (int i = 0; i < depth; ++i) text += "قال الرئيس «";
    text += "لن نتراجع عن موقفنا";
    for (int i = 0; i < depth; ++i) text += "»";
    auto quotes = QuotesOf(text);
    ASSERT_EQ(quotes.size(), 1u) << depth;
    size_t bytes = 0;
    for (const Quote& q : quotes) bytes += q.text.size();
    EXPECT_LE(bytes, text.size()) << depth;
  }
}

const Quote* QuoteStarting(const std::vector<Quote>& quotes,
                           const std::string& start) {
  for (const Quote& q : quotes) {
    if (q.text.rfind(start, 0) == 0) return &q;
  }
  return nullptr;
}

// How news names the speaker of a quote, in sentences of our own: a label
// before a colon, a verb that is a cue only before a colon, a quote that
// opens a paragraph, a relayed source, apposition, a relative clause.
TEST(QuotesTest, SpeakersNamedTheWaysNewsNamesThem) {
  auto speaker = [](const std::string& text, const std::string& start,
                    bool ner = false) {
    auto quotes = QuotesOf(text, ner);
    const Quote* q = QuoteStarting(quotes, start);
    EXPECT_NE(q, nullptr) << start;
    if (q == nullptr) return std::string();
    // speaker_text is always the text at speaker_span.
    EXPECT_EQ(text.substr(q->speaker_span.begin, q->speaker_span.size()),
              q->speaker_text);
    return q->speaker_text;
  };
  EXPECT_THAT(speaker("الاتحاد الإنجليزي لكرة القدم: «نهنئ الولايات المتحدة "
                      "على الفوز بالاستضافة».",
                      "نهنئ"),
              HasSubstr("الاتحاد الإنجليزي"));
  const std::string follow_on =
      "الوزير يتعهد بمواصلة العمل\n"
      "وقال الوزير: «سنواصل العمل مع شركائنا في المنطقة».\n"
      "«ولن نتراجع عن موقفنا مهما كانت الضغوط».\n"
      "وتابع: «الحوار هو الطريق الوحيد للحل».";
  EXPECT_EQ(speaker(follow_on, "ولن نتراجع"), "الوزير");
  EXPECT_EQ(speaker(follow_on, "الحوار هو"), "الوزير");
  auto quotes = QuotesOf(follow_on);
  ASSERT_NE(QuoteStarting(quotes, "الحوار هو"), nullptr);
  EXPECT_EQ(QuoteStarting(quotes, "الحوار هو")->cue, "تابع");
  // Without a colon تابع is no cue (تابع للحركة is a noun).
  quotes = QuotesOf("وتابع الوزير «العمل مع شركائنا في المنطقة» باهتمام.");
  for (const Quote& q : quotes) EXPECT_NE(q.cue, "تابع");
  EXPECT_THAT(speaker("ونقلت وكالة الأنباء عن وزارة الثقافة أنها ستمنع عرض "
                      "الفيلم في دور السينما.",
                      "ستمنع"),
              HasSubstr("وزارة الثقافة"));
  EXPECT_EQ(speaker("وقال الوزير في تصريح لقناة «النهار» إن الوزارة ستدعم "
                    "الفنانين المحليين.",
                    "الوزارة ستدعم"),
            "الوزير");
  // Attributions after the quote: «...»، حسبما قال X / نقلا عن X.
  EXPECT_EQ(speaker("«الوضع الأمني مستقر تماما في المدينة»، حسبما قال "
                    "المتحدث.",
                    "الوضع الأمني"),
            "المتحدث");
  EXPECT_THAT(speaker("«القوات تقدمت نحو وسط المدينة صباحا»، نقلا عن مصدر "
                      "عسكري.",
                      "القوات تقدمت"),
              HasSubstr("مصدر عسكري"));
  EXPECT_EQ(speaker("أعلنت السلطات القطرية، الأربعاء، أن الأمير قرر دعم "
                    "الاقتصاد.",
                    "الأمير قرر"),
            "السلطات القطرية");
  EXPECT_THAT(speaker("وقال وزير الاقتصاد، مكسيم أورشكين، إن التعريفات "
                      "ستستهدف سلعا أمريكية.",
                      "التعريفات"),
              HasSubstr("مكسيم أورشكين"));
  EXPECT_THAT(speaker("وجاء ذلك في رد على زميله محمد صلاح الذي قال مازحا "
                      "«الأمر على ما يرام الآن، نعلم أنك كنت تتظاهر».",
                      "الأمر على", /*ner=*/true),
              HasSubstr("صلاح"));
}

// What follows a verb is not always its subject: a circumstantial (مازحا),
// the speaker's own words (تابع حديثه) or a phrase after في leave the
// speaker to the sentence before; a short quote after a reporting verb and
// a colon is said, not a title; «جاء في بيان X» names X.
TEST(QuotesTest, WordsAfterTheVerbThatAreNoSpeaker) {
  auto speaker_of = [](const std::string& text, const std::string& start) {
    auto quotes = QuotesOf(text);
    const Quote* q = QuoteStarting(quotes, start);
    EXPECT_NE(q, nullptr) << start;
    return q == nullptr ? std::string("(none)") : q->speaker_text;
  };
  const std::string lead =
      "وقال الوزير: «سنواصل العمل مع شركائنا في المنطقة».\n";
  EXPECT_EQ(speaker_of(lead + "وأضاف ساخرا: «هذا كلام فارغ».", "هذا كلام"),
            "الوزير");
  EXPECT_EQ(
      speaker_of(lead + "وتابع حديثه: «سنعمل معا من أجل السلام».", "سنعمل معا"),
      "الوزير");
  EXPECT_EQ(speaker_of(lead + "وختم كلمته قائلا: «شكرا لكم».", "شكرا لكم"),
            "الوزير");
  EXPECT_EQ(
      speaker_of(lead + "وقال في تصريحات صحفية: «الوضع صعب».", "الوضع صعب"),
      "الوزير");
  EXPECT_EQ(speaker_of("ورد المتحدث ساخرا: «هذا كلام فارغ».", "هذا كلام"),
            "المتحدث");
  EXPECT_EQ(speaker_of("«الوضع صعب»، قال المتحدث.", "الوضع صعب"), "المتحدث");
  EXPECT_EQ(speaker_of(lead + "وجاء في بيان للجيش الإسرائيلي أن القوات "
                              "انسحبت من المدينة.",
                       "القوات انسحبت"),
            "بيان للجيش الإسرائيلي");
  EXPECT_EQ(speaker_of(lead + "وجاء في البيان أن الوزارة ستدعم المشروع.",
                       "الوزارة ستدعم"),
            "الوزير");
  // A short name in quote marks with no reporting verb stays a title.
  EXPECT_TRUE(QuotesOf("وصلت المساعدات إلى «غزة» أمس.").empty());
}

// A subject named at a sentence's start, with any verb, is whom a
// participle in that sentence and a later bare «وأضاف» speak for; after كان
// the noun behind the verb is its object.
TEST(QuotesTest, SentenceSubjectsCarryTheSpeaker) {
  auto speaker_of = [](const std::string& text, const std::string& start) {
    auto quotes = QuotesOf(text, /*ner=*/true);
    const Quote* q = QuoteStarting(quotes, start);
    EXPECT_NE(q, nullptr) << start;
    return q == nullptr ? std::string("(none)") : q->speaker_text;
  };
  const std::string lead =
      "وقال الرئيس الفرنسي إيمانويل ماكرون إن الاتحاد يواجه أزمة كبيرة.\n";
  EXPECT_THAT(speaker_of(lead + "والتقى وزير الخارجية الأمريكي ريكس "
                                "تيلرسون الرئيس اللبناني ميشال عون، مؤكدا "
                                "أن بلاده تدعم الجيش.",
                         "بلاده تدعم"),
              HasSubstr("تيلرسون"));
  EXPECT_THAT(speaker_of(lead + "وكتبت الباحثة جودي ديمبسي مقالا طويلا عن "
                                "أوروبا.\nوأضافت أن ألمانيا تتراجع.",
                         "ألمانيا تتراجع"),
              HasSubstr("ديمبسي"));
  EXPECT_EQ(speaker_of(lead + "وكان يرى الأوروبيين بأنهم لا يفهمون السياسة.",
                       "لا يفهمون"),
            "إيمانويل ماكرون");
  // A name inside the report is not its speaker.
  EXPECT_EQ(speaker_of("وقال مسؤول إن دونالد ترامب سيزور المنطقة قريبا.",
                       "دونالد ترامب"),
            "مسؤول");
}

// A clause attributed after it (بحسب ما أعلن، وفق ما ذكرت، كما أفادت) or,
// with بحسب, before it is its source's reported speech; «بحسب ما يقتضي
// البروتوكول» names no source, and «كما أكد X أن» is a frame of its own.
TEST(QuotesTest, AttributedClauses) {
  auto only = [](const std::string& text) {
    auto quotes = QuotesOf(text);
    EXPECT_EQ(quotes.size(), 1u) << text;
    return quotes.empty() ? Quote() : quotes[0];
  };
  Quote q = only("قتل شرطيان ومسلحان في مدينة كويتا، بحسب ما أعلن مسؤولون.");
  EXPECT_EQ(q.text, "قتل شرطيان ومسلحان في مدينة كويتا");
  EXPECT_EQ(q.speaker_text, "مسؤولون");
  EXPECT_EQ(q.cue, "أعلن");
  q = only("وصدر أمر بإخلاء قرية في المنطقة وفق ما ذكرت السلطات المحلية.");
  EXPECT_EQ(q.speaker_text, "السلطات المحلية");
  q = only("وبحسب شرطة دبي، فإن فحص الطب الشرعي أظهر أن الوفاة نتيجة الغرق.");
  EXPECT_EQ(q.text, "فحص الطب الشرعي أظهر أن الوفاة نتيجة الغرق");
  EXPECT_EQ(q.speaker_text, "شرطة دبي");
  q = only("لكن نجاح تلك الرحلة، كما تقول سمية، جعل الرحلات التالية أسهل.");
  EXPECT_EQ(q.speaker_text, "سمية");
  EXPECT_TRUE(QuotesOf("انتظر الوزير في القاعة قبل أن يدخل الرئيس، بحسب ما "
                       "يقتضي البروتوكول.")
                  .empty());
  q = only("كما أكد الوزير أن الحكومة ستدعم المشروع.");
  EXPECT_EQ(q.text, "الحكومة ستدعم المشروع");
  // A source with a pronoun (بياناتها) is its owner's, named before it.
  q = only(
      "وأصدرت اللجنة عددا من القرارات بحق الأندية، وذلك بحسب بياناتها "
      "الرسمية.");
  EXPECT_EQ(q.speaker_text, "اللجنة");
}

// «الجبير: إيران معضلة إقليمية»: a headline's label names the speaker of
// the statement after it; a place before the colon is a topic, and «يُذكر
// أن» is the writer's aside, not a quote.
TEST(QuotesTest, HeadlineStatementsAndAsides) {
  auto quotes = QuotesOf(
      "الجبير: إيران معضلة إقليمية في المنطقة\n"
      "قال وزير الخارجية السعودي عادل الجبير إن الأزمة مستمرة. ويذكر أن "
      "الوزير زار المنطقة مرارا.",
      /*ner=*/true);
  const Quote* headline = QuoteStarting(quotes, "إيران معضلة");
  ASSERT_NE(headline, nullptr);
  EXPECT_EQ(headline->speaker_text, "الجبير");
  EXPECT_EQ(QuoteStarting(quotes, "الوزير زار"), nullptr);
  quotes = QuotesOf(
      "اليابان: ارتفاع حصيلة ضحايا الفيضانات إلى مئتي قتيل\n"
      "ارتفعت حصيلة ضحايا الفيضانات.",
      /*ner=*/true);
  EXPECT_EQ(QuoteStarting(quotes, "ارتفاع حصيلة"), nullptr);
}

TEST(QuotesTest, StopsWhenCancelled) {
  std::string text;
  for (int i = 0; i < 200; ++i) text += "وقال الوزير إن «الوضع مستقر». ";
  ASSERT_GT(QuotesOf(text).size(), 100u);
  Cancellation cancelled;
  cancelled.Cancel();
  Analysis analysis = AnalysisOf(text);
  EXPECT_TRUE(FindQuotes(text, analysis.sentences, analysis.tokens,
                         analysis.entities, &cancelled)
                  .empty());
}

TEST(QuotesTest, WrongWayGuillemetAndDroppedSubject) {
  auto quotes = QuotesOf(
      "قال الوزير إن الوضع مستقر. من جانبه أشاد الوزير بـ»خطوات الحكومة في "
      "مكافحة الفساد»، مؤكدا «مواصلة الدعم للحكومة». وأعرب عن «قلقه من "
      "التصعيد الأخير في المنطقة».");
  auto direct = Direct(quotes);
  ASSERT_EQ(direct.size(), 3u);
  EXPECT_EQ(direct[0].text, "خطوات الحكومة في مكافحة الفساد");
  EXPECT_EQ(direct[0].cue, "أشاد");
  EXPECT_EQ(direct[1].cue, "مؤكدا");
  EXPECT_EQ(direct[2].cue, "أعرب");
  for (const Quote& q : direct) EXPECT_EQ(q.speaker_text, "الوزير") << q.text;
}

TEST(QuotesTest, AsciiAndCurlyQuotes) {
  auto quotes = QuotesOf(
      "وقال المتحدث \"الاتفاق سيوقع غدا في العاصمة\". "
      "وأضاف المتحدث “لن يتأخر التنفيذ عن موعده”.");
  ASSERT_EQ(quotes.size(), 2u);
  EXPECT_EQ(quotes[0].text, "الاتفاق سيوقع غدا في العاصمة");
  EXPECT_EQ(quotes[1].text, "لن يتأخر التنفيذ عن موعده");
  EXPECT_EQ(quotes[1].cue, "أضاف");
}

TEST(QuotesTest, CueAfterTheQuote) {
  auto quotes = QuotesOf("«سنواصل العمل مع الجميع»، قال الرئيس.");
  ASSERT_EQ(quotes.size(), 1u);
  EXPECT_EQ(quotes[0].cue, "قال");
  EXPECT_EQ(quotes[0].speaker_text, "الرئيس");
}

TEST(QuotesTest, ConjunctionAnIsNotReportedSpeech) {
  EXPECT_TRUE(
      QuotesOf("وأكد الوزير بعد أن وصل إلى المطار أهمية التعاون.").empty());
  EXPECT_TRUE(QuotesOf("وكان رأي اللجنة أن المشروع مكلف.").empty());
}

TEST(QuotesTest, NoTextNoQuotes) {
  EXPECT_TRUE(FindQuotes("", {}, {}, {}).empty());
}

// The seed article: its eight direct quotes with their speakers, and none
// from the names in guillemets.
TEST(QuotesTest, SeedArticle) {
  const std::string path =
      testing::SharedDir() + "/seeds/000_8a377a5b990fa512.txt";
  KHABAR_REQUIRE_SHARED(path);
  const std::string text = testing::ReadFileOrEmpty(path);
  Article article;
  article.text = text;
  auto analysis = Engine(true).Analyze(article, AnalyzeOptions());
  ASSERT_TRUE(analysis.ok()) << analysis.status();
  auto name_of = [&](const Quote& q) {
    for (const Entity& e : analysis->entities) {
      if (e.id == q.speaker_entity_id) return e.name;
    }
    return std::string();
  };
  struct Expected {
    const char* starts;
    std::vector<std::string> speaker;  // Any of these in the name.
    const char* cue;
  };
  const std::vector<std::string> stoltenberg = {"ستولتنبرغ", "ستولتنبيرغ"};
  const std::vector<Expected> expected = {
      {"بدعم جميع الجهود المبذولة", {"بلينكن"}, "تعهّد"},
      {"حلف الناتو يتطلع", stoltenberg, "أكد"},
      {"زيادة الدعم الذي", stoltenberg, "أشار"},
      {"أهمية تطوير التعاون", {"الكاظمي"}, "أكد"},
      {"خطوات الحكومة العراقية", stoltenberg, "أشاد"},
      {"مواصلة دعم حلف الناتو", stoltenberg, "مؤكدا"},
      {"إعجاب دول الحلف", stoltenberg, "أعرب"},
  };
  auto direct = Direct(analysis->quotes);
  ASSERT_EQ(direct.size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    const Quote& q = direct[i];
    EXPECT_EQ(q.text.rfind(expected[i].starts, 0), 0u) << q.text;
    EXPECT_EQ(q.cue, expected[i].cue) << q.text;
    EXPECT_FALSE(q.speaker_entity_id.empty()) << q.text;
    // speaker_text is the speaker as written there (one spelling), the
    // entity's name the canonical one (maybe the other).
    bool as_written = false, entity = false;
    for (const std::string& name : expected[i].speaker) {
      as_written |= q.speaker_text.find(name) != std::string::npos;
      entity |= name_of(q).find(name) != std::string::npos;
    }
    EXPECT_TRUE(as_written && entity) << q.text << " by " << q.speaker_text;
    EXPECT_EQ(text.substr(q.speaker_span.begin, q.speaker_span.size()),
              q.speaker_text);
  }
  for (const Quote& q : analysis->quotes) {
    for (const char* name : {"الناتو", "داعش", "تويتر", "الناتو 2030"}) {
      EXPECT_NE(q.text, name);
    }
  }
  // Reported speech too: the officials with no entity, and بلينكن's
  // statement with the subject before its verb.
  bool officials = false, blinken = false;
  for (const Quote& q : analysis->quotes) {
    if (q.direct) continue;
    officials |= q.speaker_text == "مسؤولون ودبلوماسيون كبار" &&
                 q.text.rfind("وزراء دفاع حلف شمال الأطلسي يعتزمون", 0) == 0;
    blinken |= q.text.rfind("بلاده غاضبة", 0) == 0 &&
               q.speaker_text.find("بلينكن") != std::string::npos;
  }
  EXPECT_TRUE(officials);
  EXPECT_TRUE(blinken);
  // «نظراً للوضع» is quoted inside ستولتنبرغ's reported speech: one quote.
  int partial = 0;
  for (const Quote& q : analysis->quotes) {
    if (q.text.find("نظراً للوضع") != std::string::npos) ++partial;
  }
  EXPECT_EQ(partial, 1);
}

// A news sample (004: U.S.-China tariffs): Trump's statements, direct and
// reported.
TEST(QuotesTest, NewsSample) {
  const std::string path = testing::SharedDir() + "/data/news-samples/004.txt";
  KHABAR_REQUIRE_SHARED(path);
  auto quotes = QuotesOf(testing::ReadFileOrEmpty(path), true);
  bool reported = false, direct = false, russia = false;
  for (const Quote& q : quotes) {
    const bool trump = q.speaker_text.find("ترامب") != std::string::npos;
    reported |= trump && !q.direct && q.cue == "قال" &&
                q.text.rfind("سيفرض تلك التعريفات", 0) == 0;
    // The quoted words inside his reported statement are part of it.
    direct |=
        trump && !q.direct &&
        q.text.find("\"رفضت الصين تغيير ممارساتها\"") != std::string::npos;
    EXPECT_NE(q.text, "رفضت الصين تغيير ممارساتها");
    russia |= q.speaker_text == "روسيا" &&
              q.text.rfind("ستفرض تعريفات جمركية", 0) == 0;
  }
  EXPECT_TRUE(reported);
  EXPECT_TRUE(direct);
  EXPECT_TRUE(russia);
}

}  // namespace
}  // namespace khabar
