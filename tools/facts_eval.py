#!/usr/bin/env python3
"""Hand-checked facts gold (gold/facts/) and its scorer: quotes and their
speakers, casualty/arrest/kidnap/displacement counts, dates and place
links, scored against the analyses the real server returns.

The gold is stand-off (docs/annotation.md, "Facts"): one file per layer and
annotator, named LAYER*.tsv (quotes-001-020.tsv, quotes-021-040.tsv...),
offsets in Unicode code points of the article text, end exclusive:
  quotes*.tsv  article begin end speaker speaker_begin speaker_end head
  events*.tsv  article begin end type count approx place surface
  dates*.tsv   article begin end value surface
  links*.tsv   article begin end kind iso english surface
               (kind country, city, region or other; iso - for other)
  roles*.tsv   article begin end surface role role_begin role_end
               (a person mention and the title the text attaches to it,
               or - with -1 -1)
The texts stay in ../shared/data; surfaces and heads only let `check` prove
that the offsets still point at the same words.

Commands (DATA defaults to ../shared/data beside the repository, GOLD to
gold/facts):
  check                    every surface, speaker and head matches the text
                           at its offsets; fields are well formed
  score ANALYSES.ndjson    score analyses printed by `khabar-client analyze
                           --json` or `khabar-client batch` (any offset
                           unit: UTF-8, UTF-16 or code points; converted
                           here) and print the table
  run                      start BUILD/bin/khabar-server, send the gold's
                           articles with their publication dates
                           (news-samples/SOURCE.md) through `khabar-client
                           batch --offsets codepoints`, and score them
  show ARTICLE             the article with the gold's marks, to review

Floors (score and run): --min-quote-f1, --min-speaker (quotes with the
right speaker / gold quotes, in %), --min-event-f1, --min-count (gold
counts found right / gold counts, in %), --min-date-f1 (exact span),
--min-date-overlap-f1, --min-date-value (value right / dates matched by
overlap, in %), --min-link (gold country and city mentions whose entity
links the right country, in %), --min-role (gold roles the entity of
their person carries, in %). Below a floor the exit code is 1. Without the data
directory the exit code is 77 (a skip for ctest), or 1 under CI=true.

Matching (docs/quality.md):
  quotes  a system quote matches a gold quote when they overlap by at least
          half of the shorter one, one to one, larger overlaps first. The
          speaker is right when the system's speaker span overlaps the gold
          speaker span, or the system's speaker entity has a mention, a
          role or an attribute that overlaps it (the gold speaker is the
          explicit subject as written: «وقال المتحدث» is right for the
          entity whose role المتحدث is); a gold quote without a speaker (-)
          wants none.
  events  ATTACK events are not in the gold and not scored. A system event
          matches a gold event of its type whose span it overlaps or whose
          sentence it is in, one to one; it is right when its count is right
          too: equal, or, when the gold count is approximate (عشرات = 20),
          within a factor of two. "count right anywhere" also accepts the
          right type and count at another place in the article (the gold
          marks a toll once, at its first mention).
  dates   system dates of kind DATE and RELATIVE (durations and times of day
          are not in the gold); exact-span and overlap matching, one to
          one; the value is compared on overlap matches (a gold value of -
          is not scored).
  links   each gold country or city mention: the system entity with a
          mention over it must link the gold's ISO 3166 code (a city, its
          country's). Regions and other places are not scored.
  roles   a gold role is found when the entity with a mention over its
          person has a role overlapping it, or one of the same words (an
          entity keeps a title once, where first written); a system role of
          a person is in the gold when it overlaps a gold role.
"""
import argparse
import glob
import json
import os
import re
import subprocess
import sys
import tempfile

import gold as ner_gold  # tools/gold.py: the unlabelled-news article texts.

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EVENT_TYPES = ("KILL", "WOUND", "ARREST", "MISSING", "DISPLACE", "KIDNAP")
VALUE_RE = re.compile(
    r"^(-|\d{4}(-\d{2}(-\d{2})?)?(/\d{4}(-\d{2}(-\d{2})?)?)?)$")
LAYERS = {
    "quotes": ("begin", "end", "speaker", "speaker_begin", "speaker_end",
               "head"),
    "events": ("begin", "end", "type", "count", "approx", "place",
               "surface"),
    "dates": ("begin", "end", "value", "surface"),
    "links": ("begin", "end", "kind", "iso", "english", "surface"),
    "roles": ("begin", "end", "surface", "role", "role_begin", "role_end"),
}
LINK_KINDS = ("country", "city", "region", "other")


def default_data():
    return os.environ.get("KHABAR_DATA",
                          os.path.join(ROOT, "..", "shared", "data"))


def no_data(data):
    print(f"facts_eval: no data directory {data}/news-samples",
          file=sys.stderr)
    return 1 if os.environ.get("CI") == "true" else 77


