"""Benefit steps 1–8 through Python, on the simple policy of
tests/benefit/bf_fixture.c: the hand-worked values of test_rules.c and
test_classify.c (their comments are repeated here; amounts in the comments
are yuan, the asserts fen)."""
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest

import yibao

if not hasattr(yibao.lib, "yb_benefit_policy_load"):
    pytest.skip("this libyibao has no benefit module", allow_module_level=True)

from benefit_fixture import Claims, claim, pack  # noqa: E402
from yibao.benefit import BenefitPolicy  # noqa: E402


@pytest.fixture
def policy(make_pack):
    with BenefitPolicy(pack(make_pack)) as p:
        yield p


@pytest.fixture
def ledger(policy):
    with policy.ledger() as led:
        yield led


def settle(ledger, frame, policy=None):
    out = ledger.settle(frame, policy=policy)
    assert (out.status == 0).all(), out.message.tolist()
    # DOMAIN.md §4 identities (bf_assert_identities)
    assert (out.total == out.full_self_pay + out.over_limit + out.b_first_pay + out.in_scope).all()
    assert (out.fund_total == out.pooled + out.critical_illness + out.other_funds + out.assistance).all()
    assert (out.fund_total + out.personal == out.total).all()
    assert (out.personal == out.account_pay + out.cash_pay).all()
    return out


def one(ledger, frame, policy=None):
    return settle(ledger, frame, policy).iloc[0]


def test_deductible_is_reduced_for_repeated_admissions(ledger):
    # employee, level 3: deductible 1000 × 100% / 50% / 0%; 85% of the rest (below 20000).
    c = Claims()
    for i, month in enumerate((1, 2, 3)):
        c.claim(i + 1, 10, 20240005 + month * 100, "employee", 3, 1000000)
    out = settle(ledger, c.frame())
    assert out.admission.tolist() == [1, 2, 3]
    assert out.deductible.tolist() == [100000, 50000, 0]            # 1000, 500, 0
    assert out.pooled.tolist() == [765000, 807500, 850000]          # 9000, 9500, 10000 × 85%
    m = ledger.member(10, money="fen")
    assert m["admissions"] == 3 and m["deductible_used"] == 150000
    assert m["fund_paid"] == 765000 + 807500 + 850000 == m["cap_used"]


def test_deductible_never_exceeds_the_in_scope_amount(ledger):
    s = one(ledger, claim(1, 10, 20240105, "employee", 3, 60000))  # 600 < 1000
    assert (s.deductible, s.pooled, s.cash_pay) == (60000, 0, 60000)
    assert ledger.member(10)["deductible_used"] == Decimal("600.00")


def test_coinsurance_segments_split_the_amount_above_the_deductible(ledger):
    # 31000 − 1000 = 30000: 20000 × 85% = 17000, 10000 × 90% = 9000 → 26000.
    assert one(ledger, claim(1, 10, 20240105, "employee", 3, 3100000)).pooled == 2600000


def test_annual_segment_basis_places_the_claim_on_the_year_cumulative(make_pack, policy, ledger):
    with BenefitPolicy(pack(make_pack, "annual", {"inpatient": {"segment_basis": "annual"}})) as annual:
        assert one(ledger, claim(1, 10, 20240105, "employee", 3, 1600000), annual).pooled == 1275000  # 15000 × 85%
        # 2nd admission: deductible 500, eligible 10000 on the year axis [15000, 25000):
        # 5000 × 85% + 5000 × 90% = 4250 + 4500 = 8750.
        assert one(ledger, claim(2, 10, 20240205, "employee", 3, 1050000), annual).pooled == 875000
        assert ledger.member(10, money="fen")["eligible_cumulative"] == 2500000
    # The same second claim on the claim basis: 10000 × 85% = 8500.
    one(ledger, claim(3, 11, 20240105, "employee", 3, 1600000))
    assert one(ledger, claim(4, 11, 20240205, "employee", 3, 1050000)).pooled == 850000


