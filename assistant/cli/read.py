"""`spinemets read FILE... [--format text|json|jsonl|yaml]`: read referral texts into case
findings (contract: ../shared/contract/READING.md).

`FILE` is a text file, or `-` for standard input. A `.jsonl` (or `.ndjson`) file holds one
`{"id": ..., "text": ...}` object per line; each is read in order, and a bad line gives one
error line (and a message on stderr) while the others are still read. A file that cannot
be read, or is not UTF-8, is named on stderr; the exit status is then 2.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

FORMATS = ("text", "json", "jsonl", "yaml")
JSONL_SUFFIXES = (".jsonl", ".ndjson")


def add_read_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Add the `read` subcommand to an argparse subparsers object."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "read", help="read referral texts into case findings",
        description="Read referral texts (a file, or - for standard input) into the case "
                    "fields they state, each with its words.")
    _arguments(parser)
    return parser


def _arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="+", metavar="FILE",
                        help="a text file, a .jsonl file of {id, text} lines, or - for stdin")
    parser.add_argument("--format", dest="fmt", choices=FORMATS, default="text",
                        help="output format (default: text)")


class _Item:
    def __init__(self, name: str, ident: str | None, text: str | None, error: str = "") -> None:
        self.name, self.id, self.text, self.error = name, ident, text, error


def _decode(data: bytes) -> str:
    text = data.decode("utf-8")
    return text[1:] if text.startswith("\ufeff") else text


def _items(name: str, stdin: TextIO) -> Iterator[_Item]:
    try:
        if name == "-":
            buffer = getattr(stdin, "buffer", None)
            data = buffer.read() if buffer is not None else stdin.read().encode("utf-8",
                                                                                "surrogateescape")
        else:
            data = Path(name).read_bytes()
    except OSError as exc:
        yield _Item(name, None, None, f"cannot read the file: {exc.strerror or exc}")
        return
    except UnicodeError:
        yield _Item(name, None, None, "not UTF-8 text (save it as UTF-8)")
        return
    if name != "-" and name.lower().endswith(JSONL_SUFFIXES):
        yield from _jsonl(name, data)
        return
    try:
        text = _decode(data)
    except UnicodeDecodeError as exc:
        yield _Item(name, None, None, f"not UTF-8 text: byte 0x{data[exc.start]:02X} at "
                                      f"offset {exc.start} (save it as UTF-8)")
        return
    yield _Item(name, None if name == "-" else Path(name).stem, text)


def _jsonl(name: str, data: bytes) -> Iterator[_Item]:
    for number, raw in enumerate(data.split(b"\n"), start=1):
        if not raw.strip():
            continue
        where = f"{name}, line {number}"
        try:
            obj = json.loads(_decode(raw))
        except UnicodeDecodeError:
            yield _Item(where, None, None, "not UTF-8 text (save it as UTF-8)")
            continue
        except ValueError as exc:
            yield _Item(where, None, None, f"not a JSON object: {exc}")
            continue
        if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
            ident = obj.get("id") if isinstance(obj, dict) else None
            yield _Item(where, None if ident is None else str(ident), None,
                        'expected {"id": ..., "text": "..."} with a text string')
            continue
        ident = obj.get("id")
        yield _Item(where, None if ident is None else str(ident), obj["text"])


def run_read(files: list[str], fmt: str, stdout: TextIO, stderr: TextIO,
             stdin: TextIO | None = None) -> int:
    """Read each file and write the readings; 0 when all were read, 2 when any could not be."""
    from dialogs.reading import read
    from dialogs.reading.validate import case_problems

    stdin = stdin if stdin is not None else sys.stdin
    status = 0
    objects: list[dict[str, Any]] = []
    texts: list[tuple[_Item, Any]] = []
    for name in files:
        for item in _items(name, stdin):
            if item.text is None:
                status = 2
                print(f"spinemets read: {item.name}: {item.error}", file=stderr)
                obj: dict[str, Any] = {"error": f"{item.name}: {item.error}"}
                if item.id is not None:
                    obj = {"id": item.id, **obj}
                if fmt == "jsonl":
                    stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")
                objects.append(obj)
                continue
            try:
                reading = read(item.text, id=item.id)
            except Exception as exc:
                status = 2
                print(f"spinemets read: {item.name}: could not be read ({type(exc).__name__})",
                      file=stderr)
                obj = {"id": item.id, "error": f"{item.name}: could not be read"}
                if fmt == "jsonl":
                    stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")
                objects.append(obj)
                continue
            obj = reading.to_dict()
            for problem in case_problems(obj["case"]):
                print(f"spinemets read: {item.name}: internal check: {problem}", file=stderr)
            if fmt == "jsonl":
                stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")
            objects.append(obj)
            texts.append((item, reading))
    if fmt == "json":
        shown = objects[0] if len(objects) == 1 else objects
        stdout.write(json.dumps(shown, ensure_ascii=False, indent=2) + "\n")
    elif fmt == "yaml":
        import yaml

        stdout.write(yaml.safe_dump_all(objects, sort_keys=False, allow_unicode=True))
    elif fmt == "text":
        for item, reading in texts:
            stdout.write(_text(item, reading))
    return status


def _text(item: _Item, reading: Any) -> str:
    """A reading for a person: each finding in words with the words it came from, what was
    left unknown and why, then the first questions still to ask (all from dialogs)."""
    from dialogs.referral import asked_first_unanswered, reading_words

    lines = [f"Reading of {item.name}" + (f" ({item.id})" if item.id and item.id != Path(
        item.name).stem else ""), "", *reading_words(reading)]
    ask = asked_first_unanswered(lambda field: reading.value(field) is not None)
    if ask:
        lines += ["", "Still to ask first: " + ", ".join(ask)]
    return "\n".join(lines) + "\n\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="spinemets read", description=__doc__.split("\n\n")[0])
    _arguments(parser)
    args = parser.parse_args(argv)
    return run_read(args.files, args.fmt, sys.stdout, sys.stderr, sys.stdin)


if __name__ == "__main__":
    sys.exit(main())
