"""Point values and payment through Python: the test book of
tests/points/points_fixture.c and packs/sample-points give the C suite's
golden values (test_book.c, test_case.c, test_clearing.c)."""
import os
from decimal import Decimal
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import yibao

if not hasattr(yibao.lib, "yb_points_book_load"):
    pytest.skip("this libyibao has no points module", allow_module_level=True)

from yibao.points import CaseKind, Method, PointsBook  # noqa: E402

ROOT = Path(os.environ.get("YB_SOURCE_ROOT") or Path(__file__).resolve().parents[3])

TABLES = {  # points_fixture.c: PT_SCORES, PT_LEVELS, PT_HOSPITALS
    "scores": "group,score,primary_care,name\nG1,1000.0000,0,ordinary group\n"
              "G2,2500.5000,0,large group\nP1,400.0000,1,primary-care group\n",
    "levels": "level,coefficient,name\n3,1.000000,三级\n2,0.850000,二级\n1,0.700000,一级\n",
    "hospitals": "hospital,level,name\nHA,3,A\nHB,2,B\nHC,1,C\n",
}


def params(**more):  # PT_PARAMS, nested
    p = {"pools": "single", "point_value": {"budget": {"all": "10"}}, "settlement": {"ratio": {"all": "0.8"}},
         "outlier": {"extreme": {"ratio": "5"}}, "ungrouped": {"rule": "cost_ratio", "ratio": "0.7"}}
    for k, v in more.items():
        p.setdefault(k, {}).update(v)
    return p


@pytest.fixture
def book(make_pack):
    with PointsBook(make_pack("pt", tables=TABLES, kind="points-book",
                              parameters=params(advance={"deposit_ratio": "0.05"}))) as b:
        yield b


# test_clearing.c YEAR: HA two G1 (months 1, 2), HB one G1, HC one G2; self pay 2000/2000/1000/3000 yuan.
YEAR = pd.DataFrame({"group": ["G1", "G1", "G1", "G2"], "hospital": ["HA", "HA", "HB", "HC"],
                     "cost": np.array([1000000, 1000000, 850000, 1750350], dtype=np.int64),
                     "self_pay": [Decimal("2000"), Decimal("2000"), Decimal("1000"), Decimal("3000")],
                     "month": np.array([1, 2, 1, 2], dtype=np.int8), "insurance": np.ones(4, dtype=np.int8)})


def test_sample_book_coefficients_follow_its_add_on_rules():
    with PointsBook(ROOT / "packs" / "sample-points") as b:
        assert b.method == Method.DIP and len(b.codes("hospital")) == 30
        assert b.point_value(0) == Decimal("10.250000")
        # SOURCE.md add-ons: H01 1 + 0.005; H04 1 + 0.023 + 0.006 + 0.03; H05 1 + 0.029 + 0.02; H16 0.70 + 0.002
        assert [b.hospital_info(h)["coefficient"] for h in ("H01", "H04", "H05", "H16")] == \
            [Decimal("1.005000"), Decimal("1.059000"), Decimal("1.049000"), Decimal("0.702000")]
        assert len(b.fingerprint) == 64


def test_normal_cases_are_score_times_hospital_coefficient(book):
    cases = pd.DataFrame({"group": ["G1", "G1", "G2"], "hospital": ["HA", "HB", "HC"],
                          "insurance": np.ones(3, dtype=np.int8),
                          "cost": ["9000.00", "8000.00", "17503.50"], "self_pay": [Decimal("1500"), 0, 0]})
    r = book.settle(cases)
    assert (r.status == 0).all() and (r.kind == CaseKind.NORMAL).all()
    # 1000 × 1.00 = 1000 points → 10000.00; 1000 × 0.85 = 850 → 8500.00; 2500.5 × 0.70 = 1750.35 → 17503.50
    assert r.points.tolist() == [10000000, 8500000, 17503500]
    assert r.payment.tolist() == [1000000, 850000, 1750350]
    assert r.fund_due.tolist()[0] == 850000
    assert r.standard_cost.tolist()[:2] == [1000000, 850000]
    assert r.group.tolist() == ["G1", "G1", "G2"] and r.hospital.tolist() == ["HA", "HB", "HC"]


