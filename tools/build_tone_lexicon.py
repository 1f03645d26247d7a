#!/usr/bin/env python3
"""Builds models/tone_lexicon.tsv: Arabic polarity words for the tone stage.

Seeds (tools/tone_seeds.tsv) are expanded by semantic orientation from
pointwise mutual information (Turney & Littman 2003, SO-PMI) over the
unlabelled news corpus: a frequent word that shares sentences with the
negative seeds far more often than with the positive ones (relative to
how often each seed set occurs) is negative, and the reverse.

  xzcat ../shared/data/unlabelled-news/ant-unlabelled.txt.xz \\
    | python3 tools/build_tone_lexicon.py > models/tone_lexicon.tsv

Deterministic: counts, then sorts by score and form. Words are matching
forms (core/src/text/normalizer.h) with the leading conjunction, preposition
and article clitics taken off, as Token::base has them.
"""
import argparse
import math
import re
import sys
import unicodedata

DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
WORD = re.compile("[\u0621-\u064a]+")
SENTENCE = re.compile("[.!?\u061f\n]+")
# Proclitics in the order they attach: conjunction, preposition, article.
CONJ = ("و", "ف")
PREP = ("ب", "ل", "ك")


def matching_form(text):
    text = unicodedata.normalize("NFC", text)
    text = DIACRITICS.sub("", text)
    text = re.sub("[أإآٱ]", "ا", text)
    return text.replace("ى", "ي").replace("ة", "ه")


def base(word, known):
    """Strips proclitics while what is left is a known word (lexicon)."""
    best = word
    for c in ("",) + CONJ:
        if not word.startswith(c):
            continue
        w1 = word[len(c):]
        for p in ("",) + PREP:
            if not w1.startswith(p):
                continue
            w2 = w1[len(p):]
            for a in ("", "ال", "ل"):
                if a == "ل" and p != "ل":
                    continue  # للحلف: ل + (ا)ل + حلف.
                if not w2.startswith(a):
                    continue
                w3 = w2[len(a):]
                if len(w3) >= 2 and (w3 in known or w3 == word):
                    if len(w3) < len(best):
                        best = w3
    return best


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", default="tools/tone_seeds.tsv")
    ap.add_argument("--lexicon", default="models/lexicon.tsv")
    ap.add_argument("--stopwords", default="models/stopwords_ar.txt")
    ap.add_argument("--clusters", default="models/clusters.tsv")
    ap.add_argument("--min-count", type=int, default=200)
    ap.add_argument("--min-so", type=float, default=1.5)
    ap.add_argument("--top", type=int, default=200, help="per polarity")
    args = ap.parse_args()

    seeds = {}
    for line in open(args.seeds, encoding="utf-8"):
        if line.startswith("#") or not line.strip():
            continue
        form, polarity = line.rstrip("\n").split("\t")
        seeds[matching_form(form)] = int(polarity)
    known = set()
    for line in open(args.lexicon, encoding="utf-8"):
        if not line.startswith("#"):
            known.add(line.split("\t")[0])
    stop = set()
    for line in open(args.stopwords, encoding="utf-8"):
        if not line.startswith("#") and line.strip():
            stop.add(matching_form(line.strip()))

    # A candidate must share a Brown cluster (models/clusters.tsv) with a
    # seed of its polarity: the clusters keep the word's kind (event nouns,
    # verbs), SO-PMI gives its polarity; alone, SO-PMI also picks the names
    # and topics that co-occur with the seeds (places, clubs, companies).
    cluster = {}
    for line in open(args.clusters, encoding="utf-8"):
        if not line.startswith("#"):
            form, bits = line.split("\t")[:2]
            cluster[form] = bits
    def cluster_of(w):
        return cluster.get(w) or cluster.get("ال" + w)
    seed_clusters = {1: set(), -1: set()}
    for w, p in seeds.items():
        if cluster_of(w):
            seed_clusters[p].add(cluster_of(w))

    cache = {}
    count = {}
    co = {}  # word -> [sentences with a positive seed, with a negative one]
    n_pos = n_neg = 0
    for line in sys.stdin:
        for sentence in SENTENCE.split(matching_form(line)):
            words = set()
            for w in WORD.findall(sentence):
                b = cache.get(w)
                if b is None:
                    b = cache[w] = base(w, known)
                words.add(b)
            pos = any(seeds.get(w) == 1 for w in words)
            neg = any(seeds.get(w) == -1 for w in words)
            n_pos += pos
            n_neg += neg
            for w in words:
                count[w] = count.get(w, 0) + 1
                if pos or neg:
                    c = co.setdefault(w, [0, 0])
                    c[0] += pos
                    c[1] += neg

    scored = {1: [], -1: []}
    for w, (cp, cn) in co.items():
        if w in seeds or w in stop or len(w) < 3:
            continue
        if count[w] < args.min_count:
            continue
        so = math.log2((cp + 1) / (n_pos + 1)) - math.log2((cn + 1) / (n_neg + 1))
        if abs(so) < args.min_so:
            continue
        if cluster_of(w) not in seed_clusters[1 if so > 0 else -1]:
            continue
        scored[1 if so > 0 else -1].append((-abs(so), w, so))

    print("# Arabic tone lexicon: %d seed words (tools/tone_seeds.tsv) expanded "
          "by SO-PMI within the seeds' Brown clusters over ANT Corpus v2.1 unlabelled news (sentences with "
          "positive seeds: %d, negative: %d)" % (len(seeds), n_pos, n_neg))
    rows = [(w, p, "seed", 0.0) for w, p in seeds.items()]
    for polarity in (1, -1):
        for _, w, so in sorted(scored[polarity])[: args.top]:
            rows.append((w, polarity, "so-pmi", so))
    for w, p, source, so in sorted(rows, key=lambda r: (r[2] != "seed", r[0])):
        print("%s\t%d\t%s\t%.2f" % (w, p, source, so))


if __name__ == "__main__":
    main()
