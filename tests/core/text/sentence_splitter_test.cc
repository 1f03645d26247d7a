#include "text/sentence_splitter.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <memory>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "khabar/span.h"
#include "test_paths.h"
#include "text/structure.h"

namespace khabar {
namespace {

using ::khabar::testing::ReadFileOrEmpty;
using ::khabar::testing::SharedDir;

class SentenceSplitterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto splitter = SentenceSplitter::Create();
    ASSERT_TRUE(splitter.ok()) << splitter.status();
    splitter_ = *std::move(splitter);
  }

  // The sentences of text[region] as strings, after checking the spans.
  std::vector<std::string> SplitRegion(std::string_view text, Span region) {
    std::vector<Span> spans;
    splitter_->Split(text, region, &spans);
    ExpectSane(text, region, spans);
    std::vector<std::string> out;
    for (const Span& s : spans) {
      out.emplace_back(text.substr(s.begin, s.size()));
    }
    return out;
  }

  std::vector<std::string> Split(std::string_view text) {
    return SplitRegion(text, Span{0, static_cast<int32_t>(text.size())});
  }

  // Spans are non-empty, inside the region, in order, trimmed, and only
  // blanks lie between them.
  static void ExpectSane(std::string_view text, Span region,
                         const std::vector<Span>& spans) {
    int32_t last = region.begin;
    for (const Span& s : spans) {
      ASSERT_FALSE(s.empty());
      ASSERT_GE(s.begin, last);
      ASSERT_LE(s.end, region.end);
      EXPECT_TRUE(IsBlank(text.substr(last, s.begin - last)))
          << "text dropped before: " << text.substr(s.begin, s.size());
      const std::string_view t = text.substr(s.begin, s.size());
      EXPECT_FALSE(StartsOrEndsBlank(t)) << t;
      last = s.end;
    }
    EXPECT_TRUE(IsBlank(text.substr(last, region.end - last)));
  }

  // Blank for these tests: ASCII space and line breaks, NBSP, ZWSP, BOM.
  static bool IsBlank(std::string_view s) {
    std::string t(s);
    for (const std::string_view b :
         {"\xc2\xa0", "\u200b", "\ufeff", "\u2028"}) {
      size_t pos;
      while ((pos = t.find(b)) != std::string::npos) t.erase(pos, b.size());
    }
    return t.find_first_not_of(" \t\r\n") == std::string::npos;
  }

  static bool StartsOrEndsBlank(std::string_view t) {
    for (const std::string_view b :
         {" ", "\n", "\xc2\xa0", "\u200b", "\ufeff"}) {
      if (t.substr(0, b.size()) == b) return true;
      if (t.size() >= b.size() && t.substr(t.size() - b.size()) == b) {
        return true;
      }
    }
    return false;
  }

  std::unique_ptr<SentenceSplitter> splitter_;
};

using Sentences = std::vector<std::string>;

TEST_F(SentenceSplitterTest, FinalMarks) {
  EXPECT_EQ(Split("هل تنجح الخطة؟ يقول الخبراء إنها ستنجح. ويا للمفاجأة! "
                  "انتهى?"),
            (Sentences{"هل تنجح الخطة؟", "يقول الخبراء إنها ستنجح.",
                       "ويا للمفاجأة!", "انتهى?"}));
  // A run of marks ends one sentence.
  EXPECT_EQ(Split("ماذا حدث هنا؟! لا أصدق ما جرى."),
            (Sentences{"ماذا حدث هنا؟!", "لا أصدق ما جرى."}));
}

TEST_F(SentenceSplitterTest, SemicolonAndCommaDoNotEnd) {
  const std::string text =
      "قال الوزير إن الخطة ناجحة؛ وأضاف أنها ستستمر، وأن النتائج جيدة: "
      "النمو مرتفع, والبطالة منخفضة; والأسعار مستقرة.";
  EXPECT_EQ(Split(text), Sentences{text});
}

