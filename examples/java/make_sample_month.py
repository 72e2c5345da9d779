#!/usr/bin/env python3
"""Writes sample-month.csv: one month (March 2024) of inpatient cases of one
hospital, for MonthlySettlement.java.

Clinical content is real: each case copies the sex, age, newborn data, length
of stay, discharge type, diagnoses and procedures of one of the 30 published
CHS-DRG 1.1 cases (tests/grouping/data/fixture_cases.csv, from OpenDRG,
Apache-2.0; see that folder's README). Everything else is synthetic and
seeded: 12 cases per profile, the insurance type (职工 70 %, 居民 30 %), the
total cost and the patients' in-scope payment (10 to 35 % of the cost). The
cost follows a plain resource model, not any real hospital's prices:
(2,000 + 900 × days of stay + 8,000 × procedures) yuan × a log-normal factor
(σ 0.35), so cases of one profile spread below and above what their DRG pays.
Standard library only; rerunnable, deterministic output.
"""
import csv
import math
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
SOURCE = os.path.join(ROOT, "tests", "grouping", "data", "fixture_cases.csv")
OUT = os.path.join(HERE, "sample-month.csv")
PER_PROFILE = 12


def main():
    rng = random.Random(20240301)
    with open(SOURCE, newline="", encoding="utf-8") as f:
        profiles = list(csv.DictReader(f))
    fields = ["case_id", "hospital", "month", "insurance", "sex", "age_years", "age_days", "birth_weight_g",
              "los_days", "discharge_type", "principal_dx", "secondary_dx", "procedures", "cost", "self_pay"]
    rows = []
    for k in range(PER_PROFILE):
        for p in profiles:
            los = int(p["los_days"] or 1)
            procs = len([x for x in p["procedures"].split("|") if x])
            base = 2000 + 900 * los + 8000 * procs
            cost_fen = int(round(base * math.exp(rng.gauss(0, 0.35)) * 100))
            self_fen = cost_fen * rng.randint(10, 35) // 100
            rows.append({
                "case_id": "2024-03-%s-%02d" % (p["id"], k + 1),
                "hospital": "H-SAMPLE-01",
                "month": 3,
                "insurance": 1 if rng.random() < 0.7 else 2,
                "sex": p["sex"], "age_years": p["age_years"], "age_days": p["age_days"],
                "birth_weight_g": p["birth_weight_g"], "los_days": p["los_days"],
                "discharge_type": p["discharge_type"], "principal_dx": p["principal_dx"],
                "secondary_dx": p["secondary_dx"], "procedures": p["procedures"],
                "cost": "%d.%02d" % divmod(cost_fen, 100), "self_pay": "%d.%02d" % divmod(self_fen, 100),
            })
    with open(OUT, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=fields, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    print("wrote %d cases to %s" % (len(rows), OUT))


if __name__ == "__main__":
    main()
