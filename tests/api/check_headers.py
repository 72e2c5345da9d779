#!/usr/bin/env python3
"""Compiles every public header alone, as C11 and as C++11, with warnings as
errors, so each header includes what it needs and is usable from C++.
Prints TAP."""
import os
import subprocess
import sys
import tempfile

include_dir, cc, cxx = sys.argv[1], sys.argv[2], sys.argv[3]
headers = sorted(h for h in os.listdir(os.path.join(include_dir, "yibao")) if h.endswith(".h"))
checks = [(h, lang) for h in headers for lang in ("c11", "c++11")]
print(f"1..{len(checks)}")
failed = 0
with tempfile.TemporaryDirectory() as tmp:
    for i, (h, lang) in enumerate(checks, 1):
        ext = "c" if lang == "c11" else "cpp"
        src = os.path.join(tmp, f"t.{ext}")
        with open(src, "w") as f:
            # Included twice: the include guard must work.
            f.write(f"#include <yibao/{h}>\n#include <yibao/{h}>\nint main(void) {{ return 0; }}\n")
        compiler = cc if lang == "c11" else cxx
        cmd = [compiler, f"-std={lang}", "-Wall", "-Wextra", "-Wpedantic", "-Werror", "-fsyntax-only",
               "-I", include_dir, src]
        r = subprocess.run(cmd, capture_output=True, text=True)
        if r.returncode == 0:
            print(f"ok {i} - {h} as {lang}")
        else:
            failed += 1
            print(f"not ok {i} - {h} as {lang}")
            for line in r.stderr.splitlines():
                print(f"# {line}")
sys.exit(1 if failed else 0)