TEST_F(SentenceSplitterTest, NoBreakInsideQuotes) {
  for (const std::string text : {
           "وقال «انتهى الأمر. سنبدأ من جديد» ثم غادر القاعة.",
           "وقال \"انتهى الأمر. سنبدأ من جديد\" ثم غادر القاعة.",
           "وقال “انتهى الأمر. سنبدأ من جديد” ثم غادر القاعة.",
           "وقال (انتهى الأمر. سنبدأ من جديد) ثم غادر القاعة.",
           "\"لا تخف من شيء إن كنت على حق. غامر لمساعدة الآخرين\"، تضيف "
           "سمية.",
       }) {
    EXPECT_EQ(Split(text), Sentences{text});
  }
}

TEST_F(SentenceSplitterTest, ClosingQuoteStaysWithItsSentence) {
  EXPECT_EQ(Split("وقال: «انتهى الأمر.» ثم غادر القاعة."),
            (Sentences{"وقال: «انتهى الأمر.»", "ثم غادر القاعة."}));
  EXPECT_EQ(Split("وقال: \"انتهى الأمر!\" ثم غادر القاعة."),
            (Sentences{"وقال: \"انتهى الأمر!\"", "ثم غادر القاعة."}));
  EXPECT_EQ(Split("وقال: «انتهى الأمر».  ثم غادر القاعة."),
            (Sentences{"وقال: «انتهى الأمر».", "ثم غادر القاعة."}));
  // A mis-turned « closing the quote.
  EXPECT_EQ(Split("وقال: »انتهى الأمر.« ثم غادر القاعة."),
            (Sentences{"وقال: »انتهى الأمر.«", "ثم غادر القاعة."}));
  // A stray closer after the space joins the sentence before it.
  EXPECT_EQ(Split("انتهى الاجتماع. » ثم غادر القاعة."),
            (Sentences{"انتهى الاجتماع. »", "ثم غادر القاعة."}));
}

TEST_F(SentenceSplitterTest, WrongWayGuillemets) {
  // As in the seed: بـ»...» opens with ».
  const std::string seed =
      "من جانبه أشاد ستولتنبيرغ بـ»خطوات الحكومة العراقية في مجال مكافحة "
      "الإرهاب»، مؤكدا «مواصلة دعم حلف الناتو للعراق في جهود ملاحقة "
      "التنظيمات الإرهابية».";
  EXPECT_EQ(Split(seed), Sentences{seed});
  EXPECT_EQ(Split("أشاد بـ»خطوات الحكومة. وجهودها»، مؤكدا دعمه. وقال إن "
                  "العمل مستمر."),
            (Sentences{"أشاد بـ»خطوات الحكومة. وجهودها»، مؤكدا دعمه.",
                       "وقال إن العمل مستمر."}));
  // Quotes turned both ways round.
  EXPECT_EQ(Split("وصف »الناتو« بأنه شريك. وقال إن العمل مستمر."),
            (Sentences{"وصف »الناتو« بأنه شريك.", "وقال إن العمل مستمر."}));
}

TEST_F(SentenceSplitterTest, QuoteRunningPastTheParagraph) {
  EXPECT_EQ(Split("قال «انتهى الأمر. سنبدأ من جديد."),
            (Sentences{"قال «انتهى الأمر.", "سنبدأ من جديد."}));
  EXPECT_EQ(Split("قال \"انتهى الأمر. سنبدأ من جديد."),
            (Sentences{"قال \"انتهى الأمر.", "سنبدأ من جديد."}));
}

