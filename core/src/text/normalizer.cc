#include "text/normalizer.h"

#include <unicode/bytestream.h>
#include <unicode/edits.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/unorm2.h>

#include <array>
#include <cstring>

#include "base/utf8.h"

namespace khabar {
namespace {

// ICU's instances are process-wide singletons; failure to load them means
// the ICU data is missing, which nothing downstream could survive either.
const icu::Normalizer2& Nfc() {
  static const icu::Normalizer2* nfc = [] {
    UErrorCode ec = U_ZERO_ERROR;
    return icu::Normalizer2::getNFCInstance(ec);
  }();
  return *nfc;
}

const icu::Normalizer2& Nfkc() {
  static const icu::Normalizer2* nfkc = [] {
    UErrorCode ec = U_ZERO_ERROR;
    return icu::Normalizer2::getNFKCInstance(ec);
  }();
  return *nfkc;
}

bool IsPresentationForm(char32_t c) {
  return (c >= 0xFB50 && c <= 0xFDFF) || (c >= 0xFE70 && c <= 0xFEFF);
}

// Maps one NFC code point to its matching form, appending to *out. Does
// not handle composition; callers feed it NFC text.
void MapCodePoint(char32_t c, std::string* out) {
  if (c < 0x80) {
    out->push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c));
    return;
  }
  if (IsInvisibleControl(c) || IsArabicMark(c) || c == 0x0640) return;
  if (c >= 0x0600 && c <= 0x06FF) {
    switch (c) {
      case 0x0622:  // آ
      case 0x0623:  // أ
      case 0x0625:  // إ
      case 0x0671:  // ٱ
      case 0x0672:  // ٲ (wavy hamza above)
      case 0x0673:  // ٳ (wavy hamza below)
        c = 0x0627;
        break;
      case 0x0649:  // ى
      case 0x06CC:  // ی
        c = 0x064A;
        break;
      case 0x0629:  // ة
        c = 0x0647;
        break;
      case 0x06A9:  // ک
        c = 0x0643;
        break;
      case 0x066A:
        c = '%';
        break;
      case 0x066B:
        c = '.';
        break;
      case 0x066C:
        c = ',';
        break;
      default:
        if (c >= 0x0660 && c <= 0x0669) c = '0' + (c - 0x0660);
        if (c >= 0x06F0 && c <= 0x06F9) c = '0' + (c - 0x06F0);
        break;
    }
    AppendUtf8(c, out);
    return;
  }
  if (IsPresentationForm(c)) {
    UErrorCode ec = U_ZERO_ERROR;
    icu::UnicodeString decomposed =
        Nfkc().normalize(icu::UnicodeString(static_cast<UChar32>(c)), ec);
    if (U_FAILURE(ec)) return;
    const size_t start = out->size();
    for (int32_t k = 0; k < decomposed.length();) {
      const UChar32 d = decomposed.char32At(k);
      k += U16_LENGTH(d);
      if (!IsPresentationForm(d)) MapCodePoint(d, out);
    }
    // Isolated forms of tashkeel (U+FE70 and kin) decompose to a space plus
    // the mark; with the mark dropped, a bare space would be invented.
    if (out->find_first_not_of(' ', start) == std::string::npos) {
      out->resize(start);
    }
    return;
  }
  AppendUtf8(static_cast<char32_t>(u_tolower(static_cast<UChar32>(c))), out);
}

// What the fast path does with a code point of a table-covered range.
enum Kind : uint8_t {
  kCopy,     // Output = input bytes; a normalization boundary.
  kReplace,  // Output = `bytes` (never longer than the input).
  kDrop,     // No output.
  kSlow,     // Needs composition / reordering: use ICU.
};

struct Entry {
  Kind kind = kSlow;
  uint8_t len = 0;
  char bytes[3] = {0, 0, 0};
};

// Table-driven behaviour for U+0080..U+07FF (two-byte UTF-8, incl. the
// Arabic block) and U+2000..U+206F (general punctuation), derived from
// MapCodePoint so the two paths cannot disagree.
struct FastTables {
  Entry two[0x800];
  Entry punct[0x70];

