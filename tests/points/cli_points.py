#!/usr/bin/env python3
"""`yibao points` end to end on the sample book: per-case values worked by hand,
bad rows kept with their status, one row per hospital, exact conservation.
Usage: cli_points.py YIBAO_EXE SOURCE_ROOT SCRATCH_DIR (prints TAP)."""
import csv
import os
import subprocess
import sys

exe, src, tmp = sys.argv[1], sys.argv[2], sys.argv[3]
os.makedirs(tmp, exist_ok=True)
inp, cases_out, hosp_out = (os.path.join(tmp, f) for f in ("grouped.csv", "cases_out.csv", "hosp_out.csv"))
with open(inp, "w", encoding="utf-8", newline="") as f:
    f.write("id,hospital,insurance,group,cost,self_pay_in_scope,month,subtype,los_days,extra\n"
            "c1,H01,1,K35.8:47.0100,10377.10,1500.00,1,,5,x\n"
            "c2,H16,居民,K35.8:47.0100,3000.00,600.00,202402,,3,x\n"
            "c3,H02,employee,I63.9,5000.00,500,2024-03,CCI1,9,x\n"
            "c4,H99,1,K35.8:47.0100,100,0,5,,1,x\n"
            "c5,H05,1,A09.9,abc,0,5,,1,x\n"
            "\"c6,quoted\",H06,2,J18.9,6000,7000,6,,1,x\n"
            "c7,H07,3,J18.9,6000,0,6,,1,x\n")

tests = []


def check(name, ok, detail=""):
    tests.append((name, ok, detail))


run = subprocess.run([exe, "points", "--book", os.path.join(src, "packs", "sample-points"), "--input", inp,
                      "--output-cases", cases_out, "--output-hospitals", hosp_out,
                      "--fund-budget", "employee=60000", "--fund-budget", "resident=10000"],
                     capture_output=True, text=True)
check("exit status 0", run.returncode == 0, run.stderr)
rows = {r["id"]: r for r in csv.DictReader(open(cases_out, encoding="utf-8"))}
check("every input row is in the output", len(rows) == 7, str(list(rows)))
c1 = rows.get("c1", {})
# H01: 1.0 + (1.05 − 1.0) × 0.1 = 1.005; 1012.4 × 1.005 = 1017.462 points; × 10.25 = 10428.9855 → 10428.99;
# fund due 10428.99 − 1500.00 = 8928.99
check("c1 points", c1.get("points") == "1017.4620", c1.get("points"))
check("c1 payment", c1.get("payment") == "10428.99", c1.get("payment"))
check("c1 fund due", c1.get("fund_due") == "8928.99", c1.get("fund_due"))
# H16 level 1: standard round4(1012.4 × 0.7) = 708.68 × 9.60 = 6803.33; 3000 < 3401.665 → low;
# ratio 3000 ÷ 6803.328 … computed on the rounded standard 6803.33: 0.440961…→ 0.440961
c2 = rows.get("c2", {})
check("c2 low case", c2.get("kind") == "low" and c2.get("cost_ratio") == "0.440961", str(c2))
# I63.9 with CCI1 ("*" row 1.05) at H02 (1 + (1.11 − 1) × 0.1 + (0.32 − 0.30) × 0.1 = 1.013):
# standard 962.7 × 10.25 = 9867.675 → 9867.68; 5000 ≥ 4933.84 → normal;
# points 962.7 × 1.013 = 975.2151, × 1.05 = 1023.975855 → 1023.9759
c3 = rows.get("c3", {})
check("c3 subtype", c3.get("subtype_coefficient") == "1.050000" and c3.get("points") == "1023.9759", str(c3))
check("c4 unknown hospital", rows.get("c4", {}).get("status") == "YB_E_ROW_HOSPITAL")
check("c5 bad cost names the field", rows.get("c5", {}).get("status") == "YB_E_ROW_COST" and
      "cost" in rows.get("c5", {}).get("message", ""), str(rows.get("c5")))
check("c6 self pay above cost", rows.get("c6,quoted", {}).get("status") == "YB_E_ROW_SELF_PAY")
check("c7 insurance 3", rows.get("c7", {}).get("status") == "YB_E_ROW_INSURANCE")
hosp = list(csv.DictReader(open(hosp_out, encoding="utf-8")))
check("one row per hospital", len(hosp) == 30, str(len(hosp)))
review = [l for l in run.stdout.splitlines() if l.startswith("conservation")]
check("two exact conservation lines", len(review) == 2 and all(l.endswith("exact") for l in review), run.stdout)
check("summary counts", "cases 7 good 3 bad 4" in run.stdout, run.stdout)
bad = subprocess.run([exe, "points", "--book", os.path.join(src, "packs", "sample-points"), "--input", inp,
                      "--output-cases", cases_out, "--output-hospitals", hosp_out, "--fund-budget", "60000"],
                     capture_output=True, text=True)
check("a bare fund budget is refused for a two-pool book", bad.returncode != 0 and "employee=" in bad.stderr,
      bad.stderr)
missing = subprocess.run([exe, "points", "--book", "/nonexistent", "--input", inp, "--output-cases", cases_out,
                          "--output-hospitals", hosp_out], capture_output=True, text=True)
check("a missing book is a clear error", missing.returncode == 1 and "/nonexistent" in missing.stderr,
      missing.stderr)

print(f"1..{len(tests)}")
for i, (name, ok, detail) in enumerate(tests, 1):
    print(f"{'ok' if ok else 'not ok'} {i} - {name}")
    if not ok and detail:
        for line in str(detail).splitlines():
            print(f"# {line}")
sys.exit(0 if all(ok for _, ok, _ in tests) else 1)