_texts = {}


def article_text(data, article):
    """news-samples/NNN.txt, or ant/N and saudi/N: the N-th article (from 0)
    of the unlabelled-news files, read as tools/gold.py reads them."""
    if article not in _texts:
        kind, _, name = article.partition("/")
        if kind in ner_gold.UNLABELLED and name.isdigit():
            _texts[article] = ner_gold.article_text(data, article)
            return _texts[article]
        if kind != "news-samples" or not re.fullmatch(r"\d{3}\.txt", name):
            raise SystemExit(f"facts_eval: unknown article {article!r}")
        with open(os.path.join(data, "news-samples", name),
                  encoding="utf-8") as f:
            _texts[article] = f.read()
    return _texts[article]


def squash(s):
    """Heads are written on one line: tabs and newlines become spaces."""
    return re.sub(r"[\t\n\r]", " ", s)


# ---------------------------------------------------------------- gold


class GoldError(Exception):
    pass


def read_layer(gold_dir, layer, declared):
    """Rows of every LAYER*.tsv in gold_dir: dicts with the article, the
    typed fields, and where the row comes from. Articles that a header
    line "# articles: NNN-MMM" (or "# articles: ant/1869, ant/3491")
    declares are added to declared."""
    rows = []
    fields = LAYERS[layer]
    for path in sorted(glob.glob(os.path.join(gold_dir, layer + "*.tsv"))):
        with open(path, encoding="utf-8") as f:
            for number, line in enumerate(f, 1):
                line = line.rstrip("\n")
                m = re.match(r"#\s*articles:\s*([\w/, -]+)$", line)
                if m:
                    declared |= article_range(m.group(1))
                if not line.strip() or line.startswith("#"):
                    continue
                parts = line.split("\t")
                where = f"{os.path.relpath(path, ROOT)}:{number}"
                if len(parts) != len(fields) + 1:
                    raise GoldError(f"{where}: want {len(fields) + 1} "
                                    f"tab-separated fields, got {len(parts)}")
                row = {"article": parts[0], "where": where}
                try:
                    for name, value in zip(fields, parts[1:]):
                        if name in ("begin", "end", "speaker_begin",
                                    "speaker_end", "count", "approx",
                                    "role_begin", "role_end"):
                            row[name] = int(value)
                        else:
                            row[name] = value
                except ValueError as e:
                    raise GoldError(f"{where}: {e}")
                rows.append(row)
    return rows


def read_gold(gold_dir):
    """The rows of each layer; "articles", every article checked by hand;
    "layer_articles", those checked for each layer (a set may annotate
    quotes only: its articles' dates are then not scored)."""
    gold, by_layer = {}, {}
    for layer in LAYERS:
        by_layer[layer] = set()
        gold[layer] = read_layer(gold_dir, layer, by_layer[layer])
        by_layer[layer] |= {r["article"] for r in gold[layer]}
    if not any(gold[layer] for layer in LAYERS):
        raise GoldError(f"no gold rows under {gold_dir}")
    gold["articles"] = sorted(set().union(*by_layer.values()))
    gold["layer_articles"] = by_layer
    return gold


def gold_articles(gold):
    """Articles checked by hand: those declared and those with a row (an
    article without any fact counts, its false alarms too)."""
    out = set(gold.get("articles", []))
    for layer in LAYERS:
        out |= {r["article"] for r in gold.get(layer, [])}
    return sorted(out)


def article_range(spec):
    """news-samples ids of "NNN-MMM[,NNN...]"; an id with a slash
    (ant/1869) stands for itself."""
    out = set()
    for part in spec.split(","):
        part = part.strip()
        if "/" in part:
            out.add(part)
            continue
        lo, _, hi = part.partition("-")
        for n in range(int(lo), int(hi or lo) + 1):
            out.add(f"news-samples/{n:03d}.txt")
    return out


def select_articles(gold, spec):
    """The gold restricted to the articles of spec ("NNN-MMM[,NNN...]",
    or "ant": every declared ant/N article), which all count as annotated
    for the layers that declare them; without spec, every article the gold
    declares ("# articles: NNN-MMM" in a file's header) or has a row for."""
    if not spec:
        return gold
    keep = set()
    for part in spec.split(","):
        part = part.strip()
        if part in ner_gold.UNLABELLED:
            keep |= {a for a in gold["articles"]
                     if a.startswith(part + "/")}
        else:
            keep |= article_range(part)
    out = {layer: [r for r in gold[layer] if r["article"] in keep]
           for layer in LAYERS}
    out["articles"] = sorted(keep)
    # A news-samples range counts for every layer, as it always has; other
    # articles only for the layers that declare them.
    out["layer_articles"] = {
        layer: {a for a in keep if a.startswith("news-samples/") or
                a in gold["layer_articles"][layer]}
        for layer in LAYERS}
    return out


