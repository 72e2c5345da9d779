#!/usr/bin/env python3
"""`yibao region generate`: the same pack and seed give byte-identical files,
another seed gives other data, and a region pack with a bad value is refused
with a message naming the file, line, column and value.
Usage: generate_test.py YIBAO_EXE SOURCE_ROOT SCRATCH_DIR [REGION] (prints TAP);
REGION defaults to the tiny test region (the slow suite passes packs/sample-region)."""
import hashlib
import json
import os
import shutil
import subprocess
import sys

exe, src, tmp = sys.argv[1], sys.argv[2], sys.argv[3]
region = sys.argv[4] if len(sys.argv) > 4 else os.path.join(src, "tests", "region", "data", "tiny-region")
region = os.path.join(src, region) if not os.path.isabs(region) else region
shutil.rmtree(tmp, ignore_errors=True)
os.makedirs(tmp)
FILES = ("members.csv", "cases.csv", "claims.csv", "claim_lines.csv")
tests = []


def check(name, ok, detail=""):
    tests.append((name, bool(ok), detail))


def generate(out, *extra, pack=None):
    return subprocess.run([exe, "region", "generate", "--region", pack or region, "--out", out] + list(extra),
                          capture_output=True, text=True)


def digests(d):
    out = {}
    for f in FILES:
        with open(os.path.join(d, f), "rb") as fh:
            out[f] = hashlib.sha256(fh.read()).hexdigest()
    return out


a, b, c = (os.path.join(tmp, x) for x in ("a", "b", "c"))
ra, rb = generate(a), generate(b)
check("generation succeeds", ra.returncode == 0 and rb.returncode == 0, ra.stderr + rb.stderr)
if ra.returncode == 0 and rb.returncode == 0:
    da, db = digests(a), digests(b)
    for f in FILES:
        check("same seed, same bytes: " + f, da[f] == db[f], "%s %s" % (da[f], db[f]))
    rc = generate(c, "--seed", "8")
    check("another seed generates", rc.returncode == 0, rc.stderr)
    if rc.returncode == 0:
        dc = digests(c)
        for f in FILES:
            check("another seed, other data: " + f, dc[f] != da[f])

if len(sys.argv) <= 4:
    # bad input: a copy of the pack with one broken value (and the right checksum)
    bad = os.path.join(tmp, "bad-region")
    shutil.copytree(region, bad)
    man = json.load(open(os.path.join(bad, "pack.json"), encoding="utf-8"))
    man["parameters"]["packs"] = {k: os.path.normpath(os.path.join(region, v)) for k, v in
                                  man["parameters"]["packs"].items()}

    def rewrite(table_file, old, new, params_patch=None):
        m = json.loads(json.dumps(man))
        for f in os.listdir(region):  # every other table as it was
            if f.endswith(".csv"):
                shutil.copyfile(os.path.join(region, f), os.path.join(bad, f))
        path = os.path.join(bad, table_file)
        orig = open(os.path.join(region, table_file), encoding="utf-8").read()
        data = orig.replace(old, new, 1).encode("utf-8")
        open(path, "wb").write(data)
        name = table_file[:-4]
        m["tables"][name]["checksum"] = "sha256:" + hashlib.sha256(data).hexdigest()
        if params_patch:
            params_patch(m["parameters"])
        json.dump(m, open(os.path.join(bad, "pack.json"), "w", encoding="utf-8"), ensure_ascii=False, indent=2)

    rewrite("mdc_mix.csv", "MDCB,0.090", "MDCB,zero")
    r = generate(os.path.join(tmp, "x"), pack=bad)
    check("a bad number is refused, naming file, line, column and value",
          r.returncode == 1 and "mdc_mix.csv:3:" in r.stderr and "share" in r.stderr and
          "zero" in r.stderr, r.stderr)
    rewrite("claim_items.csv", "drug_c,D.V06DX.SUPP", "drug_c,D.NOT.IN.CATALOGUE")
    r = generate(os.path.join(tmp, "x"), pack=bad)
    check("a claim item missing from the benefit catalogue is refused",
          r.returncode == 1 and "D.NOT.IN.CATALOGUE" in r.stderr, r.stderr)
    rewrite("years.csv", "2021", "2021", lambda p: p["case"].update({"zipff": "1.3"}))
    r = generate(os.path.join(tmp, "x"), pack=bad)
    check("a misspelt parameter is refused", r.returncode == 1 and "zipff" in r.stderr, r.stderr)
    rewrite("years.csv", "2021", "2021", lambda p: p["packs"].update({"drg": "/nonexistent/chs-drg"}))
    r = generate(os.path.join(tmp, "x"), pack=bad)
    check("a missing component pack is named", r.returncode == 1 and "/nonexistent/chs-drg" in r.stderr, r.stderr)
    rewrite("hospitals.csv", "H06,县人民医院,2,500,0.980,1,county", "H06,县人民医院,2,500,0.980,1,")
    r = generate(os.path.join(tmp, "x"), pack=bad)
    check("an alliance hospital without a tier is refused", r.returncode == 1 and "hospitals.csv" in r.stderr and
          "tier" in r.stderr, r.stderr)

for i, (name, ok, detail) in enumerate(tests, 1):
    print(("ok" if ok else "not ok"), i, "-", name)
    if not ok and detail:
        for line in str(detail).splitlines()[:20]:
            print("#", line)
print("1..%d" % len(tests))
