"""Writing yibao packs for the points module (shared by harbin_weights.py and
sample_points.py): CSV tables with a stable byte layout, and pack.json with
each table's sha256 checksum and row count. Standard library only;
deterministic output (same input, same bytes)."""
import csv
import hashlib
import io
import json
import os


def write_table(pack_dir, file_name, header, rows):
    """Writes a UTF-8 CSV (LF line ends, minimal quoting); returns its manifest entry."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    for r in rows:
        w.writerow(r)
    data = buf.getvalue().encode("utf-8")
    with open(os.path.join(pack_dir, file_name), "wb") as f:
        f.write(data)
    return {"file": file_name, "checksum": "sha256:" + hashlib.sha256(data).hexdigest(), "rows": len(rows)}


def write_manifest(pack_dir, manifest):
    """Writes pack.json with keys in a fixed order and two-space indentation."""
    text = json.dumps(manifest, ensure_ascii=False, indent=2) + "\n"
    with open(os.path.join(pack_dir, "pack.json"), "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def write_text(pack_dir, name, text):
    with open(os.path.join(pack_dir, name), "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
