#!/usr/bin/env python3
"""Rewrites the checksums and row counts of every table in a pack's
pack.json (for hand-edited packs such as packs/sample-benefit).

Usage: tools/benefit/refresh_checksums.py PACK_DIR

Standard library only; deterministic (keys keep their order, two-space
indentation, UTF-8, trailing newline). Rerun after editing any table."""
import csv
import hashlib
import json
import os
import sys


def main(argv):
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    pack = argv[1]
    path = os.path.join(pack, "pack.json")
    with open(path, encoding="utf-8") as f:
        manifest = json.load(f)
    for name, table in manifest["tables"].items():
        file = os.path.join(pack, table["file"])
        with open(file, "rb") as f:
            data = f.read()
        table["checksum"] = "sha256:" + hashlib.sha256(data).hexdigest()
        with open(file, encoding="utf-8", newline="") as f:
            table["rows"] = sum(1 for _ in csv.reader(f)) - 1
    with open(path, "w", encoding="utf-8") as f:
        json.dump(manifest, f, ensure_ascii=False, indent=2)
        f.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
