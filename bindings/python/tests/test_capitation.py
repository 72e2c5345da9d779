"""Capitation through Python: the hand-worked plan H of tests/capitation
(cap_pack.h) and the sample pack give the C suite's golden values; ledgers
come from DataFrames; money comes back as exact Decimal yuan."""
import os
from decimal import Decimal
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import yibao

if not hasattr(yibao.lib, "yb_cap_plan_load"):
    pytest.skip("this libyibao has no capitation module", allow_module_level=True)

from yibao.capitation import CapPlan, EntryKind, Mode  # noqa: E402

ROOT = Path(os.environ.get("YB_SOURCE_ROOT") or Path(__file__).resolve().parents[3])

# Plan H, table by table as in tests/capitation/cap_pack.h.
H_TABLES = {
    "population": "band,sex,age_from,age_to,enrollees,coefficient\n"
                  "M0,1,0,59,500,0.9\nF0,2,0,59,300,1.0\nM60,1,60,150,100,1.6\nF60,2,60,150,100,1.5\n",
    "pots": "pot,name,share\ninpatient,住院,0.6\noutpatient,门诊,0.3\nchronic,慢病,0.1\n",
    "carveouts": "carveout,name,basis,value\ncritical,大病保险,per_capita,30.00\n",
    "tiers": "tier,name,share\ncounty,县级,0.6\ntownship,乡镇级,0.3\nvillage,村级,0.1\n",
    "surplus_bands": "from_ratio,to_ratio,retain_ratio\n0,0.05,1\n0.05,,0.5\n",
    "retention": "min_score,factor\n0,0\n60,0.6\n80,0.8\n90,1\n",
    "overspend_bands": "from_ratio,to_ratio,fund_share\n0,0.05,0.7\n0.05,0.10,0.5\n0.10,,0\n",
}
H_PARAMS = {"year": 2024, "per_capita": {"base": "500.00", "growth": "0.04"},
            "risk_reserve": {"ratio": "0.05"}, "overspend": {"min_score": "60"}}


def Y(yuan):
    return Decimal(yuan)


@pytest.fixture
def plan(make_pack):
    d = make_pack("h", tables=H_TABLES, kind="capitation-plan", region="sample", parameters=H_PARAMS)
    with CapPlan(d) as p:
        yield p


def ledger_frame(in_inp, in_out, in_chr, county, province):
    """The ledger of test_clearing.c's ledger_of(), as a DataFrame in yuan."""
    rows = [("inp-1", "spend_alliance", 1, "inpatient", in_inp / 2),
            ("inp-7", "spend_alliance", 7, "inpatient", in_inp - in_inp / 2),
            ("out-3", "spend_alliance", 3, "outpatient", in_out),
            ("chr-12", "spend_alliance", 12, "chronic", in_chr),
            ("county-5", "spend_other_county", 5, "inpatient", county),
            ("prov-9", "spend_out_of_province", 9, "inpatient", province)]
    rows += [("adv-%d" % m, "advance", m, None, Decimal(30000)) for m in range(1, 13)]
    return pd.DataFrame(rows, columns=["entry_id", "kind", "month", "pot", "amount"])


def test_plan_h_budget(plan):
    assert plan.mode == Mode.ALLIANCE
    b = plan.budget()
    # 1000 enrollees × 500.00 × 1.04 = 520 000.00 gross; − 30 000.00 carve-out; reserve 24 500.00; pot 465 500.00
    assert b["enrollees"] == 1000
    assert b["per_capita"] == Decimal("520.00")
    assert (b["gross"], b["carve_outs"], b["reserve"], b["pot"]) == \
        (Y(520000), Y(30000), Y(24500), Y(465500))
    assert len(b["advance"]) == 12
    assert list(plan.codes("pot")) == ["inpatient", "outpatient", "chronic"]
    assert list(plan.codes("tier")) == ["county", "township", "village"]


def test_sample_pack_budget_matches_its_documented_derivation():
    with CapPlan(ROOT / "packs" / "sample-capitation") as p:
        b = p.budget()
    # SOURCE.md: per-capita 980.00 × 1.049 = 1 028.02; W = 65 166.6; gross 61 681 200.00; …
    assert b["enrollees"] == 60000
    assert b["per_capita"] == Decimal("1028.02")
    assert b["risk_weight"] == Decimal("65166.600000")
    assert b["normalised_score"] == Decimal("1.000000")
    assert b["gross"] == Decimal("61681200.00")
    assert b["carve_outs"] == Decimal("3600000.00")
    assert b["reserve"] == Decimal("2904060.00")
    assert b["pot"] == Decimal("55177140.00")
    assert b["advance_total"] == Decimal("49659426.00")