def check_words_at(row, field, text):
    """Problems of a field written as it stands at [FIELD_begin, FIELD_end)
    (a speaker, a role), or - with -1 -1."""
    words, b, e = row[field], row[field + "_begin"], row[field + "_end"]
    if words == "-":
        return [] if (b, e) == (-1, -1) else [f"{field} - wants -1 -1"]
    if not 0 <= b < e <= len(text):
        return [f"{field} span [{b},{e}) outside the text or empty"]
    if text[b:e] != words:
        return [f"{field} {words!r} but [{b},{e}) is {text[b:e]!r}"]
    return []


def check_row(layer, row, text):
    """Problems of one gold row, as messages."""
    out = []
    b, e = row["begin"], row["end"]
    if not 0 <= b < e <= len(text):
        return [f"span [{b},{e}) outside the text or empty"]
    if layer == "quotes":
        if squash(text[b:e][:20]) != row["head"]:
            out.append(f"head {row['head']!r} but the text at {b} is "
                       f"{squash(text[b:e][:20])!r}")
        out += check_words_at(row, "speaker", text)
    else:
        if text[b:e] != row["surface"]:
            out.append(f"surface {row['surface']!r} but [{b},{e}) is "
                       f"{text[b:e]!r}")
    if layer == "events":
        if row["type"] not in EVENT_TYPES:
            out.append(f"type {row['type']!r} not one of {EVENT_TYPES}")
        if row["count"] < 0:
            out.append("negative count")
        if row["approx"] not in (0, 1):
            out.append("approx is 0 or 1")
        if not row["place"]:
            out.append("empty place (write -)")
    if layer == "roles":
        out += check_words_at(row, "role", text)
    if layer == "links":
        if row["kind"] not in LINK_KINDS:
            out.append(f"kind {row['kind']!r} not one of {LINK_KINDS}")
        if not re.fullmatch(r"[A-Z]{2}|-", row["iso"]):
            out.append(f"iso {row['iso']!r} is not ISO 3166-1 alpha-2 or -")
        elif (row["iso"] == "-") != (row["kind"] == "other"):
            out.append("iso is - for kind other only")
    if layer == "dates" and not VALUE_RE.match(row["value"]):
        out.append(f"value {row['value']!r} is not ISO 8601 "
                   "(YYYY, YYYY-MM, YYYY-MM-DD, a range A/B) or -")
    return out


def cmd_check(args):
    if not os.path.isdir(os.path.join(args.data, "news-samples")):
        return no_data(args.data)
    try:
        gold = read_gold(args.gold)
    except GoldError as e:
        print(f"facts_eval: {e}", file=sys.stderr)
        return 1
    errors = 0
    for layer in LAYERS:
        rows = gold[layer]
        seen = set()
        for row in rows:
            text = article_text(args.data, row["article"])
            problems = check_row(layer, row, text)
            key = (row["article"], row["begin"], row["end"],
                   row.get("type"))
            if key in seen:
                problems.append("the same span twice")
            seen.add(key)
            for p in problems:
                print(f"{row['where']}: {row['article']}: {p}",
                      file=sys.stderr)
            errors += len(problems)
    counts = ", ".join(f"{len(gold[layer])} {layer}" for layer in LAYERS)
    print(f"facts gold: {len(gold_articles(gold))} articles, {counts}; "
          f"{errors} error(s)")
    return 1 if errors else 0


# ---------------------------------------------------------------- analyses


def offset_maps(text, unit):
    """A function from the analysis' offsets to code points."""
    if unit == "OFFSET_UNIT_CODE_POINTS":
        return lambda x: x
    table = {}
    pos = 0
    for i, c in enumerate(text):
        table[pos] = i
        if unit == "OFFSET_UNIT_UTF16_CODE_UNITS":
            pos += 2 if ord(c) > 0xFFFF else 1
        else:
            pos += len(c.encode("utf-8"))
    table[pos] = len(text)

    def convert(x):
        if x not in table:
            raise SystemExit(f"facts_eval: offset {x} ({unit}) falls inside "
                             "a character")
        return table[x]
    return convert


def span_of(obj, key, conv):
    s = obj.get(key) or {}
    return conv(int(s.get("begin", 0))), conv(int(s.get("end", 0)))


def article_key(article_id):
    """news-samples/NNN.txt for any id ending in NNN.txt; ant/N and saudi/N
    as they are."""
    if re.fullmatch(r"(ant|saudi)/\d+", article_id or ""):
        return article_id
    m = re.search(r"(\d{3}\.txt)$", article_id or "")
    return "news-samples/" + m.group(1) if m else None


