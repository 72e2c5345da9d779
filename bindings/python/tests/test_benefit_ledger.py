"""The benefit ledger through Python: batches (test_batch.c), reversal and
replay (test_reverse.c), serialisation and member state (test_ledger.c) and
the CLI's example file (test_cli.c), with the C suites' hand-worked values."""
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest

import yibao

if not hasattr(yibao.lib, "yb_benefit_policy_load"):
    pytest.skip("this libyibao has no benefit module", allow_module_level=True)

from benefit_fixture import Claims, claim, pack  # noqa: E402
from yibao.benefit import BenefitLedger, BenefitPolicy  # noqa: E402


@pytest.fixture
def policy(make_pack):
    with BenefitPolicy(pack(make_pack)) as p:
        yield p


def fresh(policy):
    return policy.ledger()


def settled(ledger, frame):
    out = ledger.settle(frame)
    assert (out.status == 0).all(), out.message.tolist()
    return out


# ---- test_batch.c

def five_claims():
    """test_batch.c make(): five claims, one line each except claim 2 (two lines):
    1: member 1, employee level 3, 10000 in scope → deductible 1000, pooled 7650
    2: member 2, line 2 billed as class B but catalogued A → YB_E_ROW_ITEM
    3: member 0 → YB_E_ROW_CLAIM
    4: member 1 again, 10000 → 2nd admission: deductible 500, pooled 8075
    5: claim id 1 again → YB_E_ROW_CLAIM_ID"""
    c = Claims()
    c.start(1, 1, 20240105, "employee", 3).amount("A1", 1000000)
    c.start(2, 2, 20240106, "employee", 3).amount("A1", 1000).amount("A2", 1000, cls="B")
    c.start(3, 0, 20240107, "employee", 3).amount("A1", 1000)
    c.start(4, 1, 20240108, "employee", 3).amount("A1", 1000000)
    c.start(1, 3, 20240109, "employee", 3).amount("A1", 1000)
    return c.frame()


def test_rows_settle_in_order_with_their_own_status(policy):
    with fresh(policy) as led:
        out = led.settle(five_claims())
    assert out.status.tolist() == [0, yibao.Status.E_ROW_ITEM, yibao.Status.E_ROW_CLAIM, 0,
                                   yibao.Status.E_ROW_CLAIM_ID]
    assert "claim 1 is already settled" in out.message[4]
    assert (out.deductible[0], out.pooled[0], out.admission[0]) == (100000, 765000, 1)
    assert (out.deductible[3], out.pooled[3], out.admission[3]) == (50000, 807500, 2)
    assert out.cash_pay[3] == 1000000 - 807500
    assert out.pooled[1] == 0  # failed rows hold 0


def test_small_integers_out_of_the_c_range_are_row_errors_not_wrapped(policy):
    # numpy would wrap level 259 into 3 and class 258 into 2 (B); each is its claim's row error instead
    frame = five_claims()
    frame["level"] = frame["level"].astype(np.int64)
    frame.loc[frame.claim_id == 4, "level"] = 259
    frame["class"] = frame["class"].astype(object)
    frame.loc[frame.claim_id == 1, "class"] = 258
    with fresh(policy) as led:
        out = led.settle(frame)
    assert out.status.tolist()[0] == yibao.Status.E_ROW_ITEM and "class 258 is outside -128" in out.message[0]
    assert out.status.tolist()[3] == yibao.Status.E_ROW_CLAIM and "level 259 is outside -128" in out.message[3]


def test_pre_settlement_changes_nothing_and_matches_settlement(policy):
    with fresh(policy) as led:
        first = five_claims().iloc[:1]
        b0 = led.save()
        pre = led.pre_settle(first)
        led.pre_settle(first)
        assert led.save() == b0
        fin = led.settle(first)
        assert (pre.pooled[0], pre.deductible[0]) == (fin.pooled[0], fin.deductible[0])


def test_item_ids_give_the_same_results_as_codes(policy):
    df = five_claims()
    with fresh(policy) as a, fresh(policy) as b:
        x = a.settle(df)
        ids = df.drop(columns=["item_code"]).assign(item_id=policy.item_ids(df.item_code))
        y = b.settle(ids)
        assert x.status.tolist() == y.status.tolist() and x.pooled[3] == y.pooled[3]
        assert a.save() == b.save()
    assert policy.item_id("A1") == policy.item_ids(["A1"])[0]
    assert policy.item_ids(["NOT-LISTED"])[0] == yibao.benefit.NO_ITEM
    assert "A1" in list(policy.codes("item"))


