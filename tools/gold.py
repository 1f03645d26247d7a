#!/usr/bin/env python3
"""Hand-made gold for NER, kept stand-off: article ids and character offsets.

The texts belong to their outlets and stay in ../shared/data; the repository
keeps only, for each entity mention, the article it is in, its character
(code point) offsets into the article, its type and its surface form (a
check that the offsets still point at the same words). docs/annotation.md
gives the conventions.

Articles are named
  news-samples/NNN.txt          a file of ../shared/data/news-samples
  ant/ORDINAL, saudi/ORDINAL    the ORDINAL-th article (0-based) of
                                unlabelled-news/ant-unlabelled.txt.xz or
                                saudinewsnet.txt.xz; its text is its lines
                                (headline, paragraphs) joined with newlines.

Commands (DATA defaults to ../shared/data beside the repository):
  show ARTICLE                   print the article, numbered paragraphs
  apply ARTICLE NAMES.tsv        turn a list of names into mentions: each
                                 line "surface<TAB>TYPE[<TAB>k,l,...]" marks
                                 every whole-word occurrence of surface (or
                                 only the k-th, l-th... counting from 1),
                                 proclitics و ف ب ل ك (and لل for ال) allowed
                                 before it; prints gold lines to stdout and a
                                 review of the article with [TYPE ...] marks
                                 to stderr
  review GOLD.tsv [ARTICLE]      the article(s) with their marks, to check
  check GOLD.tsv                 offsets still match the surfaces; no overlaps
  conll GOLD.tsv [--articles LIST]
                                 CoNLL (word, BIO tag) of the gold's articles,
                                 one sentence per line of text, for
                                 `khabar-ner train/eval`
  sample FILE.xz N SEED          N article ordinals of an unlabelled file,
                                 drawn with a fixed seed among those of
                                 250-700 words (--min-words, --max-words)
"""
import argparse
import lzma
import os
import random
import sys
import unicodedata

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TYPES = ("PERS", "LOC", "ORG", "MISC")
UNLABELLED = {"ant": "unlabelled-news/ant-unlabelled.txt.xz",
              "saudi": "unlabelled-news/saudinewsnet.txt.xz"}
PROCLITICS = ("", "و", "ف", "ب", "ل", "ك", "وب", "ول", "وك", "فب", "فل", "فك")

_unlabelled_cache = {}


def default_data():
    return os.environ.get("KHABAR_DATA",
                          os.path.join(ROOT, "..", "shared", "data"))


def unlabelled_articles(data, name):
    """The articles of an unlabelled file, each as its text."""
    if name not in _unlabelled_cache:
        with lzma.open(os.path.join(data, UNLABELLED[name]), "rt",
                       encoding="utf-8") as f:
            blocks = f.read().split("\n\n")
        _unlabelled_cache[name] = [b.strip("\n") for b in blocks if b.strip()]
    return _unlabelled_cache[name]


def article_text(data, article):
    kind, _, rest = article.partition("/")
    if kind == "news-samples":
        with open(os.path.join(data, "news-samples", rest),
                  encoding="utf-8") as f:
            return f.read()
    if kind in UNLABELLED:
        return unlabelled_articles(data, kind)[int(rest)]
    raise SystemExit(f"gold: unknown article {article!r}")


def is_word_char(c):
    cat = unicodedata.category(c)
    return cat[0] in "LMN" or c == "\u0640"  # letters, marks, digits, tatweel


def words(text):
    """(begin, end) of each word: runs of letters, marks and digits; every
    other non-space character is a word of its own (punctuation)."""
    out, i, n = [], 0, len(text)
    while i < n:
        c = text[i]
        if c.isspace():
            i += 1
        elif is_word_char(c):
            j = i
            while j < n and is_word_char(text[j]):
                j += 1
            out.append((i, j))
            i = j
        else:
            out.append((i, i + 1))
            i += 1
    return out


def find_mentions(text, surface):
    """Spans of every whole-word occurrence of surface, a proclitic allowed
    before it (the span leaves the proclitic out)."""
    spans = []
    target = [surface[b:e] for b, e in words(surface)]
    ws = words(text)
    for k in range(len(ws) - len(target) + 1):
        b0, e0 = ws[k]
        first = text[b0:e0]
        start = None
        for p in PROCLITICS:
            if first == p + target[0]:
                start = b0 + len(p)
                break
            if p and first == p + "\u0640" + target[0]:
                # لـCNN: a tatweel joins the proclitic to a Latin name.
                start = b0 + len(p) + 1
                break
            if (target[0].startswith("ال") and p in ("ل", "ول", "فل") and
                    first == p + "ل" + target[0][2:]):
                # للكويت: ل + الكويت, the article's alef elided.
                start = b0 + len(p)
                break
        if start is None:
            continue
        if all(text[ws[k + m][0]:ws[k + m][1]] == target[m]
               for m in range(1, len(target))):
            end = ws[k + len(target) - 1][1]
            spans.append((start, end))
    return spans


def read_gold(path):
    gold = []
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            fields = line.split("\t")
            if len(fields) != 5 or fields[3] not in TYPES:
                raise SystemExit(f"{path}:{number}: want article, begin, end, "
                                 f"TYPE, surface; got {line!r}")
            gold.append((fields[0], int(fields[1]), int(fields[2]), fields[3],
                         fields[4]))
    return gold


def marked(text, mentions):
    out, last = [], 0
    for b, e, t in sorted(mentions):
        out.append(text[last:b])
        out.append(f"[{t} {text[b:e]}]")
        last = e
    out.append(text[last:])
    return "".join(out)


