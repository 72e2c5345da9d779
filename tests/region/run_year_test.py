#!/usr/bin/env python3
"""`yibao run-year` end to end on the tiny test region (2 000 members): every
report file is written, every conservation line holds, and the main figures
are recomputed here, independently, from the report's own CSV tables and the
packs' published parameters with exact decimal arithmetic:
- settlement point value = (fund for points ÷ ratio) ÷ Σ points of the cases;
- budget point value = Σ w·cost ÷ Σ w·points over the history, w = 1:2:7;
- the fund budget by expenditure items, and the settlement ratio;
- hospital payments = Σ monthly advances + year-end balances;
- the alliance's capitation pot from the plan's formula (doc/capitation.md);
- the alliance's enrollees match the plan's population bands.
Usage: run_year_test.py YIBAO_EXE SOURCE_ROOT SCRATCH_DIR (prints TAP)."""
import csv
import json
import os
import shutil
import subprocess
import sys
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

exe, src, tmp = sys.argv[1], sys.argv[2], sys.argv[3]
shutil.rmtree(tmp, ignore_errors=True)
os.makedirs(tmp, exist_ok=True)
region = os.path.join(src, "tests", "region", "data", "tiny-region")
out = os.path.join(tmp, "report")
tests = []


def check(name, ok, detail=""):
    tests.append((name, bool(ok), detail))