def read_analyses(path, data, wanted):
    """The first analysis of each wanted article, offsets in code points:
    {article: {"quotes": [...], "events": [...], "dates": [...],
    "mentions": {entity_id: [(b, e)]}, "names": {entity_id: name},
    "entities": [{"iso", "english", "type", "spans", "roles"}]}}."""
    out = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            obj = json.loads(line)
            resp = obj.get("response", obj)
            key = article_key(resp.get("articleId") or obj.get("articleId"))
            if key not in wanted or key in out:
                continue
            text = article_text(data, key)
            conv = offset_maps(text, resp.get("offsetUnit",
                                              "OFFSET_UNIT_UTF8_BYTES"))
            a = {"quotes": [], "events": [], "dates": [], "mentions": {},
                 "names": {}, "entities": []}
            for ent in resp.get("entities", []):
                a["names"][ent["id"]] = ent.get("name", "")
                links = ent.get("links", {})
                a["entities"].append({
                    "iso": links.get("iso3166", ""),
                    "english": links.get("englishName", ""),
                    "type": ent.get("type", ""),
                    "spans": [span_of(m, "span", conv)
                              for m in ent.get("mentions", [])],
                    "roles": [span_of(r, "span", conv)
                              for r in ent.get("roles", [])]})
                a["mentions"][ent["id"]] = [
                    span_of(m, "span", conv) for m in ent.get("mentions", [])]
                a["mentions"][ent["id"] + ":text"] = [
                    m.get("text", "") for m in ent.get("mentions", [])]
                # Where the article gives the entity a title or an
                # adjective: «وقال المتحدث» names the speaker too.
                a["mentions"][ent["id"] + ":roles"] = [
                    span_of(r, "span", conv)
                    for r in ent.get("roles", []) + ent.get("attributes", [])]
            for q in resp.get("quotes", []):
                b, e = span_of(q, "span", conv)
                sb, se = span_of(q, "speakerSpan", conv)
                a["quotes"].append({"begin": b, "end": e, "sb": sb, "se": se,
                                    "entity": q.get("speakerEntityId", ""),
                                    "speaker": q.get("speakerText", "")})
            for ev in resp.get("events", []):
                t = ev.get("type", "").replace("EVENT_TYPE_", "")
                if t not in EVENT_TYPES:
                    continue
                b, e = span_of(ev, "span", conv)
                a["events"].append({"begin": b, "end": e, "type": t,
                                    "count": int(ev.get("count", 0)),
                                    "approx": bool(ev.get("approximate")),
                                    "place": ev.get("locationEntityId", ""),
                                    "text": ev.get("text", "")})
            for d in resp.get("dates", []):
                kind = d.get("kind", "").replace("TIME_KIND_", "")
                if kind not in ("DATE", "RELATIVE"):
                    continue
                b, e = span_of(d, "span", conv)
                a["dates"].append({"begin": b, "end": e,
                                   "value": d.get("value", ""),
                                   "text": d.get("text", "")})
            out[key] = a
    return out


# ---------------------------------------------------------------- scoring


def overlap(b1, e1, b2, e2):
    return max(0, min(e1, e2) - max(b1, b2))


def sentence_bounds(text):
    """Start offsets of sentences: after a newline, and after . ! ? ؟ that
    a space follows."""
    starts = [0]
    for m in re.finditer(r"\n|[.!?؟](?=\s)", text):
        starts.append(m.end())
    return starts


def sentence_of(starts, pos):
    lo, hi = 0, len(starts) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if starts[mid] <= pos:
            lo = mid
        else:
            hi = mid - 1
    return lo


def one_to_one(pairs):
    """pairs: (score, gold_index, system_index); greedy, best first."""
    used_g, used_s, out = set(), set(), []
    for score, g, s in sorted(pairs, key=lambda p: (-p[0], p[1], p[2])):
        if g not in used_g and s not in used_s:
            used_g.add(g)
            used_s.add(s)
            out.append((g, s))
    return out


def prf(tp, n_sys, n_gold):
    p = 100.0 * tp / n_sys if n_sys else 0.0
    r = 100.0 * tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def count_right(gold, system):
    if gold["approx"]:
        return gold["count"] / 2 <= system["count"] <= gold["count"] * 2
    return system["count"] == gold["count"]


