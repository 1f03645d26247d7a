#!/usr/bin/python3
"""Writes the seed corpus of the fuzz targets (tests/fuzz/corpus/).

Run from anywhere: /usr/bin/python3 tests/fuzz/make_corpus.py. The inputs are
short articles written for this project, edge cases, and hand-encoded
AnalyzeRequest messages; libFuzzer mutates them. See docs/testing.md.
"""
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))

ARTICLE = (
    "صدى المدينة\n\n"
    "وزراء المياه العرب يتفقون في عمّان على خطة لمواجهة الجفاف حتى عام 2030\n\n"
    "الاجتماع بحث تمويل محطات التحلية، ووزير المياه الأردني يصف الاتفاق "
    "بـ«الخطوة الأولى»\n\n"
    "وقال وزير المياه والري الأردني سامر الخطيب في مؤتمر صحفي إن الخطة "
    "«تضع للمرة الأولى أرقاماً ملزمة»، مضيفاً أن بلاده ستستضيف أمانتها.\n\n"
    "وبحسب البيان، تتعهد الدول بخفض الفاقد بنسبة 15% خلال خمس سنوات، "
    "وبتمويل ثلاث محطات بكلفة 2.4 مليار دولار.\n\n"
    "وأفادت الشرطة بمقتل 3 أشخاص وإصابة نحو عشرين آخرين أمس الثلاثاء "
    "في هجوم صاروخي على أربيل في 12 آذار/مارس 2021.\n\n"
    "مقالات ذات صلة\n"
    "زر الذهاب إلى الأعلى\n")

SHORT = "الكاظمي يزور واشنطن ويلتقي بلينكن في 5 حزيران."

# Byte 0 of an analyze_fuzzer input: bits 0-1 offset unit, bit 2
# structured (parts split by \x1F), bit 3 published_at, bit 4 language
# hint, bit 5 feature byte follows.
ANALYZE = {
    "article_bytes": b"\x00" + ARTICLE.encode(),
    "article_utf16_dated": b"\x09" + ARTICLE.encode(),
    "article_codepoints_hint": b"\x12" + ARTICLE.encode(),
    # Over 200 tokens: the tagger splits across a lent thread, and the
    # fuzzer compares the result with one made alone.
    "long_article": b"\x00" + (ARTICLE * 3).encode(),
    "structured": b"\x05" + "\x1f".join([
        "بلينكن يعبّر لبغداد عن استيائه",
        "حلف «الناتو» يبحث رفع عديد جنوده",
        "قال الوزير إن الزيارة مهمة.\nوأكد أن 500 جندي سيصلون."
    ]).encode(),
    "features_tokens_entities": b"\x20\x0c" + SHORT.encode(),
    "emoji_zwj_bidi": b"\x01" + ("خبر 👨‍👩‍👧 عاجل \u202eمعكوس\u202c "
                                 "🇯🇴 نص\u200fآخر 🏳️‍🌈.").encode(),
    "combining_marks": b"\x02" + ("ب" + "\u064e" * 300 + " كتب").encode(),
    "punctuation_only": b"\x00" + "«»،؛؟!...---***(«)»".encode(),
    "mixed_scripts": b"\x01" + (
        "ایران و پاکستان؛ اردو: یہ خبر ہے۔ עברית: שלום. "
        "English: the minister said. العراق 2021 ١٢٣ ۴۵۶").encode(),
    "html": b"\x00" + (
        "<html><head><script>var a='<p>';</script></head><body>"
        "<h1>عنوان &amp; خبر</h1><p>قال الوزير&nbsp;إن &#1575;لخطة "
        "&quot;مهمة&quot;.</p></body></html>").encode(),
    "controls_crlf_bom": b"\x00" + b"\xef\xbb\xbf" + (
        "عنوان\r\n\r\nنص\x01فيه\x7f تحكم\u0085 و\u00a0مسافة.\r\n").encode(),
    "not_nfc": b"\x01" + "اسماعيل آ آ إ\u0627\u0653 ك\u0651\u064e".encode(),
    "invalid_utf8": b"\x00" + "خبر".encode() + b"\xc0\x80\xed\xa0\x80\xff",
    "numbers_dates": b"\x08" + (
        "قتل ثلاثة وعشرون شخصا وأصيب 40 إلى 50 آخرين يوم 3/4/2022 "
        "و١٥ رمضان ١٤٤٣ هـ، وارتفعت الأسعار 7.5% إلى 1,200 دينار "
        "أي نحو مليوني دولار.").encode(),
    "long_token": b"\x00" + ("ب" * 2000).encode(),
    # Structure-aware seeds: the shapes that once made a stage quadratic
    # (docs/testing.md), for the mutator to grow.
    "nested_quotes": b"\x00" + ("قال الرئيس «" * 60 + "لن نتراجع"
                                + "»" * 60).encode(),
    "many_frames": b"\x00" + ("وقال الوزير إن الحكومة «ستعمل» على ذلك، "
                              * 40).encode(),
    "many_names": b"\x00" + ("التقى الرئيس دونالد ترامب مع ماكرون في "
                             "باريس وقال إن ترامب " * 25).encode(),
    "many_numbers": b"\x08" + ("وقتل 12 شخصا وأصيب 30 آخرون في 5 أيار "
                               "2018 بكلفة 3 ملايين دولار " * 25).encode(),
    "long_list": b"\x00" + ("، ".join(["محمد علي"] * 200) + ".").encode(),
    # Regressions: inputs a long fuzz run found (issue 15, defect 9).
    "regress_huge_count": b"\x00" + ("وقتل " + "9" * 120
                                     + " شخصا في الهجوم.").encode(),
    "regress_relative_overflow": b"\x08" + (
        "منذ 9999999999999999999999 يوم و" + "9" * 40
        + " شهرا.").encode(),
    "regress_count_before_victims": b"\x08" + (
        "منذ 9999 يوم و99999999999999992999999999,9999999999999 قتيل."
        ).encode(),
    "regress_months_before_year_one": b"\x08" + (
        "منذ 99999 شهر[999999998 يوم و" + "9" * 27 + "[9=9999999999 شهر[99"
        ).encode(),
}


