#!/usr/bin/env python3
"""Generates the low-level Python (cffi) and Java (JNA) layers from
include/yibao/*.h.

    python3 bindings/gen/generate.py            # rewrite the committed files
    python3 bindings/gen/generate.py --check    # exit 1 if they are stale
    python3 bindings/gen/generate.py --out DIR  # write under DIR instead

Python 3 standard library only. The parser (cheader.py) accepts only the
FFI-clean subset of C described in doc/conventions.md and stops with
file:line on anything else.
"""
from __future__ import annotations

import argparse
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from cheader import HeaderError, Model, parse_headers  # noqa: E402
import emit_java  # noqa: E402
import emit_python  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(HERE))


def check_umbrella(include_dir: str, model: Model) -> None:
    """Every public header must be reachable through yibao.h."""
    with open(os.path.join(include_dir, "yibao.h"), encoding="utf-8") as f:
        listed = set(re.findall(r"#\s*include\s*<yibao/(\w+\.h)>", f.read()))
    missing = [h for h in model.headers if h != "yibao.h" and h not in listed]
    if missing:
        raise HeaderError("include/yibao/yibao.h does not include: " + ", ".join(missing))


def outputs(include_dir: str) -> dict:
    """Relative path -> text of every generated file."""
    model = parse_headers(include_dir)
    check_umbrella(include_dir, model)
    files = {}
    files.update(emit_python.emit(model))
    files.update(emit_java.emit(model))
    return files


def stale(files: dict, root: str) -> list:
    """Paths whose committed text differs from files."""
    bad = []
    for rel, text in files.items():
        path = os.path.join(root, rel)
        try:
            with open(path, encoding="utf-8") as f:
                if f.read() == text:
                    continue
        except FileNotFoundError:
            pass
        bad.append(rel)
    return bad


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--include", default=os.path.join(ROOT, "include", "yibao"))
    ap.add_argument("--out", default=ROOT, help="root under which the files are written")
    ap.add_argument("--check", action="store_true", help="only compare with the files under --out")
    args = ap.parse_args(argv)
    try:
        files = outputs(args.include)
    except HeaderError as e:
        print("generate.py: error: %s" % e, file=sys.stderr)
        return 2
    if args.check:
        bad = stale(files, args.out)
        for rel in bad:
            print("stale: %s (run python3 bindings/gen/generate.py)" % rel, file=sys.stderr)
        return 1 if bad else 0
    for rel, text in files.items():
        path = os.path.join(args.out, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
    print("generated %d files from %s" % (len(files), args.include))
    return 0


if __name__ == "__main__":
    sys.exit(main())