def score(gold, analyses, data, absolute_only=False, details=None):
    articles = gold_articles(gold)
    missing = [a for a in articles if a not in analyses]
    if missing:
        raise SystemExit(f"facts_eval: no analysis of {', '.join(missing)}")
    by = {layer: {} for layer in LAYERS}
    for layer in LAYERS:
        for r in gold[layer]:
            by[layer].setdefault(r["article"], []).append(r)
    checked = gold.get("layer_articles",
                       {layer: set(articles) for layer in LAYERS})
    s = {k: 0 for k in (
        "q_gold", "q_sys", "q_match", "q_speaker", "e_gold", "e_sys",
        "e_match", "e_right", "e_anywhere", "d_gold", "d_sys", "d_exact",
        "d_overlap", "d_value", "d_value_n", "e_place", "e_place_n",
        "l_country", "l_country_n", "l_city", "l_city_n", "l_wrong",
        "l_unfound", "r_gold", "r_right", "r_sys", "r_sys_right")}

    def note(article, msg):
        if details is not None:
            details.append(f"{article}: {msg}")

    for article in articles:
        text = article_text(data, article)
        a = analyses[article]
        # Quotes.
        gq, sq = by["quotes"].get(article, []), a["quotes"]
        if article not in checked["quotes"]:
            sq = []
        s["q_gold"] += len(gq)
        s["q_sys"] += len(sq)
        pairs = []
        for i, g in enumerate(gq):
            for j, q in enumerate(sq):
                ov = overlap(g["begin"], g["end"], q["begin"], q["end"])
                shorter = min(g["end"] - g["begin"], q["end"] - q["begin"])
                if ov and ov >= 0.5 * shorter:
                    pairs.append((ov, i, j))
        matched = one_to_one(pairs)
        s["q_match"] += len(matched)
        for i, j in matched:
            g, q = gq[i], sq[j]
            if g["speaker"] == "-":
                right = not q["entity"] and q["se"] <= q["sb"]
            else:
                right = overlap(g["speaker_begin"], g["speaker_end"],
                                q["sb"], q["se"]) > 0 or any(
                    overlap(g["speaker_begin"], g["speaker_end"], b, e) > 0
                    for b, e in a["mentions"].get(q["entity"], []) +
                    a["mentions"].get(q["entity"] + ":roles", []))
            s["q_speaker"] += right
            if not right:
                note(article, f"quote at {g['begin']} ({g['head']}): speaker "
                     f"{q['speaker'] or '-'!r}, gold {g['speaker']!r}")
        hit_g = {i for i, _ in matched}
        hit_s = {j for _, j in matched}
        for i, g in enumerate(gq):
            if i not in hit_g:
                note(article, f"quote missed at {g['begin']}: {g['head']}")
        for j, q in enumerate(sq):
            if j not in hit_s:
                note(article, f"quote not in gold at {q['begin']}: "
                     f"{squash(text[q['begin']:q['end']][:30])}")
        # Events.
        ge, se_ = by["events"].get(article, []), a["events"]
        if article not in checked["events"]:
            se_ = []
        s["e_gold"] += len(ge)
        s["e_sys"] += len(se_)
        starts = sentence_bounds(text)
        pairs = []
        for i, g in enumerate(ge):
            gs = sentence_of(starts, g["begin"])
            for j, ev in enumerate(se_):
                if ev["type"] != g["type"]:
                    continue
                ov = overlap(g["begin"], g["end"], ev["begin"], ev["end"])
                if ov or sentence_of(starts, ev["begin"]) == gs:
                    # Right counts first, then overlaps, then nearness.
                    pairs.append((2 * count_right(g, ev) + (ov > 0) -
                                  abs(ev["begin"] - g["begin"]) / 1e6, i, j))
        matched = one_to_one(pairs)
        s["e_match"] += len(matched)
        right = [(i, j) for i, j in matched if count_right(ge[i], se_[j])]
        s["e_right"] += len(right)
        for i, j in right:
            g, ev = ge[i], se_[j]
            if g["place"] != "-":
                s["e_place_n"] += 1
                texts = a["mentions"].get(ev["place"] + ":text", [])
                name = a["names"].get(ev["place"], "")
                s["e_place"] += any(g["place"] in t or t in g["place"]
                                    for t in texts + ([name] if name else [])
                                    if t)
        for i, j in matched:
            if (i, j) not in right:
                note(article, f"event {ge[i]['type']} {ge[i]['surface']}: "
                     f"count {se_[j]['count']}, gold {ge[i]['count']}")
        used = set()
        for i, g in enumerate(ge):
            for j, ev in enumerate(se_):
                if j not in used and ev["type"] == g["type"] and \
                        count_right(g, ev):
                    used.add(j)
                    s["e_anywhere"] += 1
                    break
            else:
                note(article, f"event missed: {g['type']} {g['count']} "
                     f"{g['surface']}")
        hit_s = {j for _, j in right}
        for j, ev in enumerate(se_):
            if j not in hit_s and j not in {jj for _, jj in matched}:
                note(article, f"event not in gold: {ev['type']} "
                     f"{ev['count']} {ev['text']}")
        # Dates.
        gd, sd = by["dates"].get(article, []), a["dates"]
        if article not in checked["dates"]:
            sd = []
        s["d_gold"] += len(gd)
        s["d_sys"] += len(sd)
        exact = one_to_one([(1, i, j) for i, g in enumerate(gd)
                            for j, d in enumerate(sd)
                            if (g["begin"], g["end"]) == (d["begin"],
                                                          d["end"])])
        s["d_exact"] += len(exact)
        pairs = [(overlap(g["begin"], g["end"], d["begin"], d["end"]), i, j)
                 for i, g in enumerate(gd) for j, d in enumerate(sd)]
        matched = one_to_one([p for p in pairs if p[0] > 0])
        s["d_overlap"] += len(matched)
        for i, j in matched:
            g, d = gd[i], sd[j]
            if g["value"] == "-":
                continue
            if absolute_only and not re.search(r"\d{4}", g["surface"]):
                continue
            s["d_value_n"] += 1
            s["d_value"] += d["value"] == g["value"]
            if d["value"] != g["value"]:
                note(article, f"date {g['surface']}: value {d['value']!r}, "
                     f"gold {g['value']}")
            elif (g["begin"], g["end"]) != (d["begin"], d["end"]):
                note(article, f"date span {d['text']!r}, gold "
                     f"{g['surface']!r}")
        hit_g = {i for i, _ in matched}
        hit_s = {j for _, j in matched}
        for i, g in enumerate(gd):
            if i not in hit_g:
                note(article, f"date missed: {g['surface']}")
        for j, d in enumerate(sd):
            if j not in hit_s:
                note(article, f"date not in gold: {d['text']}")
        # Roles: each gold role, by the entity with a mention over its
        # person; each system role of a person, against the gold roles.
        if article in checked.get("roles", ()):
            gr = by["roles"].get(article, [])
            gold_spans = [(g["role_begin"], g["role_end"]) for g in gr
                          if g["role"] != "-"]
            for g in gr:
                if g["role"] == "-":
                    continue
                s["r_gold"] += 1
                # The entity keeps a role once, where first written: the
                # same title before a later mention is found by its words.
                want = role_key(g["role"])
                found = any(
                    any(overlap(g["begin"], g["end"], b, e) > 0
                        for b, e in ent["spans"]) and
                    any(overlap(g["role_begin"], g["role_end"], b, e) > 0 or
                        role_key(text[b:e]) == want
                        for b, e in ent["roles"])
                    for ent in a["entities"])
                s["r_right"] += found
                if not found:
                    note(article, f"role missed: {g['role']} ({g['surface']})")
            for ent in a["entities"]:
                if ent["type"] != "ENTITY_TYPE_PERSON":
                    continue
                for b, e in ent["roles"]:
                    s["r_sys"] += 1
                    hit = any(overlap(b, e, gb, ge) > 0
                              for gb, ge in gold_spans)
                    s["r_sys_right"] += hit
                    if not hit:
                        note(article, f"role not in gold: "
                             f"{squash(text[b:e])}")
        # Links: each gold country or city mention, by the system entity
        # with a mention over it.
        if article not in checked.get("links", ()):
            continue
        for g in by["links"].get(article, []):
            if g["kind"] not in ("country", "city"):
                continue
            key = "l_" + g["kind"]
            s[key + "_n"] += 1
            entity = next((e for e in a["entities"] if any(
                overlap(g["begin"], g["end"], b, end) > 0
                for b, end in e["spans"])), None)
            if entity is None:
                s["l_unfound"] += 1
                note(article, f"link {g['surface']}: no entity, gold "
                     f"{g['iso']}")
            elif entity["iso"] == g["iso"]:
                s[key] += 1
            else:
                s["l_wrong"] += bool(entity["iso"])
                note(article, f"link {g['surface']}: "
                     f"{entity['iso'] or 'none'}, gold {g['iso']}")
    return s


