#!/usr/bin/env python3
"""The command line on damaged input files: `yibao group` (the 30 published
CHS-DRG 1.1 cases), `yibao benefit` (examples/benefit), `yibao points`
(a small grouped-case file) and `yibao capitation` (the example ledger), each fed copies with one field of one row
replaced by junk, nothing, a negative, a huge or an over-long value, invalid
UTF-8, an unbalanced quote, a line break, an extra field, or a row cut short.

Every run must end normally — exit status 0 (the damage became a row
status) or 1 (the file was refused, with a message naming it) — never by a
signal or a sanitizer report. When a run succeeds, nothing is lost: `group`
writes one row per input case and `points` one per grouped case, and
`benefit` one settlement row per claim id of the input; `capitation` refuses
a ledger with a bad row as a whole (a clearing on part of the ledger would
be wrong), with the file named. The damage is drawn from a fixed seed.

    check_cli_damage.py YIBAO_EXE SOURCE_ROOT SCRATCH_DIR      (prints TAP)
"""
import csv
import io
import os
import random
import shutil
import subprocess
import sys

EXE, SRC, TMP = os.path.abspath(sys.argv[1]), sys.argv[2], sys.argv[3]
shutil.rmtree(TMP, ignore_errors=True)
os.makedirs(TMP)
ROUNDS = int(os.environ.get("YB_CLI_DAMAGE_ROUNDS", "24"))

POINTS_INPUT = ("id,hospital,insurance,group,cost,self_pay_in_scope,month,subtype,los_days\n"
                "c1,H01,1,K35.8:47.0100,10377.10,1500.00,1,,5\n"
                "c2,H02,employee,I63.9,5000.00,500,3,CCI1,9\n"
                "c3,H07,2,J18.9,6000,0,6,,1\n"
                "c4,H05,1,A09.9,2500.00,100.00,7,,3\n").encode()

DAMAGE = [
    ("junk", lambda v, r: b"x!"),
    ("empty", lambda v, r: b""),
    ("negative", lambda v, r: b"-1"),
    ("huge", lambda v, r: b"99999999999999999999"),
    ("long", lambda v, r: b"A" * 5000),
    ("bad UTF-8", lambda v, r: b"\xff\xfe" + v),
    ("unbalanced quote", lambda v, r: b'"' + v),
    ("line break", lambda v, r: b'"' + v + b'\nZ"'),
    ("full-width", lambda v, r: "Ａ１".encode()),
    ("fraction", lambda v, r: b"1.23456789"),
]


def damage(data, rng):
    """One field of one data row damaged (or an extra field, or the row cut)."""
    lines = data.split(b"\n")
    k = rng.randrange(1, len([l for l in lines if l]))
    fields = lines[k].split(b",")
    f = rng.randrange(len(fields))
    pick = rng.randrange(len(DAMAGE) + 2)
    if pick == len(DAMAGE):
        lines[k] += b",extra"
        what = "extra field on line %d" % (k + 1)
    elif pick == len(DAMAGE) + 1:
        lines[k] = b",".join(fields[:max(1, f)])
        what = "line %d cut after field %d" % (k + 1, max(1, f))
    else:
        name, fn = DAMAGE[pick]
        fields[f] = fn(fields[f], rng)
        lines[k] = b",".join(fields)
        what = "%s in line %d field %d" % (name, k + 1, f + 1)
    return b"\n".join(lines), what


def read_rows(path):
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def data_rows(data):
    """The rows the library's reader would see (RFC 4180), when the damage left them valid UTF-8."""
    try:
        return list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")))
    except (UnicodeDecodeError, csv.Error):
        return None


def run_group(inp, out):
    return [EXE, "group", "--scheme", os.path.join(SRC, "packs", "chs-drg-1.1"), "--input", inp, "--output", out]


def run_points(inp, out):
    return [EXE, "points", "--book", os.path.join(SRC, "packs", "sample-points"), "--input", inp,
            "--output-cases", out, "--output-hospitals", out + ".hosp"]


def run_benefit(inp, out):
    return [EXE, "benefit", "--policy", os.path.join(SRC, "packs", "sample-benefit"), "--claims", inp,
            "--accounts", os.path.join(SRC, "examples", "benefit", "accounts.csv"), "--output", out]


def run_capitation(inp, out):
    data = os.path.join(SRC, "examples", "data", "capitation")
    return [EXE, "capitation", "--plan", os.path.join(SRC, "packs", "sample-capitation"), "--ledger", inp,
            "--scores", os.path.join(data, "scores-2024.csv"), "--output", out]


def capitation_complete(rows_in, rows_out):
    return len(rows_out) > 0  # a clearing is written; a bad ledger row refuses the whole ledger (exit 1)


def one_row_each(rows_in, rows_out):
    return len(rows_out) == len(rows_in)


def benefit_complete(rows_in, rows_out):
    # an id over 63 bytes is refused and reported under its first 63
    ids_in = {(r.get("claim_id") or "")[:63] for r in rows_in}
    ids_out = {r.get("claim_id") for r in rows_out}
    return ids_in <= ids_out


TOOLS = [
    ("group", open(os.path.join(SRC, "tests", "grouping", "data", "fixture_cases.csv"), "rb").read(), run_group,
     one_row_each),
    ("points", POINTS_INPUT, run_points, one_row_each),
    ("benefit", open(os.path.join(SRC, "examples", "benefit", "claims.csv"), "rb").read(), run_benefit,
     benefit_complete),
    ("capitation", open(os.path.join(SRC, "examples", "data", "capitation", "ledger-2024.csv"), "rb").read(),
     run_capitation, capitation_complete),
]

results = []
rng = random.Random(20241122)
for tool, original, command, complete in TOOLS:
    for r in range(ROUNDS):
        data, what = damage(original, rng)
        inp = os.path.join(TMP, "%s-%d.csv" % (tool, r))
        out = os.path.join(TMP, "%s-%d.out.csv" % (tool, r))
        with open(inp, "wb") as fh:
            fh.write(data)
        p = subprocess.run(command(inp, out), capture_output=True, timeout=300)
        err = p.stderr.decode("utf-8", "replace")
        ok, detail = True, ""
        if p.returncode not in (0, 1) or "Sanitizer" in err or "runtime error" in err:
            ok, detail = False, "exit status %d: %s" % (p.returncode, err[-1500:])
        elif p.returncode == 1 and os.path.basename(inp) not in err:
            ok, detail = False, "refused without naming the file: " + err[-500:]
        elif p.returncode == 0:
            rows_in = data_rows(data)
            if rows_in is not None and not complete(rows_in, read_rows(out)):
                ok, detail = False, "rows lost: %d in, %d out" % (len(rows_in), len(read_rows(out)))
        results.append(("yibao %s, %s: exit %d" % (tool, what, p.returncode), ok, detail))

print("1..%d" % len(results))
for i, (name, ok, detail) in enumerate(results, 1):
    print("%s %d - %s" % ("ok" if ok else "not ok", i, name))
    if not ok:
        for line in detail.splitlines()[:20]:
            print("# " + line)