def test_bad_rows_get_a_status(book):
    cases = pd.DataFrame({"group": ["G1", "G9"], "hospital": ["HA", "HZ"], "insurance": [1, 1],
                          "cost": np.array([100, -5], dtype=np.int64)})
    r = book.settle(cases)
    assert r.status.tolist()[0] == 0 and r.status.tolist()[1] < 0
    with pytest.raises(TypeError):
        book.settle(pd.DataFrame({"group": ["G1"], "hospital": ["HA"], "cost": [1.5]}))


def test_values_payment_and_helpers(book):
    # (800000.00 ÷ 0.8) ÷ 80000 points = 12.5000; ÷ 30000 = 33.3333
    assert book.settlement_value(0, 80000000, Decimal("80000")) == Decimal("12.500000")
    assert book.settlement_value(0, Decimal("800000.00"), 300000000) == Decimal("33.333300")
    with pytest.raises(yibao.DivisionByZeroError):
        book.settlement_value(0, 80000000, 0)
    # (90000 + 2 × 100000 + 7 × 120000) ÷ (9000 + 2 × 9500 + 7 × 10000) with explicit 1:2:7 weights → 11.5306
    assert book.budget_value(["90000", "100000", "120000"], ["9000", "9500", "10000"], [1, 2, 7]) == \
        Decimal("11.530600")
    assert book.payment(Decimal("1750.35"), Decimal("10")) == Decimal("17503.50")
    assert book.group_info("P1") == {"score": Decimal("400.0000"), "weight": Decimal("400.0000"),
                                     "primary_care": True, "name": "primary-care group"}


def test_monthly_advance_withholds_the_quality_deposit(book):
    with book.year() as y:
        y.add(YEAR)
        a = y.advance(2)
    # month 2 at 10: HA 1000 × 10 − 2000 = 8000.00, deposit 400.00, advance 7600.00;
    # HC 17503.50 − 3000 = 14503.50, deposit 725.175 → 725.18, advance 13778.32; HB nothing
    assert (a.loc["HA", "gross"], a.loc["HA", "fund_due"], a.loc["HA", "deposit"], a.loc["HA", "advance"]) == \
        (1000000, 800000, 40000, 760000)
    assert a.loc["HB", "gross"] == 0
    assert (a.loc["HC", "gross"], a.loc["HC", "deposit"], a.loc["HC", "advance"]) == (1750350, 72518, 1377832)


def test_clearing_gives_the_remainder_by_points_and_settles_the_deposit(book):
    with book.year() as y:
        y.add(YEAR)
        t = y.totals()
        assert t["points"] == Decimal("4600.3500") and t["self_pay"] == Decimal("8000.00")
        pools, h = y.clear(fund_budget=[Decimal("40000.00")], assessment=["1", "0.8", "0.5"])
    # value = (40000 ÷ 0.8) ÷ 4600.35 = 10.868738… → 10.8687
    assert pools.point_value.tolist() == [10868700]
    assert h.gross_pool0.tolist() == [2173740, 923840, 1902403]
    assert h.conservation_adjustment.tolist() == [-86942, -36951, -76090]
    assert h.fund_due.tolist() == [1686798, 786889, 1526313] and h.fund_due.sum() == 4000000
    assert h.advance_paid.tolist()[:2] == [1520000, 712500]
    assert h.deposit_forfeit.tolist() == [0, 7500, 36259]
    assert h.balance.tolist() == [166798, 66889, 112222]
    assert h.gross.tolist()[0] == 2086798


def test_indices_and_progress(book):
    seen = []
    with yibao.Context(progress_interval=2) as ctx, book.year(ctx) as y:
        y.add(YEAR, progress=False, callback=lambda d, t: seen.append(d) and False)
        hosp, region = y.indices()
    assert seen and seen[-1] <= 4
    assert list(hosp.index) == ["HA", "HB", "HC"] and region["cases"] == 4


# ---- DIP total and elastic point value (test_budget.c, worked by hand)