def role_key(role):
    """A title's words without diacritics, tatweel and a leading clitic
    (للمدافع الفرنسي, المدافع الفرنسي)."""
    role = re.sub("[\u064b-\u0652\u0640]", "", role).strip()
    if role.startswith("لل"):
        role = "ال" + role[2:]
    elif role[:1] in ("و", "ف", "ب", "ل") and role[1:3] == "ال":
        role = role[1:]
    return " ".join(role.split())


def pct(a, b):
    return 100.0 * a / b if b else 0.0


def table(s, n_articles):
    q = prf(s["q_match"], s["q_sys"], s["q_gold"])
    e = prf(s["e_right"], s["e_sys"], s["e_gold"])
    de = prf(s["d_exact"], s["d_sys"], s["d_gold"])
    do = prf(s["d_overlap"], s["d_sys"], s["d_gold"])
    m = {
        "quote_f1": q[2],
        "speaker": pct(s["q_speaker"], s["q_gold"]),
        "event_f1": e[2],
        "count": pct(s["e_right"], s["e_gold"]),
        "date_f1": de[2],
        "date_overlap_f1": do[2],
        "date_value": pct(s["d_value"], s["d_value_n"]),
        "link": pct(s["l_country"] + s["l_city"],
                    s["l_country_n"] + s["l_city_n"]),
        "role": pct(s["r_right"], s["r_gold"]),
    }
    lines = [
        f"facts on {n_articles} hand-checked articles",
        f"{'layer':<22}{'gold':>6}{'system':>8}{'match':>7}"
        f"{'P':>8}{'R':>8}{'F1':>8}",
        f"{'quotes (overlap)':<22}{s['q_gold']:>6}{s['q_sys']:>8}"
        f"{s['q_match']:>7}{q[0]:>8.1f}{q[1]:>8.1f}{q[2]:>8.1f}",
        f"{'events (type+count)':<22}{s['e_gold']:>6}{s['e_sys']:>8}"
        f"{s['e_right']:>7}{e[0]:>8.1f}{e[1]:>8.1f}{e[2]:>8.1f}",
        f"{'dates (exact span)':<22}{s['d_gold']:>6}{s['d_sys']:>8}"
        f"{s['d_exact']:>7}{de[0]:>8.1f}{de[1]:>8.1f}{de[2]:>8.1f}",
        f"{'dates (overlap)':<22}{s['d_gold']:>6}{s['d_sys']:>8}"
        f"{s['d_overlap']:>7}{do[0]:>8.1f}{do[1]:>8.1f}{do[2]:>8.1f}",
        "",
        f"quotes with the right speaker: {s['q_speaker']}/{s['q_gold']} "
        f"gold quotes ({m['speaker']:.1f}%; "
        f"{pct(s['q_speaker'], s['q_match']):.1f}% of those found)",
        f"event counts right: {s['e_right']}/{s['e_gold']} "
        f"({m['count']:.1f}%; of those located {s['e_right']}/"
        f"{s['e_match']}); right type and count anywhere in the article: "
        f"{s['e_anywhere']}/{s['e_gold']} "
        f"({pct(s['e_anywhere'], s['e_gold']):.1f}%)",
        f"event places right (gold place given, count right): "
        f"{s['e_place']}/{s['e_place_n']}",
        f"date values right: {s['d_value']}/{s['d_value_n']} dates matched "
        f"by overlap ({m['date_value']:.1f}%)",
    ]
    if s["r_gold"]:
        lines.append(
            f"roles found: {s['r_right']}/{s['r_gold']} gold roles "
            f"({m['role']:.1f}%); system roles in the gold: "
            f"{s['r_sys_right']}/{s['r_sys']} "
            f"({pct(s['r_sys_right'], s['r_sys']):.1f}%)")
    if s["l_country_n"] + s["l_city_n"]:
        lines.append(
            f"place links right: {s['l_country'] + s['l_city']}/"
            f"{s['l_country_n'] + s['l_city_n']} country and city mentions "
            f"({m['link']:.1f}%; countries {s['l_country']}/"
            f"{s['l_country_n']}, cities {s['l_city']}/{s['l_city_n']}); "
            f"linked to another country: {s['l_wrong']}; in no entity: "
            f"{s['l_unfound']}")
    return "\n".join(lines), m


