"""The simple benefit policy of tests/benefit/bf_fixture.c, written from
Python (same tables, same numbers), and claim-line frames built like its
bf_start/bf_line/bf_amount. Its parameters, from bf_fixture.c:

items: A1, A2 class A; B10 class B 10%; B15 class B 15%; C1 class C; LIM
class A with a unit price limit of 60.00; BLIM class B 20% with a limit of
800.00; NEW class C in 2024 and class B 10% from 2025. Inpatient deductible
by level: 200.00 / 500.00 / 1000.00. Coinsurance: employee 85% below 20000.00
above the deductible, 90% from there; retired 90%; resident 70%; out of area
−10 points, referred −5. Repeat admissions 100% / 50% / 0%. Employee and
retired: cap 300000.00, outpatient deductible 500.00, outpatient cap
2000.00, civil-servant subsidy 50%; resident: cap 200000.00, outpatient
deductible 100.00, cap 400.00. Outpatient ratio 50% / 60% / 40%. Critical
illness: employee/retired threshold 30000.00, 80%, cap 200000.00; resident
threshold 20000.00, bands 60% / 70% from 50000.00 / 80% from 100000.00, cap
300000.00, class-B first pay counts; tilt ×0.5, +0.05, no cap. Assistance:
category 1 90% cap 50000.00 (tilt, outpatient too); 2 70% cap 30000.00
(tilt); 3 threshold 5000.00 60% cap 20000.00.
"""
import numpy as np
import pandas as pd

INSURED = ("employee", "retired", "resident")
PLACES = ("local", "out_of_area", "referred")

ITEMS = ("code,class,b_first_pay,price_limit,valid_from,valid_to\n"
         "A1,A,,,,\nA2,A,,,,\nB10,B,0.10,,,\nB15,B,0.15,,,\nC1,C,,,,\n"
         "LIM,A,,60.00,,\nBLIM,B,0.20,800.00,,\n"
         "NEW,C,,,2024-01-01,2024-12-31\nNEW,B,0.10,,2025-01-01,\n")


def _inpatient():
    ded = ("200.00", "500.00", "1000.00")
    rows = ["valid_from,valid_to,insured,level,place,deductible"]
    rows += ["2024-01-01,,%s,%d,%s,%s" % (i, lv, pl, ded[lv - 1]) for i in INSURED for lv in (1, 2, 3) for pl in PLACES]
    return "\n".join(rows) + "\n"


def _coinsurance():
    base, cut = (85, 90, 70), (0, 10, 5)
    rows = ["valid_from,valid_to,insured,level,place,from,ratio"]
    for k, i in enumerate(INSURED):
        for lv in (1, 2, 3):
            for p, pl in enumerate(PLACES):
                r = base[k] - cut[p]
                rows.append("2024-01-01,,%s,%d,%s,0.00,0.%02d" % (i, lv, pl, r))
                if k == 0:
                    rows.append("2024-01-01,,%s,%d,%s,20000.00,0.%02d" % (i, lv, pl, r + 5))
    return "\n".join(rows) + "\n"


def _outpatient():
    r = ("0.50", "0.60", "0.40")
    rows = ["valid_from,valid_to,insured,level,place,ratio"]
    rows += ["2024-01-01,,%s,%d,%s,%s" % (i, lv, pl, r[k]) for k, i in enumerate(INSURED) for lv in (1, 2, 3)
             for pl in PLACES]
    return "\n".join(rows) + "\n"


TABLES = {
    "items": ITEMS,
    "inpatient": _inpatient(),
    "coinsurance": _coinsurance(),
    "repeat_admission": "valid_from,valid_to,insured,admission,factor\n"
                        ",,employee,1,1\n,,employee,2,0.5\n,,employee,3,0\n"
                        ",,retired,1,1\n,,retired,2,0.5\n,,retired,3,0\n"
                        ",,resident,1,1\n,,resident,2,0.5\n,,resident,3,0\n",
    "insured": "insured,annual_cap,outpatient_deductible,outpatient_cap,account_pays_in_scope,account_pays_b_first,"
               "account_pays_self_pay,family_aid,civil_servant_ratio\n"
               "employee,300000.00,500.00,2000.00,true,true,false,true,0.5\n"
               "retired,300000.00,500.00,2000.00,true,true,false,true,0.5\n"
               "resident,200000.00,100.00,400.00,true,true,false,true,0\n",
    "outpatient": _outpatient(),
    "critical_illness": "insured,threshold,cap,counts_deductible,counts_b_first,counts_outpatient,"
                        "tilt_threshold_factor,tilt_ratio_add,tilt_no_cap\n"
                        "employee,30000.00,200000.00,false,false,false,0.5,0.05,true\n"
                        "retired,30000.00,200000.00,false,false,false,0.5,0.05,true\n"
                        "resident,20000.00,300000.00,false,true,false,0.5,0.05,true\n",
    "critical_illness_bands": "insured,from,ratio\nemployee,0,0.80\nretired,0,0.80\n"
                              "resident,0,0.60\nresident,50000,0.70\nresident,100000,0.80\n",
    "assistance": "category,threshold,ratio,cap,ci_tilt,covers_outpatient,counts_b_first\n"
                  "1,0,0.90,50000.00,true,true,false\n2,0,0.70,30000.00,true,false,false\n"
                  "3,5000.00,0.60,20000.00,false,false,false\n",
}


def pack(make_pack, name="simple", params=None, **overrides):
    """bf_pack: the simple policy with tables replaced (None removes one)."""
    tables = dict(TABLES)
    for k, v in overrides.items():
        if v is None:
            tables.pop(k, None)
        else:
            tables[k] = v
    return make_pack(name, tables=tables, kind="benefit-policy", version="1",
                     parameters=params or {"rounding": "half_up"})


class Claims:
    """Claim lines like bf_start/bf_line/bf_amount, as a DataFrame in the
    library's units (quantity and price with 4 decimals, amount in fen)."""

    def __init__(self):
        self.rows = []

    def start(self, claim_id, member_id, date, insured, level, **claim):
        self.cur = dict(claim_id=claim_id, member_id=member_id, date=date, insured=insured, level=level,
                        place="local", visit="inpatient", category=0, civil_servant=0, use_account=1,
                        family_payer=0)
        self.cur.update(claim)
        return self

    def line(self, code, qty, price, cls=""):
        # amount = round(q × p ÷ 10^6) half up, as bf_line computes it
        amount = (qty * price + 500000) // 1000000
        self.rows.append(dict(self.cur, item_code=code, quantity=qty, price=price, amount=amount, **{"class": cls}))
        return self

    def amount(self, code, fen, cls=""):
        return self.line(code, 10000, fen * 100, cls)

    def claim(self, claim_id, member_id, date, insured, level, fen, **claim):
        """A claim of one class-A line of `fen` (test_rules.c's claim())."""
        return self.start(claim_id, member_id, date, insured, level, **claim).amount("A1", fen)

    def frame(self):
        df = pd.DataFrame(self.rows)
        for c in ("quantity", "price", "amount"):
            df[c] = df[c].astype(np.int64)
        return df


def claim(claim_id, member_id, date, insured, level, fen, **kw):
    return Claims().claim(claim_id, member_id, date, insured, level, fen, **kw).frame()
