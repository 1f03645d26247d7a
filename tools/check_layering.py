#!/usr/bin/env python3
"""Fails when an #include breaks the engine's one-way dependency rule.

core/src folders include only the folders before them (docs/architecture.md):
    base <- text <- ner <- entities <- facts <- analyzer.cc
The runtime never includes core/training; the public headers include only
khabar/ and libraries; service/ and client/ see only the public headers.
"""
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ORDER = ["base", "text", "ner", "entities", "facts"]
INTERNAL = set(ORDER) | {"training"}
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)


def includes(path):
    with open(path, encoding="utf-8") as f:
        return INCLUDE.findall(f.read())


def sources(directory):
    for dirpath, _, names in os.walk(os.path.join(ROOT, directory)):
        for name in sorted(names):
            if name.endswith((".h", ".cc")):
                yield os.path.join(dirpath, name)


def main():
    errors = []
    for path in sources("core/src"):
        rel = os.path.relpath(path, os.path.join(ROOT, "core/src"))
        folder = rel.split(os.sep)[0] if os.sep in rel else None
        # analyzer.cc, at the top, may use every folder.
        allowed = set(ORDER) if folder is None else set(
            ORDER[:ORDER.index(folder) + 1])
        for inc in includes(path):
            top = inc.split("/")[0]
            if top == "training":
                errors.append(f"core/src/{rel}: includes {inc}: the runtime "
                              "never depends on the training library")
            elif top in ORDER and top not in allowed:
                errors.append(f"core/src/{rel}: includes {inc}: {folder}/ may "
                              f"include only {', '.join(sorted(allowed))}")
    for path in sources("core/include"):
        for inc in includes(path):
            if inc.split("/")[0] in INTERNAL:
                errors.append(f"{os.path.relpath(path, ROOT)}: includes {inc}:"
                              " public headers include only khabar/")
    for part in ("service", "client"):
        for path in sources(part):
            for inc in includes(path):
                if inc.split("/")[0] in INTERNAL:
                    errors.append(f"{os.path.relpath(path, ROOT)}: includes "
                                  f"{inc}: {part}/ sees only the public API")
    for error in errors:
        print(error, file=sys.stderr)
    print(f"check_layering: {len(errors)} violation(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