FLOORS = (("quote_f1", "min_quote_f1", "quote F1"),
          ("speaker", "min_speaker", "quotes with the right speaker %"),
          ("event_f1", "min_event_f1", "event F1"),
          ("count", "min_count", "event counts right %"),
          ("date_f1", "min_date_f1", "date exact-span F1"),
          ("date_overlap_f1", "min_date_overlap_f1", "date overlap F1"),
          ("date_value", "min_date_value", "date values right %"),
          ("link", "min_link", "place links right %"),
          ("role", "min_role", "gold roles found %"))


def report(args, analyses_path):
    gold = select_articles(read_gold(args.gold), args.articles)
    articles = gold_articles(gold)
    analyses = read_analyses(analyses_path, args.data, set(articles))
    details = [] if args.details else None
    s = score(gold, analyses, args.data, args.absolute_dates_only, details)
    text, m = table(s, len(articles))
    print(text)
    if details:
        print("\n" + "\n".join(details))
    failed = 0
    for key, flag, name in FLOORS:
        floor = getattr(args, flag)
        if floor is None:
            continue
        if m[key] + 1e-9 < floor:
            print(f"facts_eval: {name} {m[key]:.1f} below the floor {floor}",
                  file=sys.stderr)
            failed = 1
        else:
            print(f"facts_eval: {name} {m[key]:.1f} >= floor {floor}")
    return failed


def cmd_score(args):
    if not os.path.isdir(os.path.join(args.data, "news-samples")):
        return no_data(args.data)
    return report(args, args.analyses)