def test_progress_callback_can_cancel(policy):
    with fresh(policy) as led, yibao.Context(progress_interval=2) as ctx:
        with pytest.raises(yibao.CancelledError):
            led.settle(five_claims(), ctx=ctx, progress=False, callback=lambda done, total: done >= 2)
        assert led.claim_count == 1  # claim 1 settled, claim 2 failed, the rest cancelled


# ---- test_reverse.c

def test_settle_then_reverse_restores_the_ledger_bytes(policy):
    with fresh(policy) as led:
        led.credit(1, 80000)
        led.credit(2, 90000)
        settled(led, claim(1, 1, 20241201, "employee", 2, 500000))
        before = led.save()
        # a claim that rolls member 1 into 2025 and draws on member 2's account
        s = settled(led, claim(2, 1, 20250110, "employee", 1, 1020000, family_payer=2, category=1)).iloc[0]
        assert s.family_aid > 0
        r = led.reverse(2, money="fen")
        assert r.changed == 0 and len(r.replay) == 0
        assert all(r.settlement[k] == s[k] for k in yibao.benefit.MONEY_FIELDS + ("admission",))
        assert led.save() == before
        # reversing the only claim of a member leaves no trace of the member
        assert led.reverse(1).changed == 0
        m = led.member(1, money="fen")
        assert (m["account_balance"], m["year"], led.claim_count) == (80000, 0, 0)


def test_reversing_an_earlier_admission_replays_the_later_one(policy):
    with fresh(policy) as led, fresh(policy) as never:
        c = Claims()
        # resident level 3 (deductible 1000, 70%): X is the 1st admission, Y the 2nd.
        c.claim(1, 20, 20240105, "resident", 3, 1100000)  # X: pooled 7000
        c.claim(2, 21, 20240110, "resident", 3, 1100000)  # another member
        c.claim(3, 20, 20240205, "resident", 3, 1100000)  # Y
        y = settled(led, c.frame()).iloc[2]
        assert (y.deductible, y.pooled) == (50000, 735000)  # 2nd admission: 500; 10500 × 70%
        r = led.reverse(1, money="fen")
        assert (r.changed, r.settlement["pooled"]) == (1, 700000)
        row = r.replay.iloc[0]
        assert (row.claim_id, row.admission_before, row.pooled_before) == (3, 2, 735000)
        # Y is now the 1st admission: deductible 1000, pooled 10000 × 70% = 7000.
        assert (row.admission_after, row.deductible_after, row.pooled_after) == (1, 100000, 700000)
        assert row.cash_pay_after + row.account_pay_after == row.personal_after
        assert led.replay().equals(r.replay)
        # the same as never having settled X
        settled(never, c.frame().iloc[1:])
        assert led.save() == never.save()


def test_family_aid_links_members_in_a_replay(policy):
    with fresh(policy) as led, fresh(policy) as never:
        for x in (led, never):
            x.credit(70, 50000)
            x.credit(71, 100000)
            x.credit(72, 1000)
        c = Claims()
        c.claim(1, 70, 20240105, "employee", 1, 1020000, family_payer=71)  # A: own 500, relative 1000
        c.claim(2, 72, 20240106, "employee", 1, 1020000)                   # unrelated
        c.claim(3, 71, 20240107, "employee", 1, 1020000)                   # B: account empty → cash 1700
        assert settled(led, c.frame()).account_pay[2] == 0
        # Reversing A gives 71 back 1000, so B now pays 1000 from the account and 700 cash.
        r = led.reverse(1)
        row = r.replay.iloc[0]
        assert (r.changed, row.claim_id, row.account_pay_before, row.account_pay_after, row.cash_pay_after) == \
            (1, 3, 0, 100000, 70000)
        settled(never, c.frame().iloc[1:])
        assert led.save() == never.save()


def test_failed_replay_changes_nothing(make_pack, policy):
    # A policy without resident parameters cannot replay a resident's claim.
    employees_only = "insured,annual_cap,outpatient_deductible,outpatient_cap\nemployee,300000.00,500.00,2000.00\n"
    with BenefitPolicy(pack(make_pack, "narrow", insured=employees_only)) as narrow, fresh(policy) as led:
        c = Claims()
        c.claim(1, 20, 20240105, "resident", 3, 1100000)
        c.claim(3, 20, 20240205, "resident", 3, 1100000)
        settled(led, c.frame())
        b0 = led.save()
        with pytest.raises(yibao.BenefitRowError, match="reversing claim 1 needs claim 3 replayed") as e:
            led.reverse(1, policy=narrow)
        assert e.value.status == yibao.Status.E_ROW_NO_POLICY and "resident" in str(e.value)
        assert led.save() == b0


