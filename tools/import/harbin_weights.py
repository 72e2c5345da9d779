#!/usr/bin/env python3
"""Imports the Harbin (哈尔滨) DRG relative weights and base rates into
drg-book packs for libyibao's points module.

Source: ../shared/data/harbin_drg_weights/ (DamageControlStudio/CHS-DRG @3bf7813
`static/`, MIT licence). For each year that has both weights and base rates
(2023, 2024) this writes packs/harbin-drg-<year>/ with

  weights.csv   drg,weight,name — the source rows unchanged, in source order
  pack.json     kind drg-book, method drg_rate, base rates per insurance type
  SOURCE.md     provenance and what was transformed
  LICENSE.MIT.txt  the upstream licence

2022 has weights but no base rates in the source, so no rate book is made for it.

Usage: tools/import/harbin_weights.py [SOURCE_DIR] [PACKS_DIR]
Rerunnable; the output is byte-for-byte deterministic.
"""
import os
import re
import shutil
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import packlib as P  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))

def default_source():
    """../shared/data/harbin_drg_weights next to the repository (or next to its worktree folder)."""
    for up in ("..", os.path.join("..", "..")):
        d = os.path.normpath(os.path.join(ROOT, up, "shared", "data", "harbin_drg_weights"))
        if os.path.isdir(d):
            return d
    sys.exit("cannot find ../shared/data/harbin_drg_weights; pass SOURCE_DIR")


UPSTREAM = "DamageControlStudio/CHS-DRG @3bf7813 (static/)"
INSURANCE = {"职工": "employee", "居民": "resident"}
CODE = re.compile(r"^[A-Z]{2}[0-9A-Z]{2}$")
WEIGHT = re.compile(r"^[0-9]+(\.[0-9]{1,4})?$")
RATE = re.compile(r"^[0-9]+(\.[0-9]{1,2})?$")


def read_weights(path):
    rows, seen = [], set()
    for i, r in enumerate(P.read_csv(path), start=2):
        drg, weight, name = r["drg"].strip(), r["weight"].strip(), (r.get("name") or "").strip()
        if not CODE.match(drg) or not WEIGHT.match(weight):
            sys.exit(f"{path}:{i}: unexpected row {r}")
        if drg in seen:
            sys.exit(f"{path}:{i}: DRG {drg} twice")
        seen.add(drg)
        rows.append([drg, weight, name])
    return rows


def read_rates(path):
    rates = {}
    for i, r in enumerate(P.read_csv(path), start=2):
        kind = INSURANCE.get(r["insurance_type"].strip())
        rate = r["base_rate_yuan"].strip()
        if not kind or not RATE.match(rate):
            sys.exit(f"{path}:{i}: unexpected row {r}")
        rates[kind] = rate
    if set(rates) != {"employee", "resident"}:
        sys.exit(f"{path}: need base rates for 职工 and 居民")
    return rates


SOURCE_MD = """# Harbin DRG {year} (drg-book)

- **What**: Harbin (哈尔滨) DRG relative weights ({n} DRGs, local codes such as `AB19`) and the {year} base
  rates (费率) per insurance type: 职工 (employees) {employee} yuan, 居民 (residents) {resident} yuan.
- **Source**: `../shared/data/harbin_drg_weights/` — `weights_{year}.csv` (sha256 {w_sha}) and
  `base_rates_{year}.csv` (sha256 {r_sha}), taken from {upstream}.
- **Licence**: MIT (`LICENSE.MIT.txt`, copied unchanged).
- **Transformation** (tools/import/harbin_weights.py): `weights.csv` holds the source rows unchanged and in
  source order (`drg,weight,name`; weights keep their published decimals, 2 to 4); the base rates become the
  parameters `rate.employee` and `rate.resident`. Nothing else is taken from the source.
{note}
- **What the source does not give**: hospital coefficients, outlier thresholds, the treatment of ungrouped
  cases and the clearing rules of Harbin. This book therefore lists no hospitals (every hospital has
  coefficient 1), turns the outlier rules off (`outlier.enabled: false`) and rejects ungrouped cases. A local
  overlay pack (`"base": "../harbin-drg-{year}"`) adds them from the city's policy documents.
- Payment of a case under this book: RW × base rate of the case's insurance type, rounded to fen
  (doc/points.md).
"""


def make_pack(src, packs, year):
    wpath = os.path.join(src, f"weights_{year}.csv")
    rpath = os.path.join(src, f"base_rates_{year}.csv")
    weights = read_weights(wpath)
    rates = read_rates(rpath)
    out = os.path.join(packs, f"harbin-drg-{year}")
    os.makedirs(out, exist_ok=True)
    table = P.write_table(out, "weights.csv", ["drg", "weight", "name"], weights,
                          f"Harbin DRG relative weights {year}")
    manifest = {
        "format": "yibao-pack/1",
        "kind": "drg-book",
        "name": "Harbin DRG",
        "version": str(year),
        "region": "harbin",
        "valid_from": f"{year}-01-01",
        "valid_to": f"{year}-12-31",
        "tables": {"weights": table},
        "parameters": {
            "method": "drg_rate",
            "pools": "by_insurance",
            "point_value": {"decimals": 2},
            "rate": {"employee": rates["employee"], "resident": rates["resident"]},
            "outlier": {"enabled": False},
            "ungrouped": {"rule": "reject"},
        },
        "source": f"Harbin DRG weights and base rates {year}, {UPSTREAM}",
        "licence": "MIT",
        "description": f"Harbin DRG rate book {year}: RW × base rate per insurance type",
    }
    P.write_json(os.path.join(out, "pack.json"), manifest)
    note = ""
    if year == 2023:
        note = ("- **Note**: the source's weights for 2023 and 2024 are identical files; only the base rates "
                "differ.\n")
    else:
        note = ("- **Note**: the source's 2024 weights file is identical to its 2023 file; the 2024 base rates "
                "differ.\n")
    P.write_text(os.path.join(out, "SOURCE.md"), SOURCE_MD.format(
        year=year, n=len(weights), employee=rates["employee"], resident=rates["resident"],
        w_sha=P.sha256_file(wpath), r_sha=P.sha256_file(rpath), upstream=UPSTREAM, note=note.rstrip("\n")))
    shutil.copyfile(os.path.join(src, "LICENSE.MIT.txt"), os.path.join(out, "LICENSE.MIT.txt"))
    print(f"{out}: {len(weights)} DRGs, rates {rates}")


def main():
    src = sys.argv[1] if len(sys.argv) > 1 else default_source()
    packs = sys.argv[2] if len(sys.argv) > 2 else os.path.join(ROOT, "packs")
    for year in (2023, 2024):
        make_pack(src, packs, year)


if __name__ == "__main__":
    main()
