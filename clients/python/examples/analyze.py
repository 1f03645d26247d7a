#!/usr/bin/python3
"""Analyses one article file and prints its headline, entities and quotes.

    examples/analyze.py [--server HOST:PORT] FILE

Entities and quotes are filled in as the server learns them; until then the
tables say "(none)".
"""

from __future__ import annotations

import argparse
import sys
import unicodedata

from khabar import DEFAULT_TARGET, KhabarClient, KhabarError, pb


def width(text: str) -> int:
    """Terminal columns of `text`: combining marks (tashkeel) take none."""
    return sum(0 if unicodedata.combining(c) else 1 for c in text)


def pad(text: str, columns: int) -> str:
    return text + " " * max(0, columns - width(text))


def print_entities(response: pb.AnalyzeResponse) -> None:
    print(f"Entities ({len(response.entities)}):")
    if not response.entities:
        print("  (none)")
        return
    rows = [
        (
            e.name,
            pb.EntityType.Name(e.type).removeprefix("ENTITY_TYPE_").lower(),
            str(len(e.mentions)),
            f"{e.salience:.2f}",
        )
        for e in response.entities
    ]
    header = ("name", "type", "mentions", "salience")
    cols = [max(width(r[i]) for r in [header, *rows]) for i in range(4)]
    for row in [header, *rows]:
        print("  " + "  ".join(pad(cell, cols[i]) for i, cell in enumerate(row)))


def print_quotes(response: pb.AnalyzeResponse) -> None:
    print(f"Quotes ({len(response.quotes)}):")
    if not response.quotes:
        print("  (none)")
        return
    for quote in response.quotes:
        speaker = quote.speaker_text or "(speaker unknown)"
        kind = pb.QuoteKind.Name(quote.kind).removeprefix("QUOTE_KIND_").lower()
        print(f"  - {speaker} [{kind}]: {quote.text}")


def main() -> int:
    parser = argparse.ArgumentParser(description="Analyse one article file.")
    parser.add_argument("file", help="article text file (UTF-8)")
    parser.add_argument("--server", default=DEFAULT_TARGET, help="HOST:PORT")
    args = parser.parse_args()

    with open(args.file, encoding="utf-8") as f:
        text = f.read()
    with KhabarClient(args.server) as client:
        try:
            response = client.analyze(text, id=args.file)
        except KhabarError as e:
            print(f"analyze.py: {args.file}: {e}", file=sys.stderr)
            return 1
    print(f"Headline:  {response.structure.headline or '(none)'}")
    print(f"Sentences: {len(response.sentences)}")
    print()
    print_entities(response)
    print()
    print_quotes(response)
    return 0


if __name__ == "__main__":
    sys.exit(main())