def test_unknown_and_repeated_reversals_are_refused_and_batches_report_each_row(policy):
    with fresh(policy) as led:
        c = Claims()
        c.claim(1, 20, 20240105, "resident", 3, 1100000)
        c.claim(2, 20, 20240205, "resident", 3, 1100000)
        c.claim(3, 21, 20240205, "resident", 3, 1100000)
        settled(led, c.frame())
        rev = led.reverse_many([1, 42, 3])
        assert rev.status.tolist() == [0, yibao.Status.E_ROW_CLAIM_ID, 0]
        assert rev.changed.tolist() == [1, 0, 0]  # claim 2 became the 1st admission
        assert led.claim_count == 1
        with pytest.raises(yibao.BenefitRowError, match="claim 1 is not in the ledger's journal"):
            led.reverse(1)


# ---- test_ledger.c

def busy(policy):
    """A ledger with credits, a family payer, a rollover (saved record) and a
    member whose claim was reversed."""
    led = fresh(policy)
    led.credit(5, 40000)
    led.credit(6, 70000)
    c = Claims()
    c.claim(1, 5, 20241201, "employee", 2, 500000)
    c.claim(2, 5, 20250110, "employee", 1, 1020000, family_payer=6)
    c.claim(3, 7, 20250111, "resident", 3, 5100000)
    c.claim(4, 8, 20250112, "resident", 3, 100000)
    settled(led, c.frame())
    assert led.reverse(4).changed == 0
    return led


def test_save_and_load_round_trip_byte_for_byte(policy):
    with busy(policy) as led:
        data = led.save()
        # header 40 + 2 members (5, 7) × 100 + 3 entries × 148 + 1 saved year × 108 + checksum 8
        assert len(data) == 40 + 2 * 100 + 3 * 148 + 108 + 8
        assert led.member_count == 3
        with BenefitLedger.load(data, policy) as back:
            assert back.save() == data
            # the loaded ledger keeps working: reversal of the rollover claim needs its saved year
            assert back.reverse(2).changed == 0
            m = back.member(5, money="fen")
            # claim 1 (level 2, 5000 in scope): pooled (5000 − 500) × 85% = 3825; the residual
            # 1175 took the whole 400 balance.
            assert (m["year"], m["account_balance"], m["admissions"]) == (2024, 0, 1)
        with led.clone() as copy:
            settled(copy, claim(50, 5, 20250301, "employee", 1, 100000))
            assert (led.claim_count, copy.claim_count) == (3, 4)
            copy.reverse(50)
            assert copy.save() == data


def test_damaged_bytes_are_refused(policy):
    with busy(policy) as led:
        data = bytearray(led.save())
    for i in range(0, len(data), 13):
        data[i] ^= 0x20
        with pytest.raises((yibao.FormatError, yibao.VersionError)):
            BenefitLedger.load(data)
        data[i] ^= 0x20
    data[8] = 2  # format version 2
    with pytest.raises(yibao.VersionError, match="ledger format 2"):
        BenefitLedger.load(data)


def test_member_state_can_be_set_only_without_journalled_claims(policy):
    with busy(policy) as led:
        with pytest.raises(yibao.StateError, match="journalled claims"):
            led.put_member(5, year=2025, account_balance=1)
        with pytest.raises(yibao.ParamError):
            led.put_member(99, year=2025, cap_used=-1)
        with pytest.raises(yibao.ParamError):
            led.put_member(99, year=1800)
        led.put_member(99, year=2025, account_balance=1)
        with pytest.raises(yibao.ParamError, match="exceeds the balance"):
            led.credit(99, -2)
        led.credit(99, -1)
        assert led.member(99)["account_balance"] == Decimal("0.00")
        assert led.member(12345, money="fen")["fund_paid"] == 0
        table = led.members([5, 7, 12345])
        assert list(table.index) == [5, 7, 12345] and table.loc[12345, "year"] == 0
        assert table.loc[5, "year"] == 2025 and table.dtypes["account_balance"] == np.int64


def test_compaction_drops_the_oldest_entries_only(policy):
    with busy(policy) as led:
        before = led.member(5)
        assert led.compact(20250101) == 1  # claim 1 (2024-12-01)
        assert led.claim_count == 2 and led.member(5) == before
        with pytest.raises(yibao.BenefitRowError):
            led.reverse(1)
        assert led.reverse(2).changed == 0  # claim 2 rolled member 5 from 2024; its saved year is still there
        assert led.member(5)["year"] == 2024
        with pytest.raises(yibao.InvalidArgumentError):
            led.compact(20991301)


def test_reserve_and_memory(policy):
    with fresh(policy) as led:
        led.reserve(1000, 100)
        for m in range(1, 1001):
            led.credit(m, 100)
        # 104-byte records plus the index (test_ledger.c: at most 128 bytes a member)
        assert 1000 * 104 <= led.memory
        assert led.member_count == 1000