def cmd_show(args):
    text = article_text(args.data, args.article)
    for i, para in enumerate(text.split("\n")):
        print(f"{i:3d}  {para}")


def cmd_apply(args):
    text = article_text(args.data, args.article)
    mentions = []
    with open(args.names, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            fields = line.split("\t")
            if len(fields) < 2 or fields[1] not in TYPES:
                raise SystemExit(f"{args.names}:{number}: want surface<TAB>"
                                 f"TYPE[<TAB>occurrences]; got {line!r}")
            surface, kind = fields[0].strip(), fields[1]
            spans = find_mentions(text, surface)
            if not spans:
                print(f"gold: {args.names}:{number}: {surface!r} not found",
                      file=sys.stderr)
            if len(fields) > 2 and fields[2].strip():
                keep = {int(x) for x in fields[2].split(",")}
                spans = [s for i, s in enumerate(spans, 1) if i in keep]
            mentions += [(b, e, kind) for b, e in spans]
    # Longer mentions win over the shorter ones inside them.
    mentions.sort(key=lambda m: (-(m[1] - m[0]), m[0]))
    chosen = []
    for m in mentions:
        if all(m[1] <= c[0] or m[0] >= c[1] for c in chosen):
            chosen.append(m)
    chosen.sort()
    for b, e, t in chosen:
        print(f"{args.article}\t{b}\t{e}\t{t}\t{text[b:e]}")
    print(marked(text, chosen), file=sys.stderr)


def group(gold):
    by_article = {}
    for article, b, e, t, s in gold:
        by_article.setdefault(article, []).append((b, e, t, s))
    return by_article


def cmd_review(args):
    for article, mentions in group(read_gold(args.gold)).items():
        if args.article and article != args.article:
            continue
        text = article_text(args.data, article)
        print(f"=== {article}")
        print(marked(text, [(b, e, t) for b, e, t, _ in mentions]))


def cmd_check(args):
    errors = 0
    for article, mentions in group(read_gold(args.gold)).items():
        text = article_text(args.data, article)
        last_end = -1
        for b, e, t, s in sorted(mentions):
            if text[b:e] != s:
                print(f"{article}: [{b},{e}) is {text[b:e]!r}, gold says {s!r}",
                      file=sys.stderr)
                errors += 1
            if b < last_end:
                print(f"{article}: [{b},{e}) overlaps the mention before it",
                      file=sys.stderr)
                errors += 1
            last_end = max(last_end, e)
    n = len(read_gold(args.gold))
    print(f"gold: {n} mentions, {errors} error(s)")
    return 1 if errors else 0


def conll_lines(text, mentions):
    """One CoNLL sentence per line of text: a word takes the type of the
    mention it overlaps, B- on the mention's first word."""
    mentions = sorted(mentions)
    out = []
    line_start = 0
    for line in text.split("\n"):
        ws = [(line_start + b, line_start + e) for b, e in words(line)]
        line_start += len(line) + 1
        if not ws:
            continue
        prev = None
        for b, e in ws:
            tag = "O"
            for mb, me, mt in mentions:
                if b < me and e > mb:
                    tag = ("I-" if prev == (mb, me) else "B-") + mt
                    prev = (mb, me)
                    break
            else:
                prev = None
            out.append(f"{text[b:e]} {tag}")
        out.append("")
    return out


def cmd_conll(args):
    by_article = group(read_gold(args.gold))
    wanted = None
    if args.articles:
        with open(args.articles, encoding="utf-8") as f:
            wanted = [l.strip() for l in f if l.strip()]
    for article in wanted or sorted(by_article):
        text = article_text(args.data, article)
        mentions = [(b, e, t) for b, e, t, _ in by_article.get(article, [])]
        print("\n".join(conll_lines(text, mentions)))


def cmd_sample(args):
    name = [k for k, v in UNLABELLED.items() if v.endswith(args.file)]
    if not name:
        raise SystemExit(f"gold: {args.file} is not an unlabelled file")
    articles = unlabelled_articles(args.data, name[0])
    # News-length articles only: no briefs, no CNN bodies run together.
    fit = [i for i, a in enumerate(articles)
           if args.min_words <= len(a.split()) <= args.max_words]
    rng = random.Random(args.seed)
    for ordinal in sorted(rng.sample(fit, args.n)):
        print(f"{name[0]}/{ordinal}")


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--data", default=default_data())
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("show")
    p.add_argument("article")
    p = sub.add_parser("apply")
    p.add_argument("article")
    p.add_argument("names")
    p = sub.add_parser("review")
    p.add_argument("gold")
    p.add_argument("article", nargs="?")
    p = sub.add_parser("check")
    p.add_argument("gold")
    p = sub.add_parser("conll")
    p.add_argument("gold")
    p.add_argument("--articles")
    p = sub.add_parser("sample")
    p.add_argument("file")
    p.add_argument("n", type=int)
    p.add_argument("seed", type=int)
    p.add_argument("--min-words", type=int, default=250)
    p.add_argument("--max-words", type=int, default=700)
    args = parser.parse_args()
    if not os.path.isdir(args.data):
        # Tests skip (77) without ../shared, except under CI where its
        # absence is a failure.
        print(f"gold: no data directory {args.data}", file=sys.stderr)
        return 1 if os.environ.get("CI") == "true" else 77
    return {"show": cmd_show, "apply": cmd_apply, "review": cmd_review,
            "check": cmd_check, "conll": cmd_conll,
            "sample": cmd_sample}[args.command](args) or 0


if __name__ == "__main__":
    sys.exit(main())