def publication_dates(data):
    """{NNN.txt: YYYY-MM-DD} from the table of news-samples/SOURCE.md."""
    out = {}
    with open(os.path.join(data, "news-samples", "SOURCE.md"),
              encoding="utf-8") as f:
        for m in re.finditer(r"\|\s*(\d{3}\.txt)\s*\|.*?-(\d{8})\.txt`",
                             f.read()):
            d = m.group(2)
            out[m.group(1)] = f"{d[:4]}-{d[4:6]}-{d[6:]}"
    return out


def cmd_run(args):
    if not os.path.isdir(os.path.join(args.data, "news-samples")):
        return no_data(args.data)
    bin_dir = os.path.join(args.build, "bin")
    dates = publication_dates(args.data)
    articles = gold_articles(select_articles(read_gold(args.gold),
                                             args.articles))
    work = tempfile.mkdtemp(prefix="facts_eval.")
    requests = os.path.join(work, "articles.ndjson")
    with open(requests, "w", encoding="utf-8") as f:
        for article in articles:
            name = article.split("/", 1)[1]
            req = {"id": article, "text": article_text(args.data, article)}
            if name in dates and not args.no_published_at:
                # Noon UTC: the same calendar day in every outlet's zone.
                req["publishedAt"] = dates[name] + "T12:00:00Z"
            f.write(json.dumps(req, ensure_ascii=False) + "\n")
    server = subprocess.Popen(
        [os.path.join(bin_dir, "khabar-server"), "--listen", "127.0.0.1:0",
         "--log-format", "none",
         "--model", os.path.join(ROOT, "models", "ner.model"),
         "--lexicon", os.path.join(ROOT, "models", "lexicon.tsv")],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        first = server.stdout.readline().split()
        if len(first) < 3 or first[0] != "listening":
            print("facts_eval: the server did not start", file=sys.stderr)
            return 1
        out = args.save or os.path.join(work, "analyses.ndjson")
        if os.path.exists(out):
            os.remove(out)
        subprocess.run(
            [os.path.join(bin_dir, "khabar-client"), "batch", "--server",
             first[2], "--offsets", "codepoints", "--no-progress",
             "--out", out, requests], check=True, stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE)
    finally:
        server.terminate()
        server.wait()
    if args.no_published_at:
        args.absolute_dates_only = True
    return report(args, out)


def cmd_show(args):
    if not os.path.isdir(os.path.join(args.data, "news-samples")):
        return no_data(args.data)
    gold = read_gold(args.gold)
    text = article_text(args.data, args.article)
    marks = []
    for r in gold["quotes"]:
        if r["article"] == args.article:
            marks += [(r["begin"], 1, "⟦Q "), (r["end"], 0, "⟧")]
            if r["speaker_begin"] >= 0:
                marks += [(r["speaker_begin"], 1, "⟨S "),
                          (r["speaker_end"], 0, "⟩")]
    for r in gold["events"]:
        if r["article"] == args.article:
            approx = "~" if r["approx"] else ""
            marks += [(r["begin"], 1,
                       f"⟦{r['type']}={approx}{r['count']}@{r['place']} "),
                      (r["end"], 0, "⟧")]
    for r in gold["dates"]:
        if r["article"] == args.article:
            marks += [(r["begin"], 1, f"⟦D={r['value']} "), (r["end"], 0, "⟧")]
    out, last = [], 0
    for pos, _, mark in sorted(marks):
        out.append(text[last:pos])
        out.append(mark)
        last = pos
    out.append(text[last:])
    print("".join(out))
    return 0


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--data", default=default_data())
    parser.add_argument("--gold", default=os.path.join(ROOT, "gold", "facts"))
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("check")
    p_show = sub.add_parser("show")
    p_show.add_argument("article")
    scoring = []
    p = sub.add_parser("score")
    p.add_argument("analyses")
    scoring.append(p)
    p = sub.add_parser("run")
    p.add_argument("--build", default=os.path.join(ROOT, "build"))
    p.add_argument("--save", help="keep the analyses in this NDJSON file")
    p.add_argument("--no-published-at", action="store_true",
                   help="send no publication dates (date values are then "
                   "scored where the gold date names a year)")
    scoring.append(p)
    for p in scoring:
        p.add_argument("--articles", default="",
                       help="only these articles: NNN-MMM[,NNN...] "
                       "(default: every article of the gold)")
        p.add_argument("--details", action="store_true",
                       help="list every miss, false alarm and wrong field")
        p.add_argument("--absolute-dates-only", action="store_true",
                       help="score date values only where the gold date "
                       "names a year (analyses made without published_at)")
        for _, flag, name in FLOORS:
            p.add_argument("--" + flag.replace("_", "-"), type=float,
                           dest=flag, help=f"floor: {name}".replace("%", "%%"))
    args = parser.parse_args()
    try:
        return {"check": cmd_check, "score": cmd_score, "run": cmd_run,
                "show": cmd_show}[args.command](args)
    except GoldError as e:
        print(f"facts_eval: {e}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