def test_annual_cap_limits_the_pooled_fund(ledger):
    ledger.put_member(10, year=2024, cap_used=29500000, fund_paid=29500000)  # 295000 of the 300000 cap used
    s = ledger.explain(claim(1, 10, 20240605, "employee", 3, 1100000), mode="settle", money="fen")
    # (11000 − 1000) × 85% = 8500, but only 5000 is left under the cap.
    assert s["pooled"] == 500000
    pooled = s.funds.set_index("fund").loc["pooled"]
    assert (pooled.base, pooled.has_limit, pooled.limit) == (1000000, True, 500000)
    assert ledger.member(10, money="fen")["cap_used"] == 30000000
    s = one(ledger, claim(2, 10, 20240705, "employee", 3, 1100000))
    assert (s.pooled, s.deductible) == (0, 50000)  # still the 2nd admission's deductible


def test_outpatient_pooling_has_an_annual_deductible_and_cap(ledger):
    c = Claims()
    c.claim(1, 10, 20240105, "employee", 1, 30000, visit="outpatient")   # 300 < 500 deductible
    c.claim(2, 10, 20240115, "employee", 1, 100000, visit="outpatient")  # 200 left; (1000 − 200) × 50% = 400
    c.claim(3, 10, 20240125, "employee", 1, 500000, visit="outpatient")  # 5000 × 50% = 2500, cap 2000 − 400 = 1600
    out = settle(ledger, c.frame())
    assert out.deductible.tolist() == [30000, 20000, 0]
    assert out.pooled.tolist() == [0, 40000, 160000]
    assert out.admission.tolist() == [0, 0, 0]
    assert out.critical_illness.tolist()[2] == 0  # outpatient does not count toward critical illness here
    m = ledger.member(10, money="fen")
    assert (m["outpatient_deductible_used"], m["outpatient_fund_paid"], m["fund_paid"]) == (50000, 200000, 200000)
    assert (m["cap_used"], m["admissions"]) == (0, 0)  # outpatient.counts_toward_annual_cap is false


def test_critical_illness_bands_are_on_the_cumulative_amount(ledger):
    # resident, level 3: deductible 1000, 70%; counted = in-scope − pooled − deductible.
    s = one(ledger, claim(1, 20, 20240105, "resident", 3, 5100000))
    assert (s.pooled, s.critical_illness) == (3500000, 0)  # counted 51000 − 35000 − 1000 = 15000 < 20000
    assert ledger.member(20, money="fen")["critical_illness_cumulative"] == 1500000
    # 2nd: deductible 500, pooled 100000 × 70% = 70000, counted 30000: 15000 → 45000;
    # band 1 (60%) over [20000, 45000) = 25000 × 60% = 15000.
    s = ledger.explain(claim(2, 20, 20240205, "resident", 3, 10050000), mode="settle", money="fen")
    assert (s["pooled"], s["critical_illness"]) == (7000000, 1500000)
    assert "critical-illness band 1, cumulative [20000.00, 45000.00): 25000.00 × 60% = 15000.00" in s.text
    assert "deductible (起付线), admission 2: 1000.00 × 50%, applied 500.00" in s.text
    band = s.steps[s.steps.kind == "ci_band"].iloc[0]
    assert (band["from"], band["to"], band.ratio, band.amount) == (2000000, 4500000, 600000, 1500000)
    # 3rd: no deductible, pooled 28000, counted 12000: 45000 → 57000 crosses the
    # band boundary at a cumulative 50000: 5000 × 60% + 7000 × 70% = 3000 + 4900.
    s = one(ledger, claim(3, 20, 20240305, "resident", 3, 4000000))
    assert (s.pooled, s.critical_illness) == (2800000, 790000)
    m = ledger.member(20, money="fen")
    assert (m["critical_illness_cumulative"], m["critical_illness_paid"]) == (5700000, 2290000)


def test_class_b_first_pay_counts_toward_critical_illness_by_switch(ledger):
    c = Claims()
    # resident (class-B first pay counts): 31000 class A + 10000 class B 10%: first pay 1000,
    # in scope 40000, pooled (40000 − 1000) × 70% = 27300, counted 40000 − 27300 − 1000 + 1000 = 12700.
    c.start(1, 20, 20240105, "resident", 3).amount("A1", 3100000).amount("B10", 1000000)
    # employee (it does not): pooled 20000 × 85% + 19000 × 90% = 17000 + 17100 = 34100,
    # counted 40000 − 34100 − 1000 = 4900.
    c.start(2, 21, 20240105, "employee", 3).amount("A1", 3100000).amount("B10", 1000000)
    out = settle(ledger, c.frame())
    assert out.b_first_pay.tolist()[0] == 100000
    assert out.pooled.tolist() == [2730000, 3410000]
    assert out.lines.tolist() == [2, 2] and out.first_line.tolist() == [0, 2]
    assert ledger.member(20, money="fen")["critical_illness_cumulative"] == 1270000
    assert ledger.member(21, money="fen")["critical_illness_cumulative"] == 490000