# ---- test_cli.c: examples/benefit/claims.csv, read as the CLI reads it

def test_cli_example_file_settles_reverses_and_replays(source_root):
    lines = pd.read_csv(source_root / "examples" / "benefit" / "claims.csv", dtype=str, keep_default_na=False)
    accounts = pd.read_csv(source_root / "examples" / "benefit" / "accounts.csv", dtype=str)
    with BenefitPolicy(source_root / "packs" / "sample-benefit") as pol, pol.ledger() as led:
        led.credit_accounts(accounts)
        settle = lines[lines.action == ""]
        out = led.settle(settle, money="decimal").set_index("claim_id")
        pre = led.pre_settle(lines[lines.action == "pre"], money="decimal").set_index("claim_id")
        # JS2024-0001, employee level 3: appendectomy 3000 (A), 5 bed-days at 80 with a 60 limit
        # (over 100), ceftriaxone 125 (B 10% → 12.50), cordyceps 200 (C).
        # in scope 3000 + 300 + 112.50 = 3412.50; deductible 1000; (3412.50 − 1000) × 85% = 2050.625 → 2050.63;
        # personal 3725 − 2050.63 = 1674.37, account 1200 (all of it), cash 474.37.
        a = out.loc["JS2024-0001"]
        assert a.status_name == "YB_OK"
        assert [a[k] for k in ("total", "full_self_pay", "over_limit", "b_first_pay", "in_scope", "pooled",
                               "account_pay", "cash_pay")] == \
            [Decimal(x) for x in ("3725.00", "200.00", "100.00", "12.50", "3412.50", "2050.63", "1200.00", "474.37")]
        # JS2024-0002, resident level 3, 低保 (category 2, tilted), family payer P100 (empty by now):
        # in scope 52000 + (1600 − 160) + 5.40 = 53445.40; pooled (53445.40 − 900) × 65% = 34154.51;
        # critical illness counts 53445.40 − 34154.51 − 900 + 160 = 18550.89 against 19609 × 50% = 9804.50,
        # (18550.89 − 9804.50) × (60% + 5%) = 5685.15; assistance (53445.40 − 34154.51 − 5685.15) × 70%
        # = 13605.74 × 70% = 9524.02; fund 49363.68; cash 4441.72.
        b = out.loc["JS2024-0002"]
        assert [b[k] for k in ("pooled", "critical_illness", "assistance", "fund_total", "family_aid", "cash_pay")] == \
            [Decimal(x) for x in ("34154.51", "5685.15", "9524.02", "49363.68", "0.00", "4441.72")]
        # JS2024-0003, P100's 2nd admission: deductible 500; knee 30000 + prosthesis 7500 over a
        # 7000 limit (over 500, B 20% → 1400) → in scope 35600; 30000 × 85% + 5100 × 90% = 30090.
        c = out.loc["JS2024-0003"]
        assert (c.deductible, c.pooled, c.admission) == (Decimal("500.00"), Decimal("30090.00"), 2)
        # pre-settlement of an outpatient visit: 58.60 below the retired 600 deductible
        d = pre.loc["MZ2024-0004"]
        assert (d.deductible, d.pooled) == (Decimal("58.60"), Decimal("0.00"))
        # a bad row is reported with its own message and text claim id
        e = out.loc["JS2024-0005"]
        assert e.status_name == "YB_E_ROW_ITEM" and "claim JS2024-0005 line 1" in e.message
        # reversing JS2024-0001 gives P100 back its 1200: 0002 now draws it by family aid,
        # and 0003 becomes the 1st admission: deductible 1000, (35600 − 1000) → 25500 + 4600 × 90% = 29640.
        r = led.reverse("JS2024-0001")
        assert r.settlement["pooled"] == Decimal("2050.63") and r.changed == 2
        replay = r.replay.set_index("claim_id")
        ids = {yibao.benefit.text_id(k): k for k in ("JS2024-0002", "JS2024-0003")}
        replay.index = [ids[i] for i in replay.index]
        assert replay.loc["JS2024-0002", "family_aid_after"] == 120000
        assert replay.loc["JS2024-0002", "cash_pay_after"] == 324172
        assert replay.loc["JS2024-0003", "pooled_before"] == 3009000
        assert replay.loc["JS2024-0003", "deductible_after"] == 100000
        assert replay.loc["JS2024-0003", "pooled_after"] == 2964000


def test_an_empty_frame_settles_nothing(policy):
    cols = ["claim_id", "member_id", "date", "insured", "level", "item_code", "quantity", "price", "amount"]
    with fresh(policy) as led:
        out = led.settle(pd.DataFrame({c: [] for c in cols}))
        assert len(out) == 0 and "pooled" in out and led.claim_count == 0