def test_dip_total_by_the_three_methods():
    from yibao.points import dip_total
    # 1,000,000,000 − 20,000,000 (adjustment fund) − 80,000,000 (out of area) − 50,000,000 (other) = 850,000,000.00
    r = dip_total("items", inpatient_budget="1000000000", regional_adjustment="20000000",
                  out_of_area=Decimal("80000000"), other_excluded="50000000")
    assert r["total"] == Decimal("850000000.00")
    with pytest.raises(yibao.ParamError):
        dip_total("items", inpatient_budget="10", out_of_area="11")
    # 600,000,000 ÷ 800,000,000 = 0.75 × 1,000,000,000 = 750,000,000.00
    r = dip_total("proportion", inpatient_budget="1000000000", last_dip_total="600000000",
                  last_inpatient_total="800000000")
    assert (r["total"], r["share"]) == (Decimal("750000000.00"), Decimal("0.750000"))
    # the exact share multiplies, rounding once: 1000.01 × 100 ÷ 300 = 333.33666… → 333.34
    r = dip_total("proportion", inpatient_budget=100001, last_dip_total="100", last_inpatient_total="300")
    assert (r["total"], r["share"]) == (Decimal("333.34"), Decimal("0.333333"))
    with pytest.raises(yibao.DivisionByZeroError):
        dip_total("proportion", inpatient_budget=1)
    # 700,000,000 × 1.08 = 756,000,000.00; capped at the 6% target: 742,000,000.00
    assert dip_total("growth", last_dip_total="700000000", growth_rate="0.08")["total"] == Decimal("756000000.00")
    r = dip_total("growth", last_dip_total="700000000", growth_rate="0.08", growth_cap="0.06")
    assert (r["growth_applied"], r["total"]) == (Decimal("0.060000"), Decimal("742000000.00"))
    # re-based on actual income: 850,000,000 × 5,150,000,000 ÷ 5,000,000,000 = 875,500,000.00
    r = dip_total(yibao.points.DipTotalMethod.ITEMS, inpatient_budget="850000000", income_budget="5000000000",
                  income_actual="5150000000")
    assert (r["before_rebase"], r["total"]) == (Decimal("850000000.00"), Decimal("875500000.00"))
    with pytest.raises(yibao.ParamError):
        dip_total(9)
    with pytest.raises(TypeError):
        dip_total("items", inpatient_budget=1.5)


def test_elastic_point_value_splits_base_and_increment():
    from yibao.points import elastic_value
    # total 10,000,000.00, base 80%: fixed value 8,000,000 ÷ 700,000 base points = 11.428571… → 11.4286;
    # base total 700,000 × 11.4286 = 8,000,020.00; increment 1,999,980.00 ÷ 200,000 points = 9.9999;
    # cap 9.5: floating 9.5000, paid 1,900,000.00, unused 99,980.00
    r = elastic_value("10000000", "700000", "200000", base_share="0.8", floating_cap="9.5")
    assert r["fixed_point_value"] == Decimal("11.428600")
    assert (r["base_total"], r["increment_total"]) == (Decimal("8000020.00"), Decimal("1999980.00"))
    assert (r["floating_uncapped"], r["floating_point_value"]) == (Decimal("9.999900"), Decimal("9.500000"))
    assert (r["increment_paid"], r["increment_unused"]) == (Decimal("1900000.00"), Decimal("99980.00"))
    # preset fixed value 12 and 100,000.00 paid at actual cost: base 8,400,000; increment
    # 10,000,000 − 8,400,000 − 100,000 = 1,500,000 ÷ 200,000 = 7.5000
    r = elastic_value(Decimal("10000000"), Decimal("700000"), Decimal("200000"), fixed_point_value="12",
                      actual_paid="100000")
    assert (r["base_total"], r["floating_point_value"], r["increment_unused"]) == \
        (Decimal("8400000.00"), Decimal("7.500000"), Decimal("0.00"))
    # no increment points: no floating value, the increment stays unused
    r = elastic_value("10000000", "700000", fixed_point_value="12")
    assert (r["floating_point_value"], r["increment_unused"]) == (Decimal("0.000000"), Decimal("1600000.00"))
    with pytest.raises(yibao.ParamError):  # a base part above the total
        elastic_value("1000", "700000", fixed_point_value="12")
    with pytest.raises(yibao.InvalidArgumentError):
        elastic_value("1000", 0)