TEST_F(SentenceSplitterTest, NumbersAndAbbreviations) {
  EXPECT_EQ(
      Split("ارتفع المؤشر 3.5 في المئة. وتراجع الدولار 0.2 نقطة."),
      (Sentences{"ارتفع المؤشر 3.5 في المئة.", "وتراجع الدولار 0.2 نقطة."}));
  EXPECT_EQ(Split("قالت الخارجية U.S. إن الاتفاق صامد. وأضافت أنها ستراقب."),
            (Sentences{"قالت الخارجية U.S. إن الاتفاق صامد.",
                       "وأضافت أنها ستراقب."}));
  for (const std::string text :
       {"التقى الوزير Mr. Smith في الرياض.", "وقال د. محمد علي إن العلاج متاح.",
        "بني المعبد عام 300 ق.م. تقريبا.", "زار الموقع www.example.com أمس."}) {
    EXPECT_EQ(Split(text), Sentences{text});
  }
}

TEST_F(SentenceSplitterTest, Ellipsis) {
  EXPECT_EQ(Split("ارتفعت الأسعار في الأسواق... وتراجعت الأجور."),
            (Sentences{"ارتفعت الأسعار في الأسواق...", "وتراجعت الأجور."}));
  EXPECT_EQ(Split("ارتفعت الأسعار في الأسواق… وتراجعت الأجور."),
            (Sentences{"ارتفعت الأسعار في الأسواق…", "وتراجعت الأجور."}));
  // A short lead-in before ".." is a label, not a sentence.
  for (const std::string text :
       {"لندن.. إغلاق محطات مترو بسبب سيارة مشبوهة",
        "بعد رحيله.. ما لا تعرفه عن غسان الإمام!",
        "انفوجرافيك... خريطة لأبرز محطات الطاقة النووية",
        "نتفليكس تُطلق \"جن..\" أول مسلسل عربي منتج لصالحها",
        "السودان يتخذ إجراءات بشأن الجنيه..ويلغي قيودا على سلع غذائية",
        "وقال إن الحكومة المقبلة (...) ستتخذ إجراءات جديدة."}) {
    EXPECT_EQ(Split(text), Sentences{text});
  }
}

TEST_F(SentenceSplitterTest, EndOfRegionWithoutMark) {
  EXPECT_EQ(Split("انتهى الاجتماع. وقرر المجلس تأجيل التصويت"),
            (Sentences{"انتهى الاجتماع.", "وقرر المجلس تأجيل التصويت"}));
  const std::string headline =
      "بلينكن يعبّر لبغداد عن استيائه من الهجمات الصاروخيّة في أربيل";
  EXPECT_EQ(Split(headline), Sentences{headline});
}

TEST_F(SentenceSplitterTest, MissingSpaceAfterMark) {
  EXPECT_EQ(Split("انتهى الاجتماع.وقال الوزير كلمته."),
            (Sentences{"انتهى الاجتماع.", "وقال الوزير كلمته."}));
}

TEST_F(SentenceSplitterTest, LineBreaksEndSentences) {
  EXPECT_EQ(Split("عنوان بلا علامة\nجملة ثانية.\r\nثالثة\u2028رابعة."),
            (Sentences{"عنوان بلا علامة", "جملة ثانية.", "ثالثة", "رابعة."}));
  // Even inside a quote: a quote does not run past its line.
  EXPECT_EQ(Split("قال «انتهى\nالأمر» اليوم."),
            (Sentences{"قال «انتهى", "الأمر» اليوم."}));
}

TEST_F(SentenceSplitterTest, CnnDatelineStaysWithItsSentence) {
  EXPECT_EQ(
      Split("دبي، الإمارات العربية المتحدة (CNN)-- أعلنت الشركة عن خطتها. "
            "وقالت إنها ستبدأ قريبا."),
      (Sentences{"دبي، الإمارات العربية المتحدة (CNN)-- أعلنت الشركة عن خطتها.",
                 "وقالت إنها ستبدأ قريبا."}));
}