def test_surplus_above_five_percent_is_retained_at_half(plan):
    with plan.ledger() as led:
        status = led.add(ledger_frame(Y(250000), Y(120000), Y(30000), Y(20000), Y(10000)))
        assert (status == 0).all()
        c = led.clear(total_score=Decimal("92"))
    s = c.summary()
    # surplus 35 500.00: 23 275.00 × 1 + 12 225.00 × 0.5 = 29 387.50 retained, 6 112.50 returned
    assert s["spent_total"] == Y(430000) and s["surplus"] == Y(35500)
    assert s["retained"] == Decimal("29387.50") and s["returned"] == Decimal("6112.50")
    assert c.tier("county")["retained"] == Decimal("17632.50")
    assert c.tier("township")["retained"] == Decimal("8816.25")
    assert c.tier("village")["retained"] == Decimal("2938.75")
    assert s["alliance_payment"] == Decimal("429387.50")
    assert s["balance_due"] == Decimal("69387.50")
    assert s["fund_outlay"] == Decimal("459387.50")
    steps = c.steps()
    band2 = steps[(steps.kind == "SURPLUS_BAND") & (steps.band == 1)].iloc[0]
    assert (band2.base, band2.ratio, band2.amount) == (1222500, 500000, 611250)
    assert "12225.00 × retain 0.5 × score factor 1 = 6112.50" in band2.text
    assert "balance due = payment 429387.50 − advances 360000.00 = 69387.50" in c.text


def test_overspend_is_shared_seventy_and_fifty(plan):
    with plan.ledger() as led:
        led.add(ledger_frame(Y(300000), Y(120000), Y(30000), Y(30000), Y(20000)))
        s = led.clear(total_score=95).summary()
    # overspend 34 500.00: 23 275 × 0.7 + 11 225 × 0.5 = 21 905.00 fund, 12 595.00 alliance
    assert (s["overspend"], s["fund_share"], s["alliance_share"]) == (Y(34500), Y(21905), Y(12595))
    assert (s["reserve_used"], s["reserve_left"]) == (Y(21905), Y(2595))


def test_interim_clearing(plan):
    with plan.ledger() as led:
        led.add_one("jan", EntryKind.SPEND_ALLIANCE, 1, pot="inpatient", amount=6000000)
        led.add_one("mar", "spend_other_county", 3, pot="chronic", amount=Decimal("40000.00"))
        led.add_one("apr", EntryKind.SPEND_ALLIANCE, 4, pot="inpatient", amount=99999999)
        s = led.clear(through_month=3, total_score="95").summary()
    # budget 3 × (2 327 500 + 1 163 750 + 387 917) fen; reserve 3 × 204 167 fen
    assert s["through_month"] == 3
    assert s["budget"] == Decimal("116375.01") and s["reserve"] == Decimal("6125.01")
    assert s["retained"] == Decimal("11096.88") and s["returned"] == Decimal("5278.13")


def test_reversal_restores_the_clearing_exactly(plan):
    with plan.ledger() as led:
        led.add_one("a1", "spend_alliance", 1, pot="inpatient", amount=20000000)
        led.add_one("adv1", "advance", 1, amount=3000000)
        s1 = led.clear(total_score=95).summary()
        led.add_one("x", "spend_out_of_province", 5, pot="chronic", amount=987654321)
        led.add_one("x-rev", "reversal", reverses="x")
        t = led.totals()
        assert (t["entries"], t["reversed"], t["spent_out_of_province"]) == (4, 1, 0)
        assert led.clear(total_score=95).summary() == s1


def test_bad_rows_get_their_status_and_the_rest_are_added(plan):
    ids = ["ok1", "", "ok1", "k", "m", "p1", "p2", "neg", "k99", "ok2", "rev", "x" * 64, "ok3"]
    df = pd.DataFrame({
        "entry_id": ids,
        "kind": [1, 1, 1, int(EntryKind.CONTRIBUTION), 1, 1, 1, 2, 99, 3, int(EntryKind.REVERSAL), 1, 4],
        "month": [1, 1, 1, 1, 13, 1, 1, 1, 1, 12, 0, 1, 6],
        "pot": ["inpatient", "inpatient", "inpatient", "", "inpatient", "dental", "", "inpatient",
                "inpatient", "outpatient", "", "inpatient", ""],
        "amount": np.array([100, 100, 100, 100, 100, 100, 100, -1, 100, 250, 0, 100, 999], dtype=np.int64),
        "reverses": [None] * 10 + ["ok1", None, None],
    })
    S = yibao.Status
    with plan.ledger() as led:
        st = led.add(df)
        assert [S(x).name for x in st] == [
            "OK", "E_ROW_ENTRY", "E_ROW_ENTRY", "E_ROW_KIND", "E_ROW_PERIOD", "E_ROW_POT", "E_ROW_POT",
            "E_ROW_AMOUNT", "E_ROW_KIND", "OK", "OK", "E_ROW_ENTRY", "OK"]
        t = led.totals()
        assert (t["entries"], t["reversed"]) == (4, 1)
        assert t["spent_out_of_province"] == Decimal("2.50") and t["advances"] == Decimal("9.99")