  FastTables() {
    for (char32_t c = 0x80; c < 0x800; ++c) two[c] = Make(c);
    for (char32_t c = 0x2000; c < 0x2070; ++c) punct[c - 0x2000] = Make(c);
  }

  static Entry Make(char32_t c) {
    Entry e;
    std::string in, mapped;
    AppendUtf8(c, &in);
    MapCodePoint(c, &mapped);
    const auto qc =
        u_getIntPropertyValue(static_cast<UChar32>(c), UCHAR_NFC_QUICK_CHECK);
    const bool starter = u_getCombiningClass(static_cast<UChar32>(c)) == 0;
    if (qc != UNORM_YES) {
      e.kind = kSlow;  // Composes with what precedes it.
    } else if (mapped.empty()) {
      e.kind = kDrop;
    } else if (!starter || mapped.size() > in.size()) {
      e.kind = kSlow;  // Kept mark (may need reordering) or growth.
    } else if (mapped == in) {
      e.kind = kCopy;
    } else {
      e.kind = kReplace;
      e.len = static_cast<uint8_t>(mapped.size());
      std::memcpy(e.bytes, mapped.data(), mapped.size());
    }
    return e;
  }
};

const FastTables& Tables() {
  static const FastTables* tables = new FastTables();
  return *tables;
}

bool HasBoundaryBefore(char32_t c) {
  if (c < 0x80) return true;
  return Nfc().hasBoundaryBefore(static_cast<UChar32>(c));
}

// Output writer over *out / *offsets, which are kept presized so the fast
// path can store without bounds checks.
template <bool kOffsets>
class Writer {
 public:
  Writer(std::string* out, std::vector<int32_t>* offsets, size_t input_size)
      : out_(out), offsets_(offsets), base_(out->size()) {
    if constexpr (kOffsets) offsets_base_ = offsets->size();
    w_ = base_;
    Reserve(input_size);
  }

  // Ensures room for `n` more bytes at the write position.
  void Reserve(size_t n) {
    if (w_ + n <= out_->size()) return;
    const size_t size = w_ + n + 16;
    out_->resize(size);
    if constexpr (kOffsets) {
      offsets_->resize(offsets_base_ + (size - base_));
    }
  }

  void Put(char b, int32_t src) {
    (*out_)[w_] = b;
    if constexpr (kOffsets) (*offsets_)[offsets_base_ + (w_ - base_)] = src;
    ++w_;
  }

  void Put2(const char* b, int32_t src) {
    char* dst = &(*out_)[w_];
    dst[0] = b[0];
    dst[1] = b[1];
    if constexpr (kOffsets) {
      int32_t* o = &(*offsets_)[offsets_base_ + (w_ - base_)];
      o[0] = src;
      o[1] = src;
    }
    w_ += 2;
  }

  void PutBytes(const char* b, size_t n, int32_t src) {
    Reserve(n);
    for (size_t k = 0; k < n; ++k) Put(b[k], src);
  }

  size_t pos() const { return w_; }
  void Rewind(size_t pos) { w_ = pos; }

  void Finish() {
    out_->resize(w_);
    if constexpr (kOffsets) {
      offsets_->resize(offsets_base_ + (w_ - base_));
    }
  }

 private:
  std::string* out_;
  std::vector<int32_t>* offsets_;
  size_t base_;
  size_t offsets_base_ = 0;
  size_t w_;
};

