#!/usr/bin/python3
"""Writes docs/api.md from the comments in proto/ (protoc's descriptor set).

    /usr/bin/python3 tools/gen_api_docs.py             # rewrite docs/api.md
    /usr/bin/python3 tools/gen_api_docs.py --out X --check docs/api.md
                                                      # CI: fail when stale

Every service, RPC, message, field (type, number, default, comment) and enum
value is listed in proto file order. The proto comments are the source of
truth: units and meanings belong there, not here.
"""

from __future__ import annotations

import argparse
import difflib
import os
import pathlib
import subprocess
import sys
import tempfile
import textwrap
from typing import Dict, List, Optional, Sequence, Tuple

from google.protobuf import descriptor_pb2

ROOT = pathlib.Path(__file__).resolve().parent.parent
PROTO_ROOT = "proto"
PROTO_FILES = ["khabar/v1/analyzer.proto"]
REGENERATE = "/usr/bin/python3 tools/gen_api_docs.py"

# Field numbers in descriptor.proto, used in SourceCodeInfo.Location.path.
FILE_MESSAGE, FILE_ENUM, FILE_SERVICE, FILE_SYNTAX = 4, 5, 6, 12
MESSAGE_FIELD, MESSAGE_NESTED, MESSAGE_ENUM = 2, 3, 4
ENUM_VALUE = 2
SERVICE_METHOD = 2

FDP = descriptor_pb2.FieldDescriptorProto
SCALARS = {
    FDP.TYPE_DOUBLE: ("double", "0"),
    FDP.TYPE_FLOAT: ("float", "0"),
    FDP.TYPE_INT64: ("int64", "0"),
    FDP.TYPE_UINT64: ("uint64", "0"),
    FDP.TYPE_INT32: ("int32", "0"),
    FDP.TYPE_FIXED64: ("fixed64", "0"),
    FDP.TYPE_FIXED32: ("fixed32", "0"),
    FDP.TYPE_BOOL: ("bool", "false"),
    FDP.TYPE_STRING: ("string", '""'),
    FDP.TYPE_BYTES: ("bytes", "empty"),
    FDP.TYPE_UINT32: ("uint32", "0"),
    FDP.TYPE_SFIXED32: ("sfixed32", "0"),
    FDP.TYPE_SFIXED64: ("sfixed64", "0"),
    FDP.TYPE_SINT32: ("sint32", "0"),
    FDP.TYPE_SINT64: ("sint64", "0"),
}
WELL_KNOWN = {
    ".google.protobuf.Timestamp": "https://protobuf.dev/reference/protobuf/"
    "google.protobuf/#timestamp",
}


def descriptor_set(protoc: str) -> descriptor_pb2.FileDescriptorSet:
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "api.pb")
        subprocess.run(
            [
                protoc,
                f"--proto_path={ROOT / PROTO_ROOT}",
                "--include_source_info",
                f"--descriptor_set_out={out}",
                *PROTO_FILES,
            ],
            check=True,
            cwd=ROOT / PROTO_ROOT,
        )
        fds = descriptor_pb2.FileDescriptorSet()
        with open(out, "rb") as f:
            fds.ParseFromString(f.read())
        return fds


class Comments:
    """Comments by descriptor path."""

    def __init__(self, file: descriptor_pb2.FileDescriptorProto) -> None:
        self.by_path: Dict[Tuple[int, ...], descriptor_pb2.SourceCodeInfo.Location] = {
            tuple(loc.path): loc for loc in file.source_code_info.location
        }

    def get(self, path: Sequence[int]) -> str:
        loc = self.by_path.get(tuple(path))
        if loc is None:
            return ""
        text = loc.leading_comments or loc.trailing_comments
        return clean(text)

    def detached(self, path: Sequence[int]) -> List[str]:
        loc = self.by_path.get(tuple(path))
        return [clean(c) for c in loc.leading_detached_comments] if loc else []


def clean(comment: str) -> str:
    # protoc keeps the space after "//"; dedent removes it uniformly.
    return textwrap.dedent(comment).strip("\n")


def prose(comment: str) -> str:
    """A comment as Markdown paragraphs; indented lines become code."""
    out: List[str] = []
    code: List[str] = []
    for line in comment.splitlines():
        if line.startswith("  "):
            code.append(line[2:])
            continue
        if code:
            out += ["", "```", *code, "```", ""]
            code = []
        out.append(line)
    if code:
        out += ["", "```", *code, "```"]
    return "\n".join(out).strip("\n")