def test_poor_categories_get_half_threshold_and_five_more_points(ledger):
    c = Claims()
    # category 2 (tilt): threshold 20000 × 0.5 = 10000; band 1 at 60% + 5 = 65%.
    # counted 15000 as above: [10000, 15000) × 65% = 3250.
    # assistance (category 2: no threshold, 70%): (51000 − 35000 − 3250) × 70% = 12750 × 70% = 8925.
    c.claim(1, 30, 20240105, "resident", 3, 5100000, category=2)
    # category 3 (no tilt, assistance threshold 5000, 60%): no critical illness below 20000;
    # assistance (16000 − 5000) × 60% = 6600; cash 16000 − 6600 = 9400.
    c.claim(2, 31, 20240105, "resident", 3, 5100000, category=3)
    out = settle(ledger, c.frame())
    assert out.critical_illness.tolist() == [325000, 0]
    assert out.assistance.tolist() == [892500, 660000]
    assert out.fund_total[0] == 3500000 + 325000 + 892500
    assert out.cash_pay.tolist() == [382500, 940000]


def test_poor_categories_have_no_critical_illness_cap(ledger):
    # cumulative 100000 already counted, 299000 of the 300000 cap paid.
    # claim: pooled (11000 − 1000) × 70% = 7000, counted 3000 in band 3 (80%).
    for m in (40, 41):
        ledger.put_member(m, year=2024, critical_illness_cumulative=10000000, critical_illness_paid=29900000)
    s = one(ledger, claim(1, 40, 20240105, "resident", 3, 1100000))
    assert s.critical_illness == 100000  # 3000 × 80% = 2400, capped at the 1000 left
    s = one(ledger, claim(2, 41, 20240105, "resident", 3, 1100000, category=2))
    assert s.critical_illness == 255000  # 3000 × (80% + 5%) = 2550, no cap
    assert s.assistance == 101500        # (11000 − 7000 − 2550) × 70% = 1015


def test_assistance_threshold_is_annual_and_its_cap_binds(ledger):
    # resident, level 1: deductible 200, 70%. category 3: threshold 5000, 60%, cap 20000.
    s = one(ledger, claim(1, 50, 20240105, "resident", 1, 1020000, category=3))  # residual 3200 < 5000
    assert (s.pooled, s.assistance) == (700000, 0)
    # deductible 100; residual 3100: cumulative 3200 → 6300, above 5000: 1300 × 60% = 780
    s = one(ledger, claim(2, 50, 20240205, "resident", 1, 1010000, category=3))
    assert s.assistance == 78000
    assert ledger.member(50, money="fen")["assistance_cumulative"] == 630000
    ledger.put_member(51, year=2024, assistance_cumulative=1000000, assistance_paid=Decimal("19900.00"))
    s = one(ledger, claim(3, 51, 20240105, "resident", 1, 1020000, category=3))
    assert s.assistance == 10000  # 3200 × 60% = 1920, capped at 100


def test_civil_servant_subsidy_pays_half_the_residual(ledger):
    # employee level 1: deductible 200, pooled 10000 × 85% = 8500, residual 1700 × 50% = 850.
    s = one(ledger, claim(1, 60, 20240105, "employee", 1, 1020000, civil_servant=1))
    assert (s.other_funds, s.cash_pay) == (85000, 85000)


def test_account_then_family_aid_then_cash(ledger):
    ledger.credit(70, 50000)              # own 500
    ledger.credit(71, Decimal("1000"))    # relative 1000
    ledger.credit(72, "500.00")
    c = Claims()
    # pooled 8500; personal 1700 in scope + 100 class C; account may pay 1700:
    # own 500, relative min(1000, 1200) = 1000, cash 1800 − 1500 = 300.
    c.start(1, 70, 20240105, "employee", 1, family_payer=71).amount("A1", 1020000).amount("C1", 10000)
    c.claim(2, 72, 20240105, "employee", 1, 1020000, use_account=0)  # the patient may decline the account
    out = settle(ledger, c.frame())
    first = out.iloc[0]
    assert (first.pooled, first.personal, first.account_pay, first.family_aid, first.cash_pay) == \
        (850000, 180000, 150000, 100000, 30000)
    assert ledger.member(70)["account_balance"] == ledger.member(71)["account_balance"] == Decimal("0.00")
    assert (out.account_pay[1], out.cash_pay[1]) == (0, 170000)
    assert ledger.member(72, money="fen")["account_balance"] == 50000


