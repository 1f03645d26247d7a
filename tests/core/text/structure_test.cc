#include "text/structure.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "khabar/analysis.h"
#include "test_paths.h"

namespace khabar {
namespace {

using ::khabar::testing::ReadFileOrEmpty;
using ::khabar::testing::SharedDir;

std::string_view At(std::string_view text, Span span) {
  return text.substr(span.begin, span.size());
}

std::string SeedPath() {
  return SharedDir() + "/seeds/000_8a377a5b990fa512.txt";
}

std::string SamplePath(int i) {
  char name[32];
  std::snprintf(name, sizeof(name), "/%03d.txt", i);
  return SharedDir() + "/data/news-samples" + name;
}

// Every span of a structure is non-empty, inside the text, trimmed, and the
// body spans come in order without overlapping.
void ExpectSaneSpans(std::string_view text, const Structure& s) {
  std::vector<Span> all;
  for (const Span& p : s.paragraphs) all.push_back(p);
  for (const Boilerplate& b : s.boilerplate) {
    all.push_back(b.span);
    EXPECT_EQ(b.text, At(text, b.span));
  }
  for (const Span& span : all) {
    ASSERT_FALSE(span.empty());
    ASSERT_GE(span.begin, 0);
    ASSERT_LE(span.end, static_cast<int32_t>(text.size()));
    const std::string_view t = At(text, span);
    EXPECT_NE(t.front(), ' ');
    EXPECT_NE(t.back(), ' ');
    EXPECT_EQ(t.find('\n'), std::string_view::npos);
  }
  for (size_t i = 1; i < s.paragraphs.size(); ++i) {
    EXPECT_LE(s.paragraphs[i - 1].end, s.paragraphs[i].begin);
  }
  if (!s.headline.empty()) {
    EXPECT_EQ(s.headline, At(text, s.headline_span));
  }
  if (!s.subheadline.empty()) {
    EXPECT_EQ(s.subheadline, At(text, s.subheadline_span));
  }
  if (!s.source_span.empty()) {
    EXPECT_EQ(s.source, At(text, s.source_span));
  }
  EXPECT_EQ(s.dateline, At(text, s.dateline_span));
}

TEST(StructureTest, Seed) {
  const std::string path = SeedPath();
  KHABAR_REQUIRE_SHARED(path);
  const std::string text = ReadFileOrEmpty(path);
  const Structure s = DetectStructure(text);
  ExpectSaneSpans(text, s);
  EXPECT_EQ(s.source, "الوطن");
  EXPECT_EQ(At(text, s.source_span), "الوطن");
  EXPECT_EQ(s.headline,
            "بلينكن يعبّر لبغداد عن استيائه من الهجمات الصاروخيّة في أربيل");
  EXPECT_EQ(s.subheadline.rfind("حلف «الناتو» يبحث رفع عديد جنوده", 0), 0u);
  EXPECT_EQ(s.subheadline.substr(s.subheadline.size() - 12), "«داعش»");
  // 21 body paragraphs; the NBSP-only line is skipped.
  ASSERT_EQ(s.paragraphs.size(), 21u);
  EXPECT_EQ(At(text, s.paragraphs[0]).rfind("قالت الخارجية الأميركية", 0), 0u);
  EXPECT_EQ(At(text, s.paragraphs[20]).rfind("وأعرب عن «إعجاب", 0), 0u);
  ASSERT_EQ(s.boilerplate.size(), 2u);
  EXPECT_EQ(s.boilerplate[0].text, "مقالات ذات صلة");
  EXPECT_EQ(s.boilerplate[0].kind, BoilerplateKind::kRelated);
  EXPECT_EQ(s.boilerplate[1].text, "زر الذهاب إلى الأعلى");
  EXPECT_EQ(s.boilerplate[1].kind, BoilerplateKind::kNavigation);
}

TEST(StructureTest, SeedWithCrlfAndUnicodeLineSeparators) {
  const std::string path = SeedPath();
  KHABAR_REQUIRE_SHARED(path);
  const std::string text = ReadFileOrEmpty(path);
  const Structure base = DetectStructure(text);
  for (const std::string sep : {"\r\n", "\r", "\u2028", "\u2029"}) {
    std::string other;
    for (char c : text) {
      if (c == '\n') {
        other += sep;
      } else {
        other.push_back(c);
      }
    }
    const Structure s = DetectStructure(other);
    ExpectSaneSpans(other, s);
    EXPECT_EQ(s.source, base.source);
    EXPECT_EQ(s.headline, base.headline);
    EXPECT_EQ(s.subheadline, base.subheadline);
    ASSERT_EQ(s.paragraphs.size(), base.paragraphs.size());
    for (size_t i = 0; i < s.paragraphs.size(); ++i) {
      EXPECT_EQ(At(other, s.paragraphs[i]), At(text, base.paragraphs[i]));
    }
    EXPECT_EQ(s.boilerplate.size(), base.boilerplate.size());
  }
}

// The 60 samples start with their headline: none has an outlet line, and
// line 2 is the first body paragraph. 057.txt opens with a short verse-like
// line ("بدأوا بالغسالات") with no final mark: it is too short for a deck,
// so it stays a paragraph too; no sample needs an exception.
TEST(StructureTest, NewsSamplesStartWithHeadline) {
  const std::string first = SamplePath(1);
  KHABAR_REQUIRE_SHARED(first);
  for (int i = 1; i <= 60; ++i) {
    SCOPED_TRACE(SamplePath(i));
    const std::string text = ReadFileOrEmpty(SamplePath(i));
    ASSERT_FALSE(text.empty());
    const size_t nl = text.find('\n');
    ASSERT_NE(nl, std::string::npos);
    const Structure s = DetectStructure(text);
    ExpectSaneSpans(text, s);
    // CNN's lead opens with a dateline, «نيويورك، ... (CNN)— قال»: the
    // source, kept as boilerplate before the paragraph.
    const std::string_view lead = std::string_view(text).substr(nl + 1, 200);
    const bool dateline = lead.find("(CNN)") != std::string_view::npos;
    EXPECT_EQ(s.source, dateline ? "CNN" : "");
    EXPECT_EQ(s.source_span.empty(), !dateline);
    EXPECT_EQ(s.headline, text.substr(0, nl));
    EXPECT_TRUE(s.subheadline.empty());
    ASSERT_FALSE(s.paragraphs.empty());
    if (dateline) {
      ASSERT_FALSE(s.boilerplate.empty());
      EXPECT_EQ(s.dateline_span.begin, static_cast<int32_t>(nl + 1));
      EXPECT_GT(s.boilerplate[0].span.begin, s.dateline_span.end);
      EXPECT_GE(s.paragraphs[0].begin, s.boilerplate[0].span.end);
    } else {
      EXPECT_EQ(s.paragraphs[0].begin, static_cast<int32_t>(nl + 1));
    }
    // Every line is a paragraph or chrome (the dateline shares its line).
    size_t lines = 0;
    for (char c : text) lines += c == '\n';
    EXPECT_EQ(1 + s.paragraphs.size() + s.boilerplate.size() - dateline, lines);
  }
}

TEST(StructureTest, NewsSamplesChrome) {
  const std::string first = SamplePath(1);
  KHABAR_REQUIRE_SHARED(first);
  struct Expected {
    int file;
    std::vector<BoilerplateKind> kinds;
  };
  const BoilerplateKind kSep = BoilerplateKind::kSeparator;
  const BoilerplateKind kPromo = BoilerplateKind::kPromo;
  const BoilerplateKind kRel = BoilerplateKind::kRelated;
  const std::vector<Expected> expected = {
      {4, {kSep, kPromo}},  {7, {kRel}},        {13, {kSep, kPromo}},
      {50, {kSep, kPromo}}, {60, {kRel, kRel}},
  };
  for (int i = 1; i <= 60; ++i) {
    SCOPED_TRACE(SamplePath(i));
    const std::string text = ReadFileOrEmpty(SamplePath(i));
    const Structure s = DetectStructure(text);
    std::vector<BoilerplateKind> kinds;
    for (const Boilerplate& b : s.boilerplate) kinds.push_back(b.kind);
    std::vector<BoilerplateKind> want;
    // A CNN dateline («... (CNN)—») is chrome of kind OTHER before the rest.
    const std::string_view lead =
        std::string_view(text).substr(text.find('\n') + 1, 200);
    if (lead.find("(CNN)") != std::string_view::npos) {
      want.push_back(BoilerplateKind::kOther);
    }
    for (const Expected& e : expected) {
      if (e.file == i) want.insert(want.end(), e.kinds.begin(), e.kinds.end());
    }
    EXPECT_EQ(kinds, want);
  }
  const std::string text = ReadFileOrEmpty(SamplePath(60));
  const Structure s = DetectStructure(text);
  std::vector<const Boilerplate*> related;
  for (const Boilerplate& b : s.boilerplate) {
    if (b.kind == BoilerplateKind::kRelated) related.push_back(&b);
  }
  ASSERT_EQ(related.size(), 2u);
  EXPECT_EQ(related[0]->text.rfind("اقرأ..\u00a0سوريا", 0), 0u);
  EXPECT_EQ(related[1]->text.rfind("أيضاً..\u00a0كولينز", 0), 0u);
}

// A wire dateline opening the lead names the source and is no body text.
TEST(StructureTest, DatelineIsTheSource) {
  const std::string text =
      "أردوغان يزور ألمانيا\n"
      "أنقرة، تركيا (CNN)-- قال الرئيس التركي إن بلاده ستعزز علاقاتها.\n";
  const Structure s = DetectStructure(text);
  ExpectSaneSpans(text, s);
  EXPECT_EQ(s.source, "CNN");
  EXPECT_EQ(At(text, s.source_span), "CNN");
  // The places are the dateline, a sentence of their own; the bracketed
  // source and the dashes are chrome.
  EXPECT_EQ(s.dateline, "أنقرة، تركيا");
  EXPECT_EQ(At(text, s.dateline_span), "أنقرة، تركيا");
  ASSERT_EQ(s.boilerplate.size(), 1u);
  EXPECT_EQ(s.boilerplate[0].text, "(CNN)--");
  ASSERT_EQ(s.paragraphs.size(), 1u);
  EXPECT_EQ(At(text, s.paragraphs[0]),
            "قال الرئيس التركي إن بلاده ستعزز علاقاتها.");
}

TEST(StructureTest, OtherE2CharactersDoNotBreakLines) {
  // “ ” … – and U+2028 all start with byte E2; only U+2028/9 break lines.
  const std::string text =
      "عنوان “الخبر” – اليوم\n"
      "قال الوزير… إن الاجتماع انتهى.\u2028فقرة ثانية.\r\rفقرة ثالثة\xe2\x80";
  const Structure s = DetectStructure(text);
  ExpectSaneSpans(text, s);
  EXPECT_EQ(s.headline, "عنوان “الخبر” – اليوم");
  ASSERT_EQ(s.paragraphs.size(), 3u);
  EXPECT_EQ(At(text, s.paragraphs[0]), "قال الوزير… إن الاجتماع انتهى.");
  EXPECT_EQ(At(text, s.paragraphs[1]), "فقرة ثانية.");
}

TEST(StructureTest, EmptyAndBlankText) {
  for (const std::string text :
       {"", "   ", "\n\n", " \u00a0\n\t\r\n\u2028", "\xef\xbb\xbf \u200b"}) {
    const Structure s = DetectStructure(text);
    EXPECT_TRUE(s.headline.empty());
    EXPECT_TRUE(s.paragraphs.empty());
    EXPECT_TRUE(s.boilerplate.empty());
  }
}

TEST(StructureTest, TrimsSpacesNbspBomAndZeroWidth) {
  const std::string text =
      "\xef\xbb\xbf  عنوان الخبر الرئيسي اليوم \u00a0\n"
      "\u200f\u00a0الفقرة الأولى من الخبر.\u200b \n"
      "\t\u00a0\n"
      "الفقرة الثانية.\u200e";
  const Structure s = DetectStructure(text);
  ExpectSaneSpans(text, s);
  EXPECT_EQ(s.headline, "عنوان الخبر الرئيسي اليوم");
  ASSERT_EQ(s.paragraphs.size(), 2u);
  EXPECT_EQ(At(text, s.paragraphs[0]), "الفقرة الأولى من الخبر.");
  EXPECT_EQ(At(text, s.paragraphs[1]), "الفقرة الثانية.");
}

TEST(StructureTest, ShareLineVersusParagraphStartingWithShare) {
  const std::string text =
      "عنوان الخبر\n"
      "شارك آلاف المتظاهرين في مسيرة بالعاصمة.\n"
      "شارك آلاف المتظاهرين في مسيرة حاشدة جابت شوارع العاصمة يوم الجمعة "
      "احتجاجا على غلاء الأسعار وتردي الخدمات.\n"
      "شارك\n"
      "شارك المقال\n"
      "تابعونا على فيسبوك وتويتر\n";
  const Structure s = DetectStructure(text);
  ExpectSaneSpans(text, s);
  ASSERT_EQ(s.paragraphs.size(), 2u);
  EXPECT_EQ(At(text, s.paragraphs[0]).rfind("شارك آلاف", 0), 0u);
  EXPECT_EQ(At(text, s.paragraphs[1]).rfind("شارك آلاف", 0), 0u);
  ASSERT_EQ(s.boilerplate.size(), 3u);
  for (const Boilerplate& b : s.boilerplate) {
    EXPECT_EQ(b.kind, BoilerplateKind::kShare) << b.text;
  }
}

TEST(StructureTest, ChromeMatchesIgnoringTashkeelHamzaAndTatweel) {
  const std::vector<std::pair<std::string, BoilerplateKind>> cases = {
      {"اقرأ أيضا: عنوان خبر آخر", BoilerplateKind::kRelated},
      {"إقرأ ايضاً:", BoilerplateKind::kRelated},
      {"اقـــرأ أيضًا", BoilerplateKind::kRelated},
      {"اقرأ.. عنوان خبر آخر", BoilerplateKind::kRelated},
      {"أيضاً.. عنوان خبر آخر", BoilerplateKind::kRelated},
      {"للمزيد: عنوان خبر آخر", BoilerplateKind::kRelated},
      {"مواضيع ذات صلة", BoilerplateKind::kRelated},
      {"المزيد من الأخبار", BoilerplateKind::kRelated},
      {"زر الذهاب الى الاعلى", BoilerplateKind::kNavigation},
      {"العودة إلى الأعلى", BoilerplateKind::kNavigation},
      {"الصفحة الرئيسية", BoilerplateKind::kNavigation},
      {"تابعوا آخر الأخبار عبر حساباتنا", BoilerplateKind::kShare},
      {"يمكنكم استلام إشعارات بأهم الموضوعات بعد تحميل أحدث نسخة من تطبيق "
       "بي بي سي عربي على هاتفكم المحمول.",
       BoilerplateKind::kPromo},
      {"يمكنكم تسلم إشعارات بأهم الموضوعات", BoilerplateKind::kPromo},
      {"حمّل تطبيق الوطن الآن", BoilerplateKind::kPromo},
      {"-----", BoilerplateKind::kSeparator},
      {"___________", BoilerplateKind::kSeparator},
      {"= = = =", BoilerplateKind::kSeparator},
      {"* * *", BoilerplateKind::kSeparator},
      {"....", BoilerplateKind::kSeparator},
      {"جميع الحقوق محفوظة لصحيفة الوطن 2021", BoilerplateKind::kOther},
      {"© 2021 الوطن", BoilerplateKind::kOther},
  };
  for (const auto& [line, kind] : cases) {
    const std::string text = "عنوان الخبر\nالفقرة الأولى.\n" + line + "\n";
    const Structure s = DetectStructure(text);
    ExpectSaneSpans(text, s);
    ASSERT_EQ(s.boilerplate.size(), 1u) << line;
    EXPECT_EQ(s.boilerplate[0].kind, kind) << line;
    EXPECT_EQ(s.boilerplate[0].text, line);
    EXPECT_EQ(s.paragraphs.size(), 1u) << line;
  }
}

TEST(StructureTest, ChromeWordsInsideProseAreContent) {
  const std::vector<std::string> lines = {
      "شاركت الفرق الثلاث في البطولة.",
      "المزيد من العقوبات على الشركات المخالفة للقانون في البلاد.",
      "تابعوا",  // Short and bare: chrome (checked below), as a control.
      "اقرأ الرسالة التي وجهها الوزير إلى البرلمان.",
      "الأيضاً ليس كلمة.",
  };
  size_t chrome = 0;
  for (const std::string& line : lines) {
    const std::string text = "عنوان الخبر\n" + line + "\n";
    chrome += DetectStructure(text).boilerplate.size();
  }
  EXPECT_EQ(chrome, 1u);
}

TEST(StructureTest, RelatedHeadTakesTheLinkedHeadlinesBelowIt) {
  const std::string text =
      "عنوان الخبر الرئيسي\n"
      "الفقرة الأولى من الخبر.\n"
      "مقالات ذات صلة\n"
      "وزير الخارجية يزور العراق\n"
      "ارتفاع أسعار النفط في الأسواق العالمية\n"
      "زر الذهاب إلى الأعلى\n";
  const Structure s = DetectStructure(text);
  ExpectSaneSpans(text, s);
  ASSERT_EQ(s.paragraphs.size(), 1u);
  ASSERT_EQ(s.boilerplate.size(), 4u);
  EXPECT_EQ(s.boilerplate[1].kind, BoilerplateKind::kRelated);
  EXPECT_EQ(s.boilerplate[2].kind, BoilerplateKind::kRelated);
  EXPECT_EQ(s.boilerplate[3].kind, BoilerplateKind::kNavigation);
}

TEST(StructureTest, RelatedListEndsAtProse) {
  const std::string text =
      "عنوان الخبر الرئيسي\n"
      "اقرأ أيضا\n"
      "وزير الخارجية يزور العراق\n"
      "وقال الوزير إن الزيارة ناجحة.\n"
      "فقرة أخرى بلا علامة في آخرها\n";
  const Structure s = DetectStructure(text);
  ASSERT_EQ(s.boilerplate.size(), 2u);
  ASSERT_EQ(s.paragraphs.size(), 2u);
  EXPECT_EQ(At(text, s.paragraphs[1]), "فقرة أخرى بلا علامة في آخرها");
}

TEST(StructureTest, OutletLine) {
  const std::string text =
      "الوطن\n"
      "بلينكن يعبر لبغداد عن استيائه من الهجمات\n"
      "قالت الخارجية الأميركية إن الوزير بحث الهجمات.\n";
  const Structure s = DetectStructure(text);
  EXPECT_EQ(s.source, "الوطن");
  EXPECT_EQ(s.headline, "بلينكن يعبر لبغداد عن استيائه من الهجمات");
  EXPECT_EQ(s.paragraphs.size(), 1u);
}

TEST(StructureTest, KnownOutletWithDigitsOrFourWords) {
  for (const std::string outlet :
       {"فرانس 24", "بي بي سي عربي", "CNN بالعربية", "سكاي نيوز عربية"}) {
    const std::string text = outlet +
                             "\nالرئيس يلتقي نظيره الفرنسي في باريس\n"
                             "التقى الرئيس نظيره الفرنسي اليوم.\n";
    const Structure s = DetectStructure(text);
    EXPECT_EQ(s.source, outlet);
    EXPECT_EQ(s.headline, "الرئيس يلتقي نظيره الفرنسي في باريس");
  }
}

TEST(StructureTest, GenericOutletName) {
  // Not in the list of known outlets.
  const std::string text =
      "الصحيفة الحرة\n"
      "الرئيس يلتقي نظيره الفرنسي في باريس\n"
      "التقى الرئيس نظيره الفرنسي اليوم.\n";
  EXPECT_EQ(DetectStructure(text).source, "الصحيفة الحرة");

  // An indefinite name is taken only when headline and deck follow it.
  const std::string with_deck =
      "صدى البلد\n\n"
      "الرئيس يلتقي نظيره الفرنسي في باريس\n\n"
      "اللقاء بحث ملفات الطاقة والهجرة وسط توتر إقليمي متصاعد\n\n"
      "التقى الرئيس نظيره الفرنسي اليوم.\n";
  const Structure s = DetectStructure(with_deck);
  EXPECT_EQ(s.source, "صدى البلد");
  EXPECT_EQ(s.headline, "الرئيس يلتقي نظيره الفرنسي في باريس");
  EXPECT_EQ(s.subheadline,
            "اللقاء بحث ملفات الطاقة والهجرة وسط توتر إقليمي متصاعد");
}

TEST(StructureTest, ShortHeadlinesAreNotOutlets) {
  const std::vector<std::string> headlines = {
      "زلزال في تركيا",       // Function word.
      "ترامب يزور السعودية",  // Not definite; a verb.
      "الحكومة تستقيل",       // A verb.
      "عاجل",                 // A label.
      "استقالة الحكومة",      // Not definite.
      "الذهب يرتفع 3%",       // Digits.
      "النفط: تراجع",         // Punctuation.
  };
  for (const std::string& h : headlines) {
    // The next line could pass for a headline (a deck); still no outlet.
    const std::string text = h +
                             "\nالمحتجون يطالبون برحيل الحكومة وإجراء "
                             "انتخابات مبكرة في البلاد\n"
                             "خرج آلاف المحتجين إلى الشوارع.\n";
    const Structure s = DetectStructure(text);
    EXPECT_TRUE(s.source.empty()) << h;
    EXPECT_EQ(s.headline, h);
  }
  // Nor when the next line is a paragraph, or too few lines follow.
  EXPECT_TRUE(DetectStructure("الوطن\nقالت الوزارة إن الاجتماع انتهى.\n"
                              "وأضافت أن النتائج جيدة.\n")
                  .source.empty());
  EXPECT_TRUE(
      DetectStructure("الوطن\nالرئيس يلتقي نظيره الفرنسي\n").source.empty());
}

TEST(StructureTest, Subheadline) {
  const std::string deck =
      "حلف «الناتو» يبحث رفع عديد جنوده وتوسيع مهامه في العراق";
  const std::string body = "قالت الخارجية الأميركية إن الوزير بحث الهجمات.";
  Structure s = DetectStructure("عنوان الخبر\n" + deck + "\n" + body);
  EXPECT_EQ(s.subheadline, deck);
  ASSERT_EQ(s.paragraphs.size(), 1u);
  // A line ending in a final mark is the lead paragraph.
  for (const std::string end : {".", "!", "؟", "?", "…", ".»", ".\""}) {
    s = DetectStructure("عنوان الخبر\n" + deck + end + "\n" + body);
    EXPECT_TRUE(s.subheadline.empty()) << end;
    EXPECT_EQ(s.paragraphs.size(), 2u);
  }
  // Too short, too long, ending in a comma or colon, or the last line.
  const std::string long_deck = deck + "، " + deck + "، " + deck + "، " + deck;
  for (const std::string& line :
       {std::string("بدأوا بالغسالات"), long_deck, deck + "،", deck + ":"}) {
    s = DetectStructure("عنوان الخبر\n" + line + "\n" + body);
    EXPECT_TRUE(s.subheadline.empty()) << line;
  }
  s = DetectStructure("عنوان الخبر\n" + deck + "\n");
  EXPECT_TRUE(s.subheadline.empty());
  EXPECT_EQ(s.paragraphs.size(), 1u);
  // A dateline opens the body.
  s = DetectStructure(
      "عنوان الخبر\nدبي، الإمارات العربية المتحدة (CNN)-- أعلنت الشركة عن "
      "خطتها\n" +
      body);
  EXPECT_TRUE(s.subheadline.empty());
}

TEST(StructureTest, LongFirstLineIsNotAHeadline) {
  std::string para;
  while (para.size() < 700) para += "كلمة أخرى في الفقرة الطويلة ";
  para += "انتهت.";
  const Structure s = DetectStructure(para + "\nفقرة ثانية.\n");
  EXPECT_TRUE(s.headline.empty());
  EXPECT_EQ(s.paragraphs.size(), 2u);
}

TEST(StructureTest, LayoutStructured) {
  const std::string headline = " عنوان الخبر ";
  const std::string sub = "الناتو يبحث توسيع مهامه";
  const std::string body =
      "الوطن\n"
      "الفقرة الأولى.\n\n"
      "\u00a0اقرأ أيضا: خبر آخر\n"
      "الفقرة الثانية.";
  const std::string text = headline + "\n" + sub + "\n" + body;
  const Structure s = LayoutStructured(text, headline.size(), sub.size());
  ExpectSaneSpans(text, s);
  EXPECT_TRUE(s.source.empty());
  EXPECT_EQ(s.headline, "عنوان الخبر");
  EXPECT_EQ(s.headline_span.begin, 1);
  EXPECT_EQ(s.subheadline, sub);
  EXPECT_EQ(s.subheadline_span.begin,
            static_cast<int32_t>(headline.size() + 1));
  // No outlet or headline detection in the body.
  ASSERT_EQ(s.paragraphs.size(), 3u);
  EXPECT_EQ(At(text, s.paragraphs[0]), "الوطن");
  EXPECT_EQ(At(text, s.paragraphs[2]), "الفقرة الثانية.");
  ASSERT_EQ(s.boilerplate.size(), 1u);
  EXPECT_EQ(s.boilerplate[0].kind, BoilerplateKind::kRelated);
}

TEST(StructureTest, LayoutStructuredEmptyParts) {
  const std::string text = "\n\nالفقرة الأولى.\nالفقرة الثانية.";
  Structure s = LayoutStructured(text, 0, 0);
  EXPECT_TRUE(s.headline.empty());
  EXPECT_TRUE(s.headline_span.empty());
  EXPECT_TRUE(s.subheadline.empty());
  EXPECT_TRUE(s.subheadline_span.empty());
  EXPECT_EQ(s.paragraphs.size(), 2u);

  const std::string only_headline = "عنوان\n  \n";
  s = LayoutStructured(only_headline, 10, 2);
  EXPECT_EQ(s.headline, "عنوان");
  EXPECT_TRUE(s.subheadline_span.empty());
  EXPECT_TRUE(s.paragraphs.empty());

  // Lengths past the end are clamped.
  s = LayoutStructured("عنوان", 100, 100);
  EXPECT_EQ(s.headline, "عنوان");
}

}  // namespace
}  // namespace khabar