def cell(comment: str) -> str:
    """A comment as one table cell."""
    text = " ".join(line.strip() for line in comment.splitlines() if line.strip())
    return text.replace("|", "\\|") or "—"


def anchor(full_name: str) -> str:
    return full_name.lstrip(".").replace(".", "-").lower()


def link(type_name: str, package: str) -> str:
    if type_name in WELL_KNOWN:
        return f"[`{type_name.lstrip('.')}`]({WELL_KNOWN[type_name]})"
    short = type_name.lstrip(".")
    if short.startswith(package + "."):
        short = short[len(package) + 1 :]
    return f"[`{short}`](#{anchor(type_name)})"


def field_type(field: descriptor_pb2.FieldDescriptorProto, package: str) -> str:
    if field.type in SCALARS:
        name = f"`{SCALARS[field.type][0]}`"
    else:
        name = link(field.type_name, package)
    if field.label == FDP.LABEL_REPEATED:
        return f"repeated {name}"
    return name


def field_default(
    field: descriptor_pb2.FieldDescriptorProto,
    enums: Dict[str, descriptor_pb2.EnumDescriptorProto],
) -> str:
    if field.label == FDP.LABEL_REPEATED:
        return "empty"
    if field.type == FDP.TYPE_MESSAGE:
        return "unset"
    if field.type == FDP.TYPE_ENUM:
        enum = enums.get(field.type_name)
        zero = [v.name for v in enum.value if v.number == 0] if enum else []
        return f"`{zero[0]}`" if zero else "0"
    return f"`{SCALARS[field.type][1]}`"


