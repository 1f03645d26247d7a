#!/usr/bin/python3
"""Analyses one article file and prints its headline, entities and quotes.

    examples/analyze.py [--server HOST:PORT] [--tls-ca CA.pem]
                        [--auth-token-file TOKEN_FILE] FILE

Entities and quotes are filled in as the server learns them; until then the
tables say "(none)".
"""

from __future__ import annotations

import argparse
import sys

from khabar import DEFAULT_TARGET, KhabarClient, KhabarError, pb, read_token_file


def print_entities(response: pb.AnalyzeResponse) -> None:
    print(f"Entities ({len(response.entities)}):")
    if not response.entities:
        print("  (none)")
        return
    # The Arabic name comes last: right-to-left text takes a different width
    # in every terminal, so nothing is aligned after it.
    print(f"  {'type':<13} {'mentions':>8} {'salience':>8}  name")
    for e in response.entities:
        kind = pb.EntityType.Name(e.type).removeprefix("ENTITY_TYPE_").lower()
        print(f"  {kind:<13} {len(e.mentions):>8} {e.salience:>8.2f}  {e.name}")


def print_quotes(response: pb.AnalyzeResponse) -> None:
    print(f"Quotes ({len(response.quotes)}):")
    if not response.quotes:
        print("  (none)")
        return
    for quote in response.quotes:
        speaker = quote.speaker_text or "(speaker unknown)"
        kind = "direct" if quote.direct else "reported"
        print(f"  - {speaker} [{kind}]: {quote.text}")


def main() -> int:
    parser = argparse.ArgumentParser(description="Analyse one article file.")
    parser.add_argument("file", help="article text file (UTF-8)")
    parser.add_argument("--server", default=DEFAULT_TARGET, help="HOST:PORT")
    parser.add_argument("--tls-ca", help="PEM CA to trust (connects with TLS)")
    parser.add_argument("--auth-token-file", help="file holding the bearer token")
    args = parser.parse_args()

    with open(args.file, encoding="utf-8") as f:
        text = f.read()
    token = read_token_file(args.auth_token_file) if args.auth_token_file else None
    with KhabarClient(args.server, tls_ca=args.tls_ca, token=token) as client:
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