def test_place_lowers_the_ratio(ledger):
    # resident level 3, 10000 above the deductible: local 70%, out of area 60%, referred 65%.
    c = Claims()
    for i, place in enumerate(("local", "out_of_area", "referred")):
        c.claim(i + 1, 80 + i, 20240105, "resident", 3, 1100000, place=place)
    c.claim(9, 90, 20240105, "retired", 2, 1050000)  # retired level 2: deductible 500, 90%
    assert settle(ledger, c.frame()).pooled.tolist() == [700000, 600000, 650000, 900000]


def test_new_year_restarts_the_accumulators_and_order_is_enforced(ledger):
    ledger.credit(10, 12345)
    one(ledger, claim(1, 10, 20241220, "employee", 3, 1000000))
    s = ledger.explain(claim(2, 10, 20250105, "employee", 3, 1000000, use_account=0), mode="settle", money="fen")
    kinds = s.steps.kind.tolist()
    k = kinds.index("rollover")
    assert k == 5  # after the five classification steps, before the deductible
    assert s.steps["index"][k] == 2025 and kinds[k + 1] == "deductible"
    assert (s["admission"], s["deductible"]) == (1, 100000)  # first admission of 2025, the full 1000 again
    m = ledger.member(10, money="fen")
    assert (m["year"], m["deductible_used"]) == (2025, 100000)
    assert m["account_balance"] <= 12345  # carried over (less what 2024 used)
    out = ledger.settle(claim(3, 10, 20241228, "employee", 3, 1000))
    assert out.status_name[0] == "YB_E_ROW_ORDER"
    assert all(w in out.message[0] for w in ("claim 3", "20241228", "2025", "time order"))
    with pytest.raises(yibao.BenefitRowError, match="time order"):
        ledger.explain(claim(3, 10, 20241228, "employee", 3, 1000), mode="settle")


def test_settling_a_claim_id_twice_is_refused(ledger):
    one(ledger, claim(1, 10, 20240105, "employee", 3, 1000000))
    out = ledger.settle(claim(1, 11, 20240106, "employee", 3, 100))
    assert out.status_name[0] == "YB_E_ROW_CLAIM_ID"
    assert ledger.claim_count == 1


def test_sample_pack_resident_threshold_follows_the_claim_date(source_root):
    # packs/sample-benefit, resident level 3 local: deductible 900; 65% in 2024, 67% from
    # 2025; critical-illness threshold 19609 in 2024 (half of 39218), 20657 in 2025.
    # 2024: pooled 60000 × 65% = 39000, counted 60900 − 39000 − 900 = 21000,
    #       above 19609: 1391 × 60% = 834.60.
    # 2025: pooled 60000 × 67% = 40200, counted 19800 < 20657: none.
    with BenefitPolicy(source_root / "packs" / "sample-benefit") as sample, sample.ledger() as led:
        c = Claims()
        c.start(1, 100, 20240601, "resident", 3).amount("S.SURG.APPENDIX", 6090000)
        c.start(2, 101, 20250601, "resident", 3).amount("S.SURG.APPENDIX", 6090000)
        out = settle(led, c.frame())
        assert out.pooled.tolist() == [3900000, 4020000]
        assert out.critical_illness.tolist() == [83460, 0]


# ---- steps 1–2 (test_classify.c)