// Normalizes text[begin, end) (whole normalization segments) with ICU and
// maps each resulting code point, tracking source offsets through the
// edits ICU reports.
template <bool kOffsets>
void SlowSegment(std::string_view text, size_t begin, size_t end,
                 Writer<kOffsets>* writer) {
  const std::string_view seg = text.substr(begin, end - begin);
  const icu::StringPiece piece(seg.data(), static_cast<int32_t>(seg.size()));
  UErrorCode ec = U_ZERO_ERROR;
  std::string norm;
  std::vector<int32_t> src;  // Per byte of `norm`: offset in `text`.
  bool changed = false;
  if (!Nfc().isNormalizedUTF8(piece, ec) && U_SUCCESS(ec)) {
    icu::StringByteSink<std::string> sink(&norm);
    icu::Edits edits;
    Nfc().normalizeUTF8(0, piece, sink, &edits, ec);
    if (U_SUCCESS(ec)) {
      changed = true;
      if (kOffsets) {
        src.resize(norm.size());
        icu::Edits::Iterator it = edits.getFineIterator();
        while (it.next(ec)) {
          for (int32_t k = 0; k < it.newLength(); ++k) {
            const int32_t from =
                it.hasChange() ? it.sourceIndex() : it.sourceIndex() + k;
            src[it.destinationIndex() + k] = static_cast<int32_t>(begin) + from;
          }
        }
      }
    }
  }
  const std::string_view nfc = changed ? std::string_view(norm) : seg;
  std::string mapped;
  for (size_t q = 0; q < nfc.size();) {
    int len = 0;
    const char32_t c = DecodeUtf8(nfc, q, &len);
    const int32_t from = !kOffsets ? 0
                         : changed ? src[q]
                                   : static_cast<int32_t>(begin + q);
    mapped.clear();
    MapCodePoint(c, &mapped);
    writer->PutBytes(mapped.data(), mapped.size(), from);
    q += len;
  }
}

template <bool kOffsets>
void AppendImpl(std::string_view text, std::string* out,
                std::vector<int32_t>* offsets) {
  static const char kLower[128] = {
#define L(c) static_cast<char>((c) >= 'A' && (c) <= 'Z' ? (c) + 32 : (c))
#define L8(c) \
  L(c), L(c + 1), L(c + 2), L(c + 3), L(c + 4), L(c + 5), L(c + 6), L(c + 7)
      L8(0),  L8(8),  L8(16), L8(24), L8(32), L8(40),  L8(48),  L8(56),
      L8(64), L8(72), L8(80), L8(88), L8(96), L8(104), L8(112), L8(120),
#undef L8
#undef L
  };
  const FastTables& tables = Tables();
  const size_t n = text.size();
  const char* s = text.data();
  Writer<kOffsets> writer(out, offsets, n);
  // Last normalization boundary passed by the fast path: where the slow
  // path restarts when a later character composes with earlier ones.
  size_t bnd_in = 0;
  size_t bnd_out = writer.pos();
  size_t i = 0;
  while (i < n) {
    const auto b = static_cast<unsigned char>(s[i]);
    if (b < 0x80) {
      // Eight ASCII bytes at a time when possible.
      if (i + 8 <= n) {
        uint64_t word;
        std::memcpy(&word, s + i, 8);
        if ((word & 0x8080808080808080ULL) == 0) {
          for (int k = 0; k < 8; ++k) {
            writer.Put(kLower[static_cast<unsigned char>(s[i + k])],
                       static_cast<int32_t>(i + k));
          }
          bnd_in = i + 7;
          bnd_out = writer.pos() - 1;
          i += 8;
          continue;
        }
      }
      bnd_in = i;
      bnd_out = writer.pos();
      writer.Put(kLower[b], static_cast<int32_t>(i));
      ++i;
      continue;
    }
    const Entry* e = nullptr;
    int len = 0;
    if (b >= 0xC2 && b < 0xE0 && i + 1 < n) {
      const char32_t c = ((b & 0x1F) << 6) | (s[i + 1] & 0x3F);
      e = &tables.two[c];
      len = 2;
    } else if (b == 0xE2 && i + 2 < n &&
               (static_cast<unsigned char>(s[i + 1]) & 0xFE) == 0x80) {
      // U+2000..U+207F; only up to U+206F is tabled.
      const char32_t c = 0x2000 | ((s[i + 1] & 0x01) << 6) | (s[i + 2] & 0x3F);
      if (c < 0x2070) {
        e = &tables.punct[c - 0x2000];
        len = 3;
      }
    }
    if (e != nullptr && e->kind != kSlow) {
      const auto src = static_cast<int32_t>(i);
      switch (e->kind) {
        case kCopy:
          bnd_in = i;
          bnd_out = writer.pos();
          if (len == 2) {
            writer.Put2(s + i, src);
          } else {
            for (int k = 0; k < len; ++k) writer.Put(s[i + k], src);
          }
          break;
        case kReplace:
          bnd_in = i;
          bnd_out = writer.pos();
          if (e->len == 2) {
            writer.Put2(e->bytes, src);
          } else {
            for (int k = 0; k < e->len; ++k) writer.Put(e->bytes[k], src);
          }
          break;
        default:  // kDrop
          break;
      }
      i += len;
      continue;
    }
    // Slow path: one normalization segment through ICU.
    const char32_t c = DecodeUtf8(text, i, &len);
    size_t begin = i;
    if (!HasBoundaryBefore(c)) {
      // Combines with what came before: redo from the last boundary.
      begin = bnd_in;
      writer.Rewind(bnd_out);
    }
    size_t end = i + len;
    while (end < n) {
      int l = 0;
      const char32_t next = DecodeUtf8(text, end, &l);
      if (HasBoundaryBefore(next)) break;
      end += l;
    }
    SlowSegment(text, begin, end, &writer);
    i = end;
    bnd_in = i;
    bnd_out = writer.pos();
    writer.Reserve(n - i);
  }
  writer.Finish();
}

}  // namespace