def test_row_errors_of_single_entries_carry_the_message(plan):
    with plan.ledger() as led:
        led.add_one("a", "spend_alliance", 3, pot="inpatient", amount=500)
        with pytest.raises(yibao.CapitationRowError) as e:
            led.add_one("r0", "reversal", reverses="nope")
        assert e.value.status == yibao.Status.E_ROW_REVERSAL
        assert "not in the ledger" in e.value.message
        with pytest.raises(yibao.NotFoundError):
            led.add_one("b", "spending", 3)  # not a kind name
        with pytest.raises(TypeError):
            led.add(pd.DataFrame({"entry_id": ["f"], "kind": [1], "month": [1], "pot": ["inpatient"],
                                  "amount": [1.5]}))


def test_scores_are_required(plan):
    with plan.ledger() as led:
        with pytest.raises(yibao.ParamError):
            led.clear()


def test_progress_callback_cancels_the_rest_of_the_batch(plan):
    # test_ledger.c: 50 advances, interval 10, stop at 20 → 20 kept.
    n = 50
    df = pd.DataFrame({"entry_id": ["e%02d" % i for i in range(n)], "kind": ["advance"] * n,
                       "month": [1 + i % 12 for i in range(n)], "amount": np.ones(n, dtype=np.int64)})
    seen = []
    with yibao.Context(progress_interval=10) as ctx, plan.ledger(ctx) as led:
        with pytest.raises(yibao.CancelledError):
            led.add(df, progress=False, callback=lambda d, t: seen.append((d, t)) or d >= 20)
        assert seen[-1] == (20, 50)
        t = led.totals()
        assert (t["entries"], t["advances"]) == (20, Decimal("0.20"))


def test_openimis_facility_payments(make_pack):
    # test_openimis.c: HF1 serves V1 wholly and 40 % of V2; HF2 60 % of V2.
    tables = {"facilities": "facility,name\nHF1,Health centre 1\nHF2,Dispensary 2\n",
              "locations": "location,population,families,insured_persons,insured_families\n"
                           "V1,1000,200,600,120\nV2,500,100,300,60\n",
              "catchment": "facility,location,catchment\nHF1,V1,1\nHF1,V2,0.4\nHF2,V2,0.6\n"}
    params = {"year": 2024, "mode": "openimis", "openimis": {
        "share_contribution": "0.5", "weight": {"population": "0.2", "families": "0.1",
                                                "insured_persons": "0.2", "insured_families": "0.1",
                                                "visits": "0.3", "adjusted_amount": "0.1"}}}
    with CapPlan(make_pack("oi", tables=tables, kind="capitation-plan", parameters=params)) as p:
        assert p.mode == Mode.OPENIMIS and list(p.codes("facility")) == ["HF1", "HF2"]
        ledger = pd.DataFrame({
            "entry_id": ["c1", "v1", "v2", "a1", "a2"],
            "kind": ["contribution", "visits", "visits", "adjusted", "adjusted"],
            "month": [1] * 5, "facility": [None, "HF1", "HF2", "HF1", "HF2"],
            "amount": [Decimal("100000.00"), 0, 0, Decimal("2000"), Decimal("3000")],
            "quantity": [0, 30, 70, 0, 0]})
        with p.ledger() as led:
            assert (led.add(ledger) == 0).all()
            c = led.clear(through_month=2)
        m = c.month(1)
        # pot 100 000 × 0.5 = 50 000.00; population unit price 10 000 / 1500 = 6.666667
        assert m["pot"] == Y(50000) and m["criterion_pot"][0] == Y(10000)
        assert m["unit_price"][0] == Decimal("6.666667") and m["unit_price"][4] == Decimal("150.000000")
        pay = c.payments()
        assert len(pay) == 4
        jan = pay[pay.month == 1].set_index("facility")
        # HF1: 8 000 + 4 000 + 8 000 + 4 000 + 30 × 150 + 2 000 = 30 500.00; HF2 19 500.00 (in fen)
        assert jan.loc["HF1", "total"] == 3050000 and jan.loc["HF2", "total"] == 1950000
        assert jan.loc["HF1", "payment_visits_count"] == 450000
        assert pay[pay.month == 2].total.sum() == 0
        s = c.summary()
        assert (s["allocated"], s["distributed"], s["undistributed"]) == (Y(100000), Y(50000), Y(0))
        assert "month 1, facility HF1, visits: 30 × unit price 150 = 4500.00 yuan" in c.text