def test_lines_split_into_self_pay_over_limit_first_pay_and_in_scope(ledger):
    c = Claims().start(1, 100, 20240310, "employee", 3)
    c.line("A1", 20000, 1000000)     # 2 × 100.00 = 200.00, class A: in scope
    c.line("B10", 10000, 3333300)    # 333.33, class B 10%: first pay 33.333 → 33.33, in scope 300.00
    c.amount("C1", 5000)             # 50.00 class C: full self-pay
    c.line("LIM", 30000, 800000)     # 3 × 80.00 = 240.00; limit 3 × 60.00 = 180.00: over 60.00, in scope 180.00
    c.line("BLIM", 10000, 10000000)  # 1000.00; limit 800.00: over 200.00; 800.00 × 20% = 160.00 first pay
    c.amount("NOT-LISTED", 1000)     # 10.00, not in the catalogue: full self-pay
    s = ledger.pre_settle(c.frame()).iloc[0]
    assert s.total == 183333         # 200 + 333.33 + 50 + 240 + 1000 + 10
    assert s.full_self_pay == 6000   # 50 + 10
    assert s.over_limit == 26000     # 60 + 200
    assert s.b_first_pay == 19333    # 33.33 + 160.00
    assert s.in_scope == 132000      # 200 + 300 + 180 + 640
    assert ledger.claim_count == 0


def test_the_same_lines_as_decimal_text_in_natural_units(ledger):
    # The lines above written as a CSV would hold them: quantity in units, price and amount in yuan.
    df = pd.DataFrame({"claim_id": "C1", "member_id": "M1", "date": "2024-03-10", "insured": "employee", "level": 3,
                       "item_code": ["A1", "B10", "C1", "LIM", "BLIM", "NOT-LISTED"],
                       "quantity": ["2", "1", "1", "3", "1", "1"],
                       "price": ["100.00", "333.33", "50.00", "80.00", "1000.00", "10.00"],
                       "amount": [Decimal("200.00"), Decimal("333.33"), Decimal("50"), Decimal("240"),
                                  Decimal("1000"), Decimal("10")]})
    s = ledger.pre_settle(df, money="decimal").iloc[0]
    assert (s.claim_id, s.member_id, s.date) == ("C1", "M1", 20240310)
    assert (s.total, s.full_self_pay, s.over_limit, s.b_first_pay, s.in_scope) == \
        (Decimal("1833.33"), Decimal("60.00"), Decimal("260.00"), Decimal("193.33"), Decimal("1320.00"))


def test_class_b_first_pay_rounds_per_line_half_up_or_half_even(make_pack, ledger):
    c = Claims().start(1, 100, 20240310, "employee", 3)
    c.amount("B10", 5)   # 0.05 × 10% = 0.005 → half up 0.01, half even 0.00
    c.amount("B15", 30)  # 0.30 × 15% = 0.045 → half up 0.05, half even 0.04
    c.amount("B15", 10)  # 0.10 × 15% = 0.015 → 0.02 either way (2 is even)
    assert ledger.pre_settle(c.frame()).b_first_pay[0] == 1 + 5 + 2
    with BenefitPolicy(pack(make_pack, "even", {"rounding": "half_even"})) as even:
        s = ledger.pre_settle(c.frame(), policy=even).iloc[0]
    assert s.b_first_pay == 0 + 4 + 2
    assert s.in_scope == 45 - 6


def test_price_limit_applies_only_above_the_limit(ledger):
    c = Claims().start(1, 100, 20240310, "employee", 3)
    c.line("LIM", 25000, 600000)  # 2.5 × 60.00 = 150.00, exactly at the limit: nothing over
    c.line("LIM", 15000, 600100)  # 1.5 × 60.01 = 90.015 → 90.02; limit 1.5 × 60 = 90.00: over 0.02
    s = ledger.pre_settle(c.frame()).iloc[0]
    assert (s.total, s.over_limit, s.in_scope) == (15000 + 9002, 2, 15000 + 9000)


def test_catalogue_version_follows_the_claim_date(ledger):
    c = Claims()
    c.start(1, 100, 20241231, "employee", 3).amount("NEW", 100000)  # 2024: class C → 1000.00 full self-pay
    c.start(2, 100, 20250101, "employee", 3).amount("NEW", 100000)  # 2025: class B 10% → 100.00, in scope 900.00
    out = ledger.pre_settle(c.frame())
    assert out.full_self_pay.tolist() == [100000, 0]
    assert out.b_first_pay.tolist() == [0, 10000]
    assert out.in_scope.tolist() == [0, 90000]