TEST_F(SentenceSplitterTest, TrimsWhitespace) {
  const std::string text =
      "  \u00a0\u200bانتهى الاجتماع.\u00a0 \u00a0وقرر المجلس التأجيل. "
      "\u200b\ufeff ";
  EXPECT_EQ(Split(text),
            (Sentences{"انتهى الاجتماع.", "وقرر المجلس التأجيل."}));
  EXPECT_TRUE(Split(" \u00a0 \u200b\n ").empty());
  EXPECT_TRUE(Split("").empty());
}

TEST_F(SentenceSplitterTest, MarksOnlyRegionIsOneSentence) {
  EXPECT_EQ(Split(" ... "), Sentences{"..."});
  EXPECT_EQ(Split("«»"), Sentences{"«»"});
  EXPECT_EQ(Split("؟ جملة."), Sentences{"؟ جملة."});
}

TEST_F(SentenceSplitterTest, SpansStayInsideTheRegion) {
  const std::string text =
      "قبل المنطقة. أول جملة في المنطقة. وثانية في المنطقة. بعد المنطقة.";
  const size_t b = text.find("في المنطقة. وثانية");
  const size_t e = text.find(" بعد");
  const Sentences got =
      SplitRegion(text, Span{static_cast<int32_t>(b), static_cast<int32_t>(e)});
  EXPECT_EQ(got, (Sentences{"في المنطقة.", "وثانية في المنطقة."}));
  // Bad regions are clamped, never read past the text.
  std::vector<Span> spans;
  splitter_->Split(text, Span{-5, 100000}, &spans);
  EXPECT_EQ(spans.size(), 4u);
  spans.clear();
  splitter_->Split(text, Span{10, 5}, &spans);
  EXPECT_TRUE(spans.empty());
}

TEST_F(SentenceSplitterTest, AppendsToOutput) {
  std::vector<Span> spans = {Span{0, 1}};
  const std::string text = "جملة أولى. جملة ثانية.";
  splitter_->Split(text, Span{0, static_cast<int32_t>(text.size())}, &spans);
  EXPECT_EQ(spans.size(), 3u);
  EXPECT_EQ(spans[0], (Span{0, 1}));
}

TEST_F(SentenceSplitterTest, LatinRegionUsesIcuRules) {
  EXPECT_EQ(
      Split("The U.S. economy grew 3.5 percent. Mr. Smith said so."),
      (Sentences{"The U.S. economy grew 3.5 percent.", "Mr. Smith said so."}));
  EXPECT_EQ(Split("He said \"it is over. we start again\" and left."),
            Sentences{"He said \"it is over. we start again\" and left."});
}

std::string SeedPath() {
  return SharedDir() + "/seeds/000_8a377a5b990fa512.txt";
}

TEST_F(SentenceSplitterTest, SeedParagraphs) {
  const std::string path = SeedPath();
  KHABAR_REQUIRE_SHARED(path);
  const std::string text = ReadFileOrEmpty(path);
  const Structure s = DetectStructure(text);
  ASSERT_EQ(s.paragraphs.size(), 21u);
  EXPECT_EQ(SplitRegion(text, s.headline_span).size(), 1u);
  EXPECT_EQ(SplitRegion(text, s.subheadline_span), Sentences{s.subheadline});
  // Each of the seed's paragraphs is one sentence, quotes and all.
  for (const Span& p : s.paragraphs) {
    const std::string para(text.substr(p.begin, p.size()));
    EXPECT_EQ(SplitRegion(text, p), Sentences{para});
  }
  const std::string pledge(
      text.substr(s.paragraphs[4].begin, s.paragraphs[4].size()));
  EXPECT_EQ(pledge,
            "وتعهّد في اتصال مع رئيس وزراء إقليم كردستان «بدعم جميع الجهود "
            "المبذولة للتحقيق فيها ولمحاسبة المسؤولين عنها».");
  const std::string praise(
      text.substr(s.paragraphs[19].begin, s.paragraphs[19].size()));
  EXPECT_EQ(praise.rfind("من جانبه أشاد ستولتنبيرغ بـ»خطوات", 0), 0u);
  // Two paragraphs as one region: two sentences.
  EXPECT_EQ(
      SplitRegion(text, Span{s.paragraphs[19].begin, s.paragraphs[20].end})
          .size(),
      2u);
}