def rows(name):
    with open(os.path.join(out, name), encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def D(x):
    return Decimal(x)


def q(x, places):
    return x.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def qf(x, places):
    """An exact fraction rounded half up (away from zero) to `places` decimals."""
    scaled = Fraction(x) * 10 ** places
    n = (abs(scaled.numerator) * 2 + scaled.denominator) // (2 * scaled.denominator)
    return Decimal(n if scaled >= 0 else -n).scaleb(-places)


def params(pack_dir):
    """The flattened parameters of a pack and its bases (overlay wins)."""
    with open(os.path.join(pack_dir, "pack.json"), encoding="utf-8") as f:
        m = json.load(f)
    flat = {}
    base = m.get("base")
    if base:
        flat.update(params(os.path.normpath(os.path.join(pack_dir, base if isinstance(base, str) else base["path"]))))

    def walk(prefix, v):
        if isinstance(v, dict):
            for k, x in v.items():
                walk(prefix + k + ".", x)
        else:
            flat[prefix[:-1]] = v
    walk("", m.get("parameters", {}))
    return flat


run = subprocess.run([exe, "run-year", "--region", region, "--year", "2024", "--out", out],
                     capture_output=True, text=True)
check("exit status 0", run.returncode == 0, run.stderr[-2000:])
check("no progress line when stderr is not a terminal", "\r" not in run.stderr, repr(run.stderr[:200]))
check("conservation lines printed, all OK", run.stdout.count("\nOK ") >= 9 and "MISMATCH" not in run.stdout,
      run.stdout[-3000:])

files = ["index.html", "summary.txt", "conservation.csv", "fingerprints.csv", "hospitals.csv", "advances.csv",
         "point_values.csv", "history.csv", "cases_2024.csv", "drg_groups.csv", "benefit.csv",
         "capitation_months.csv", "capitation_clearing.csv", "capitation_ledger.csv", "data/members.csv",
         "data/cases.csv", "data/claims.csv", "data/claim_lines.csv", "dip-catalog/pack.json",
         "dip-catalog/scores.csv", "points-book/pack.json", "points-book/scores.csv", "points-book/subtypes.csv"]
missing = [f for f in files if not os.path.isfile(os.path.join(out, f)) or os.path.getsize(os.path.join(out, f)) == 0]
check("every report file exists and is not empty", not missing, str(missing))
if missing:
    for i, (name, ok, detail) in enumerate(tests, 1):
        print(("ok" if ok else "not ok"), i, "-", name)
    print("1..%d" % len(tests))
    sys.exit(1)

html = open(os.path.join(out, "index.html"), encoding="utf-8").read()
check("the HTML page is self-contained with its charts",
      html.count("<svg") >= 5 and "<script" not in html and "http://" not in html.replace(
          "http://www.w3.org/2000/svg", "") and "https://" not in html, "")

cons = rows("conservation.csv")
check("conservation.csv: every line OK and exact", len(cons) >= 9 and all(
    r["status"] == "OK" and r["lhs"] == r["rhs"] and D(r["difference"]) == 0 for r in cons), str(cons))

fps = rows("fingerprints.csv")
check("a fingerprint for every module's pack", len(fps) >= 9 and all(len(r["fingerprint"]) == 64 for r in fps),
      str(fps))

# ---- point values
book = params(os.path.join(out, "points-book"))
pv = {r["pool"]: r for r in rows("point_values.csv")}
cases = rows("cases_2024.csv")
for pool in ("employee", "resident"):
    r = pv[pool]
    ok_cases = [c for c in cases if c["pool"] == pool and c["status"] == "OK"]
    points = sum(D(c["points"]) for c in ok_cases)
    check(pool + ": Σ points of the cases = the pool's points", points == D(r["points"]), "%s %s" % (points, r["points"]))
    budget = D(r["fund_budget"])
    review = q(budget * D(book["special_review.pool_share"]), 2)
    check(pool + ": special-review pool = round(budget × share)", review == D(r["special_review_pool"]),
          "%s %s" % (review, r["special_review_pool"]))
    fund = budget - review
    check(pool + ": fund for points = budget − special-review pool", fund == D(r["points_fund"]))
    ratio = D(book["settlement.ratio." + pool])
    check(pool + ": the year's book carries the ratio of the report", ratio == D(r["ratio"]), "%s %s" % (ratio, r["ratio"]))
    # settlement value: (F ÷ ratio) ÷ Σ points, published with 4 decimals
    expect = qf(Fraction(fund) / Fraction(ratio) / Fraction(points), int(book.get("point_value.decimals", 4)))
    check(pool + ": settlement point value = (fund ÷ ratio) ÷ Σ points", expect == D(r["settlement_value"]),
          "%s %s" % (expect, r["settlement_value"]))
    # budget value: Σ w·C ÷ Σ w·P over the history, weights 1:2:7
    hist = [h for h in rows("history.csv") if h["pool"] == pool]
    w = {y: k for y, k in zip(sorted(h["year"] for h in hist), (1, 2, 7))}
    num = sum(w[h["year"]] * D(h["cost"]) for h in hist)
    den = sum(w[h["year"]] * D(h["points"]) for h in hist)
    expect = qf(Fraction(num) / Fraction(den), 4)
    check(pool + ": budget point value = Σ w·cost ÷ Σ w·points (1:2:7)", len(hist) == 3 and expect == D(r["budget_value"]),
          "%s %s" % (expect, r["budget_value"]))
    check(pool + ": the year's book publishes that budget value", D(book["point_value.budget." + pool]) == D(r["budget_value"]))
    # ratio: last year's pooled fund ÷ last year's bills, 6 decimals
    expect = qf(Fraction(D(r["last_year_inpatient_pooled"])) / Fraction(D(r["last_year_inpatient_bills"])), 6)
    check(pool + ": settlement ratio = last year's pooled ÷ bills", expect == ratio, "%s %s" % (expect, ratio))
    # fund budget by items: inpatient budget (growth 5 %) − adjustment (3 %) − out of area (growth 5 %)
    inpatient = q((D(r["last_year_inpatient_pooled"]) + D(r["last_year_out_of_area_pooled"])) * D("1.05"), 2)
    adjustment = q(inpatient * D("0.03"), 2)
    away = q(D(r["last_year_out_of_area_pooled"]) * D("1.05"), 2)
    check(pool + ": DIP total by items", inpatient - adjustment - away == budget and inpatient == D(r["inpatient_budget"]),
          "%s − %s − %s vs %s" % (inpatient, adjustment, away, budget))

# ---- hospitals
hosp = rows("hospitals.csv")
adv = {r["hospital"]: sum(D(r["%02d" % m]) for m in range(1, 13)) for r in rows("advances.csv")}
check("30 hospitals", len(hosp) == 30, str(len(hosp)))
check("advances = Σ monthly advances, for every hospital", all(adv[h["hospital"]] == D(h["advances"]) for h in hosp))
check("total paid = advances + balance, for every hospital",
      all(D(h["advances"]) + D(h["balance"]) == D(h["total_paid"]) for h in hosp))
by_h = {}
for c in cases:
    if c["status"] == "OK":
        by_h.setdefault(c["hospital"], [0, D(0), D(0)])
        by_h[c["hospital"]][0] += 1
        by_h[c["hospital"]][1] += D(c["cost"])
        by_h[c["hospital"]][2] += D(c["points"])
check("hospital cases, cost and points = Σ of its cases",
      all((int(h["cases"]), D(h["cost"]), D(h["points"])) == tuple(by_h.get(h["hospital"], [0, D(0), D(0)]))
          for h in hosp))

# ---- capitation pot from the plan's formula (doc/capitation.md, steps C1–C4)
plan = params(os.path.join(src, "tests", "region", "data", "tiny-capitation"))
pop_rows = list(csv.DictReader(open(os.path.join(src, "tests", "region", "data", "tiny-capitation", "population.csv"),
                                    encoding="utf-8")))
cond_rows = list(csv.DictReader(open(os.path.join(src, "tests", "region", "data", "tiny-capitation", "conditions.csv"),
                                     encoding="utf-8")))
n = sum(int(r["enrollees"]) for r in pop_rows)
per_capita = q(D(plan["per_capita.base"]) * (1 + D(plan["per_capita.growth"])), 2)
weight = sum(int(r["enrollees"]) * D(r["coefficient"]) for r in pop_rows) + sum(
    int(r["enrollees"]) * D(r["coefficient"]) for r in cond_rows)
gross = qf(Fraction(per_capita) * Fraction(weight) / Fraction(D(plan["risk_adjustment.normalisation"])), 2)
carve = D("60.00") * n   # packs/sample-capitation/carveouts.csv: critical illness 60.00 per enrollee
reserve = q((gross - carve) * D(plan["risk_reserve.ratio"]), 2)
pot = gross - carve - reserve
months = rows("capitation_months.csv")
check("capitation pot = round(P × W ÷ k) − carve-out − reserve", sum(D(m["budget"]) for m in months) == pot,
      "%s vs %s" % (sum(D(m["budget"]) for m in months), pot))
ledger = rows("capitation_ledger.csv")
spent = sum(D(r["amount"]) for r in ledger if r["kind"].startswith("spend_"))
check("ledger spending = Σ monthly spending of the report",
      spent == sum(D(m["spent_alliance"]) + D(m["spent_other_county"]) + D(m["spent_out_of_province"]) for m in months))

# ---- members: the alliance's enrollees are the plan's population
members = rows("data/members.csv")
check("2 000 members", len(members) == 2000, str(len(members)))
bands = {}
for m in members:
    if m["alliance"] == "1":
        b = m["birth_date"]
        age = (20240101 - int(b.replace("-", ""))) // 10000
        for r in pop_rows:
            if int(r["sex"]) == int(m["sex"]) and int(r["age_from"]) <= age <= int(r["age_to"]):
                bands[r["band"]] = bands.get(r["band"], 0) + 1
check("enrollees per band = the plan's population", all(bands.get(r["band"], 0) == int(r["enrollees"]) for r in pop_rows),
      "%s" % bands)
conds = {"hypertension": sum(m["alliance"] == "1" and m["hypertension"] == "1" for m in members),
         "diabetes": sum(m["alliance"] == "1" and m["diabetes"] == "1" for m in members)}
check("registered chronic patients = the plan's conditions", all(conds[r["condition"]] == int(r["enrollees"])
                                                                  for r in cond_rows), str(conds))

# ---- family mutual aid: residents linked to an employee in service, whose account helps them only
kind = {m["member_id"]: m["insured"] for m in members}
linked = [m for m in members if m["family_payer"]]
check("family payers: some residents have one, only residents, and every payer is an employee in service",
      linked and all(m["insured"] == "resident" and kind.get(m["family_payer"]) == "employee" for m in linked),
      "%d linked; %s" % (len(linked), [(m["member_id"], m["insured"], m["family_payer"]) for m in linked[:5]]))
ben = rows("benefit.csv")
check("family aid is paid on residents' claims only, within the account share",
      any(r["insured"] == "resident" and D(r["family_aid"]) > 0 for r in ben) and
      all(D(r["family_aid"]) <= D(r["account_pay"]) and (r["insured"] == "resident" or D(r["family_aid"]) == 0)
          for r in ben), str([(r["insured"], r["visit"], r["family_aid"], r["account_pay"]) for r in ben]))

# ---- benefit: every row of the table balances
ok = True
for r in rows("benefit.csv"):
    t = D(r["total"])
    ok &= t == D(r["full_self_pay"]) + D(r["over_limit"]) + D(r["b_first_pay"]) + D(r["in_scope"])
    ok &= t == sum(D(r[k]) for k in ("pooled", "critical_illness", "other_funds", "assistance", "account_pay",
                                      "cash_pay"))
check("benefit.csv: total = its parts, and = who paid, on every row", ok)
claims = rows("data/claims.csv")
lines = rows("data/claim_lines.csv")
line_sum = {}
for l in lines:
    line_sum[l["claim_id"]] = line_sum.get(l["claim_id"], D(0)) + D(l["amount"])
check("claim totals = Σ their lines", all(line_sum[c["claim_id"]] == D(c["total"]) for c in claims))
check("every line is priced exactly (quantity × price = amount)",
      all(q(D(l["quantity"]) * D(l["price"]), 2) == D(l["amount"]) for l in lines))

for i, (name, ok, detail) in enumerate(tests, 1):
    print(("ok" if ok else "not ok"), i, "-", name)
    if not ok and detail:
        for line in str(detail).splitlines()[:20]:
            print("#", line)
print("1..%d" % len(tests))