def test_bad_lines_are_row_errors_naming_the_line(ledger):
    c = Claims()
    c.start(7, 100, 20240310, "employee", 3).amount("A1", 1000).amount("A2", 1000, cls="B")  # billed B, catalogue A
    c.start(8, 100, 20240310, "employee", 3).amount("NOT-LISTED", 1000, cls="A")
    c.start(9, 100, 20240310, "employee", 3).amount("BAD CODE", 1000)
    c.start(11, 100, 20240230, "employee", 3).amount("A1", 1000)
    c.start(12, 100, 20230310, "employee", 3).amount("A1", 1000)  # the simple policy starts 2024-01-01
    df = c.frame()
    out = ledger.pre_settle(df)
    assert out.status_name.tolist() == ["YB_E_ROW_ITEM", "YB_E_ROW_ITEM", "YB_E_ROW_ITEM", "YB_E_ROW_CLAIM",
                                        "YB_E_ROW_NO_POLICY"]
    msg = out.message.tolist()
    assert all(w in msg[0] for w in ("claim 7 line 2", "A2", "class B", "class A"))
    assert all(w in msg[1] for w in ("NOT-LISTED", "not in the catalogue"))
    assert "malformed item code" in msg[2]
    assert "20240230" in msg[3]
    assert "claim 12" in msg[4] and "2023-03-10" in msg[4]
    # 10.00 billed as 10.02: beyond the 0.01 tolerance; 10.01 is within it
    df.loc[0, "amount"] = 1002
    df.loc[1, "class"] = ""
    out = ledger.pre_settle(df.iloc[:2])
    assert out.status_name[0] == "YB_E_ROW_ITEM" and "1002" in out.message[0] and "1000" in out.message[0]
    df.loc[0, "amount"] = 1001
    assert ledger.pre_settle(df.iloc[:2]).status[0] == 0


def test_frame_errors_fail_their_claim_only(ledger):
    df = pd.DataFrame({
        "claim_id": ["C1", "C2", "C3", "C3", "C4", "C5", "C7"],
        "member_id": ["M1", "M1", "M1", "M2", "M1", "M1", "M1"],
        "date": ["2024-03-01", "2024-03-01", "2024-03-01", "2024-03-01", "2024-03-01", "2024-03-01", "2024-02-30"],
        "insured": ["employee", "worker", "employee", "employee", "employee", "employee", "employee"],
        "level": [3, 3, 3, 3, 3, 3, 3], "item_code": "A1",
        "quantity": ["1", "1", "1", "1", "x", "1", "1"], "price": "20.00", "amount": "20.00"}, index=list("abcdefg"))
    out = ledger.settle(df)
    assert out.claim_id.tolist() == ["C1", "C2", "C3", "C4", "C5", "C7"]
    assert out.status_name.tolist() == ["YB_OK", "YB_E_ROW_CLAIM", "YB_E_ROW_CLAIM", "YB_E_ROW_ITEM", "YB_OK",
                                        "YB_E_ROW_CLAIM"]
    assert "line b" in out.message[1] and "worker" in out.message[1]
    assert "line d" in out.message[2] and "member_id differs from the claim's first line (c)" in out.message[2]
    assert "line e" in out.message[3] and "quantity 'x'" in out.message[3]
    assert "20240230" in out.message[5]
    assert pd.isna(out.message[0]) and out.total.tolist() == [2000, 0, 0, 0, 2000, 0]
    assert ledger.claim_count == 2
    with pytest.raises(TypeError, match="amount"):
        ledger.settle(df.assign(amount=20.0))
    with pytest.raises(KeyError, match="price"):
        ledger.settle(df.drop(columns=["price"]))


def test_dates_ids_and_enums_in_every_accepted_form(ledger):
    base = claim(1, 10, 20240105, "employee", 3, 1000000)
    forms = [
        base,
        base.assign(date="20240105", insured=1, place=1, visit="INPATIENT"),
        base.assign(date=pd.Timestamp("2024-01-05"), insured=yibao.benefit.Insured.EMPLOYEE),
        base.assign(date=np.datetime64("2024-01-05"), claim_id="1", member_id="10"),
    ]
    for k, f in enumerate(forms):
        s = ledger.pre_settle(f).iloc[0]
        assert (s.status, s.date, s.pooled) == (0, 20240105, 765000), k
    # a text id is mapped by text_id: the same text is the same member in every form
    ledger.settle(base.assign(claim_id="X1", member_id="P100"))
    assert ledger.member("P100")["admissions"] == 1
    assert ledger.member(yibao.benefit.text_id("P100"))["admissions"] == 1
    assert yibao.benefit.text_id("P100") == yibao.benefit.text_id("P100") != yibao.benefit.text_id("P101")
    assert yibao.benefit.text_id("") == 0