def varint(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def field(number, value):
    """A length-delimited field (bytes) or a varint field (int)."""
    if isinstance(value, int):
        return varint(number << 3) + varint(value)
    if isinstance(value, str):
        value = value.encode()
    return varint(number << 3 | 2) + varint(len(value)) + value


def request(article, features=(), offset_unit=0):
    out = field(1, article)
    for f in features:
        out += field(2, f)
    if offset_unit:
        out += field(3, offset_unit)
    return out


def article(**parts):
    numbers = {"id": 1, "text": 2, "headline": 3, "subheadline": 4,
               "body": 5, "source": 6, "url": 7, "language_hint": 9}
    out = b""
    for name, value in parts.items():
        if name == "published_at":  # google.protobuf.Timestamp.seconds
            out += field(8, field(1, value))
        else:
            out += field(numbers[name], value)
    return out


REQUEST = {
    "text": request(article(id="a1", text=ARTICLE)),
    "text_utf16_features": request(article(text=SHORT), features=(3, 4, 7),
                                   offset_unit=2),
    "parts_dated": request(article(
        id="p", headline="بلينكن يعبّر لبغداد عن استيائه",
        subheadline="حلف «الناتو» يبحث رفع عديد جنوده",
        body="قال الوزير أمس إن الزيارة مهمة.", source="الوطن",
        url="https://example.com/a", published_at=1700000000,
        language_hint="ar"), offset_unit=3),
    "text_and_parts": request(article(text="نص", headline="عنوان")),
    "invalid_utf8_body": request(article(headline="عنوان",
                                         body=b"\xd9\x86\xd8")),
    "unknown_feature_unit": request(article(text=SHORT), features=(77,),
                                    offset_unit=9),
    "nul": request(article(text="نص\x00نص")),
    "empty": b"",
}


def write(target, inputs):
    d = os.path.join(HERE, "corpus", target)
    os.makedirs(d, exist_ok=True)
    for name, data in inputs.items():
        with open(os.path.join(d, name), "wb") as f:
            f.write(data)


write("analyze_fuzzer", ANALYZE)
write("request_fuzzer", REQUEST)