std::vector<std::string> SampleTexts() {
  std::vector<std::string> texts;
  for (int i = 1; i <= 60; ++i) {
    char name[48];
    std::snprintf(name, sizeof(name), "/data/news-samples/%03d.txt", i);
    texts.push_back(ReadFileOrEmpty(SharedDir() + name));
  }
  return texts;
}

// Every region of the samples splits into sane spans; a few known counts.
TEST_F(SentenceSplitterTest, NewsSamples) {
  KHABAR_REQUIRE_SHARED(SharedDir() + "/data/news-samples/001.txt");
  const std::vector<std::string> texts = SampleTexts();
  size_t total = 0;
  std::vector<size_t> per_file;
  for (const std::string& text : texts) {
    const Structure s = DetectStructure(text);
    size_t n = SplitRegion(text, s.headline_span).size();
    for (const Span& p : s.paragraphs) n += SplitRegion(text, p).size();
    per_file.push_back(n);
    total += n;
  }
  // Between one and two sentences per line on average.
  EXPECT_GT(total, 600u);
  EXPECT_LT(total, 900u);
  // 009.txt: headline + a three-sentence lead + five one-sentence
  // paragraphs.
  const std::string& t9 = texts[8];
  const Structure s9 = DetectStructure(t9);
  EXPECT_EQ(SplitRegion(t9, s9.paragraphs[0]).size(), 3u);
  // 018.txt: "... بـ"المستفزة".. فما السبب؟" is two sentences.
  const Structure s18 = DetectStructure(texts[17]);
  EXPECT_EQ(SplitRegion(texts[17], s18.headline_span),
            (Sentences{"العين يصف قرارات حكم مباراته أمام الهلال "
                       "بـ\"المستفزة\"..",
                       "فما السبب؟"}));
  // 014.txt: the headline's "جن.." is a title in quotes.
  const Structure s14 = DetectStructure(texts[13]);
  EXPECT_EQ(SplitRegion(texts[13], s14.headline_span).size(), 1u);
}

TEST_F(SentenceSplitterTest, ThreadSafe) {
  KHABAR_REQUIRE_SHARED(SharedDir() + "/data/news-samples/001.txt");
  std::vector<std::string> texts = SampleTexts();
  texts.push_back("The U.S. economy grew. Mr. Smith said so.");
  auto split_all = [&](std::vector<Span>* out) {
    for (const std::string& text : texts) {
      splitter_->Split(text, Span{0, static_cast<int32_t>(text.size())}, out);
    }
  };
  std::vector<Span> expected;
  split_all(&expected);
  std::vector<std::vector<Span>> results(4);
  std::vector<std::thread> threads;
  for (auto& r : results) {
    threads.emplace_back([&split_all, &r] {
      for (int i = 0; i < 20; ++i) {
        r.clear();
        split_all(&r);
      }
    });
  }
  for (std::thread& t : threads) t.join();
  for (const auto& r : results) EXPECT_EQ(r, expected);
}

TEST_F(SentenceSplitterTest, SeveralSplittersOnOneThread) {
  const std::string text = "The U.S. economy grew. Mr. Smith said so.";
  const Span all{0, static_cast<int32_t>(text.size())};
  for (int i = 0; i < 3; ++i) {
    auto other = SentenceSplitter::Create();
    ASSERT_TRUE(other.ok());
    std::vector<Span> a;
    std::vector<Span> b;
    (*other)->Split(text, all, &a);
    splitter_->Split(text, all, &b);
    EXPECT_EQ(a.size(), 2u);
    EXPECT_EQ(a, b);
  }
}

}  // namespace
}  // namespace khabar