void AppendMatchingForm(std::string_view text, std::string* out,
                        std::vector<int32_t>* source_offsets) {
  if (source_offsets != nullptr) {
    AppendImpl<true>(text, out, source_offsets);
  } else {
    AppendImpl<false>(text, out, nullptr);
  }
}

std::string MatchingForm(std::string_view text) {
  std::string out;
  AppendMatchingForm(text, &out);
  return out;
}

namespace {

// A character that is NFC by itself and that nothing before it can combine
// with: NFC of a text is the NFC of the runs between such characters.
bool IsNfcStarter(char32_t c) {
  const auto uc = static_cast<UChar32>(c);
  return u_getIntPropertyValue(uc, UCHAR_NFC_QUICK_CHECK) == UNORM_YES &&
         u_getCombiningClass(uc) == 0 && Nfc().hasBoundaryBefore(uc);
}

// IsNfcStarter for U+0000..U+07FF (ASCII and two-byte UTF-8), by table.
const std::array<bool, 0x800>& NfcStarters() {
  static const std::array<bool, 0x800> table = [] {
    std::array<bool, 0x800> t{};
    for (char32_t c = 0; c < 0x800; ++c) t[c] = IsNfcStarter(c);
    return t;
  }();
  return table;
}

}  // namespace

bool IsNfc(std::string_view text) {
  // Only the runs that hold a non-starter (tashkeel, combining hamza...) go
  // to ICU; the rest of an Arabic article is settled by table.
  const std::array<bool, 0x800>& starters = NfcStarters();
  size_t run = 0;  // Start of the current run.
  bool check_run = false;
  auto run_is_nfc = [&](size_t end) {
    UErrorCode ec = U_ZERO_ERROR;
    const bool ok = Nfc().isNormalizedUTF8(
        icu::StringPiece(text.data() + run, static_cast<int32_t>(end - run)),
        ec);
    return U_SUCCESS(ec) && ok;
  };
  for (size_t i = 0; i < text.size();) {
    int len;
    const char32_t c = DecodeUtf8(text, i, &len);
    if (c < 0x800 ? starters[c] : IsNfcStarter(c)) {
      if (check_run && !run_is_nfc(i)) return false;
      run = i;
      check_run = false;
    } else {
      check_run = true;
    }
    i += len;
  }
  return !check_run || run_is_nfc(text.size());
}

}  // namespace khabar
