#!/usr/bin/env python3
"""The exported ABI agrees in three places: YB_API declarations in the public
headers, the version script lib/libyibao.map, and the dynamic symbols of the
built shared library; and only yb_* symbols are exported. Prints TAP."""
import os
import re
import subprocess
import sys

include_dir, map_file, shlib = sys.argv[1], sys.argv[2], sys.argv[3]

declared = set()
for name in sorted(os.listdir(os.path.join(include_dir, "yibao"))):
    if not name.endswith(".h"):
        continue
    text = open(os.path.join(include_dir, "yibao", name), encoding="utf-8").read()
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
    text = re.sub(r"^\s*#.*$", " ", text, flags=re.M)  # preprocessor lines (the YB_API definition)
    for m in re.finditer(r"\bYB_API\b[^;(]*?\b([A-Za-z_][A-Za-z0-9_]*)\s*\(", text):
        declared.add(m.group(1))

mapped, nodes = set(), []
map_text = re.sub(r"/\*.*?\*/", " ", open(map_file, encoding="utf-8").read(), flags=re.S)
for node in re.finditer(r"([\w.]+)\s*\{\s*global:(.*?)local:\s*\*\s*;\s*\}\s*;", map_text, flags=re.S):
    nodes.append(node.group(1))
    for sym in re.findall(r"([A-Za-z_][A-Za-z0-9_]*)\s*;", node.group(2)):
        mapped.add(sym)

out = subprocess.run(["nm", "-D", "--defined-only", shlib], capture_output=True, text=True, check=True).stdout
exported = set()
for line in out.splitlines():
    parts = line.split()
    if len(parts) == 3 and parts[1] in ("T", "D", "B", "R", "W"):
        exported.add(parts[2].split("@")[0])

checks = []
def check(desc, missing):
    checks.append((desc, sorted(missing)))

check("every YB_API function is in the version script", declared - mapped)
check("every version-script symbol is declared YB_API in a header", mapped - declared)
check("every declared symbol is exported by the shared library", declared - exported)
check("the shared library exports nothing undeclared", exported - declared)
check("only yb_* symbols are exported", {s for s in exported if not s.startswith("yb_")})
check("the version script has one node per release, named LIBYIBAO_<major>.<minor>",
      {n for n in nodes if not re.fullmatch(r"LIBYIBAO_\d+\.\d+", n)} | (set() if nodes else {"(no node)"}))

print(f"1..{len(checks)}")
bad = 0
for i, (desc, missing) in enumerate(checks, 1):
    if missing:
        bad += 1
        print(f"not ok {i} - {desc}")
        print(f"# offending: {', '.join(missing)}")
    else:
        print(f"ok {i} - {desc}")
print(f"# {len(declared)} symbols declared, {len(exported)} exported")
sys.exit(1 if bad else 0)