class Writer:
    def __init__(self, file: descriptor_pb2.FileDescriptorProto) -> None:
        self.file = file
        self.package = file.package
        self.comments = Comments(file)
        self.lines: List[str] = []
        self.enums: Dict[str, descriptor_pb2.EnumDescriptorProto] = {}
        self.index_enums(file.enum_type, f".{self.package}")
        self.index_messages(file.message_type, f".{self.package}")

    def index_enums(
        self, enums: Sequence[descriptor_pb2.EnumDescriptorProto], scope: str
    ) -> None:
        for e in enums:
            self.enums[f"{scope}.{e.name}"] = e

    def index_messages(
        self, messages: Sequence[descriptor_pb2.DescriptorProto], scope: str
    ) -> None:
        for m in messages:
            self.index_enums(m.enum_type, f"{scope}.{m.name}")
            self.index_messages(m.nested_type, f"{scope}.{m.name}")

    def emit(self, *lines: str) -> None:
        self.lines.extend(lines)

    def heading(self, level: int, kind: str, full_name: str) -> None:
        short = full_name.lstrip(".")[len(self.package) + 1 :]
        self.emit(f'<a id="{anchor(full_name)}"></a>', "")
        self.emit(f"{'#' * level} {kind} `{short}`", "")

    def describe(self, path: Sequence[int]) -> None:
        text = prose(self.comments.get(path))
        if text:
            self.emit(text, "")

    def service(self, index: int) -> None:
        service = self.file.service[index]
        path = [FILE_SERVICE, index]
        self.heading(3, "service", f".{self.package}.{service.name}")
        self.describe(path)
        for i, method in enumerate(service.method):
            request = link(method.input_type, self.package)
            response = link(method.output_type, self.package)
            if method.client_streaming:
                request = f"stream {request}"
            if method.server_streaming:
                response = f"stream {response}"
            self.emit(f"#### rpc `{method.name}`", "")
            self.emit(f"{request} → {response}", "")
            self.describe(path + [SERVICE_METHOD, i])

    def message(
        self, message: descriptor_pb2.DescriptorProto, path: List[int], scope: str
    ) -> None:
        full_name = f"{scope}.{message.name}"
        self.heading(3, "message", full_name)
        self.describe(path)
        if message.field:
            self.emit(
                "| Field | Number | Type | Default | Description |",
                "|---|---|---|---|---|",
            )
            for i, field in enumerate(message.field):
                self.emit(
                    f"| `{field.name}` | {field.number} "
                    f"| {field_type(field, self.package)} "
                    f"| {field_default(field, self.enums)} "
                    f"| {cell(self.comments.get(path + [MESSAGE_FIELD, i]))} |"
                )
            self.emit("")
        else:
            self.emit("No fields.", "")
        for i, enum in enumerate(message.enum_type):
            self.enum(enum, path + [MESSAGE_ENUM, i], full_name)
        for i, nested in enumerate(message.nested_type):
            self.message(nested, path + [MESSAGE_NESTED, i], full_name)

    def enum(
        self, enum: descriptor_pb2.EnumDescriptorProto, path: List[int], scope: str
    ) -> None:
        self.heading(3, "enum", f"{scope}.{enum.name}")
        self.describe(path)
        self.emit("| Value | Number | Description |", "|---|---|---|")
        for i, value in enumerate(enum.value):
            self.emit(
                f"| `{value.name}` | {value.number} "
                f"| {cell(self.comments.get(path + [ENUM_VALUE, i]))} |"
            )
        self.emit("")

    def write(self) -> str:
        f = self.file
        self.emit(f"# API reference: `{self.package}`", "")
        self.emit(
            f"<!-- Generated from {PROTO_ROOT}/{f.name} by tools/gen_api_docs.py;"
            f" do not edit. Regenerate: {REGENERATE} -->",
            "",
        )
        # The file's header comment sits on its `syntax` line.
        for comment in self.comments.detached([FILE_SYNTAX]) + [
            self.comments.get([FILE_SYNTAX])
        ]:
            if comment:
                self.emit(prose(comment), "")
        self.emit(
            "Errors, status codes and what to retry: [errors.md](errors.md).",
            "",
            "Defaults are proto3's: a field the sender leaves out reads as its",
            "zero value (`\"\"`, `0`, `false`, the enum's 0 value, an empty",
            "list, an unset message).",
            "",
        )

        # Types in file order: messages and enums are declared beside each
        # other in the proto, and read best that way.
        located: List[Tuple[Tuple[int, ...], str, int]] = []
        for i in range(len(f.message_type)):
            located.append((self.span_start([FILE_MESSAGE, i]), "message", i))
        for i in range(len(f.enum_type)):
            located.append((self.span_start([FILE_ENUM, i]), "enum", i))
        located.sort()

        self.emit("## Contents", "")
        for i, s in enumerate(f.service):
            self.emit(f"- service [`{s.name}`](#{anchor(f'.{f.package}.{s.name}')})")
        for _, kind, i in located:
            name = (f.message_type if kind == "message" else f.enum_type)[i].name
            self.emit(f"- {kind} [`{name}`](#{anchor(f'.{f.package}.{name}')})")
        self.emit("")

        self.emit("## Services", "")
        for i in range(len(f.service)):
            self.service(i)
        self.emit("## Types", "")
        scope = f".{self.package}"
        for _, kind, i in located:
            if kind == "message":
                self.message(f.message_type[i], [FILE_MESSAGE, i], scope)
            else:
                self.enum(f.enum_type[i], [FILE_ENUM, i], scope)
        return "\n".join(self.lines).rstrip("\n") + "\n"

    def span_start(self, path: Sequence[int]) -> Tuple[int, ...]:
        loc = self.comments.by_path.get(tuple(path))
        return tuple(loc.span[:2]) if loc else (0, 0)


def render(protoc: str) -> str:
    fds = descriptor_set(protoc)
    wanted = set(PROTO_FILES)
    return "".join(Writer(f).write() for f in fds.file if f.name in wanted)


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description="Generate docs/api.md.")
    parser.add_argument("--protoc", default="protoc", help="protoc binary")
    parser.add_argument(
        "--out", default=str(ROOT / "docs" / "api.md"), help="file to write"
    )
    parser.add_argument(
        "--check",
        metavar="COMMITTED",
        help="after writing, fail when COMMITTED differs from the output",
    )
    args = parser.parse_args(argv)

    text = render(args.protoc)
    out = pathlib.Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    if args.check is None:
        return 0
    committed_path = pathlib.Path(args.check)
    committed = (
        committed_path.read_text(encoding="utf-8") if committed_path.exists() else ""
    )
    if committed == text:
        return 0
    diff = difflib.unified_diff(
        committed.splitlines(keepends=True),
        text.splitlines(keepends=True),
        fromfile=str(committed_path),
        tofile="generated",
        n=1,
    )
    sys.stdout.writelines(list(diff)[:80])
    print(
        f"\n{committed_path} does not match proto/. Regenerate it from the "
        f"repository root with:\n  {REGENERATE}",
        file=sys.stderr,
    )
    return 1


if __name__ == "__main__":
    sys.exit(main())
