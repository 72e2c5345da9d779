"""Money and fixed point: the hand-worked values of tests/core/test_money.c,
through the Python layer, plus the Decimal edges."""
from decimal import Decimal

import numpy as np
import pytest

import yibao
from yibao import Round

INT64_MAX = 2**63 - 1
INT64_MIN = -2**63


@pytest.mark.parametrize("a,b,d,mode,want", [
    # 5 × 1 ÷ 2 = 2.5
    (5, 1, 2, Round.HALF_UP, 3), (5, 1, 2, Round.HALF_EVEN, 2),
    (7, 1, 2, Round.HALF_EVEN, 4),  # 3.5 → 4 (even)
    (5, 1, 2, Round.DOWN, 2), (5, 1, 2, Round.UP, 3),
    (5, 1, 2, Round.FLOOR, 2), (5, 1, 2, Round.CEIL, 3),
    # −2.5: half-up is symmetric so reversals mirror settlements
    (-5, 1, 2, Round.HALF_UP, -3), (-5, 1, 2, Round.HALF_EVEN, -2),
    (-5, 1, 2, Round.FLOOR, -3), (-5, 1, 2, Round.CEIL, -2), (5, -1, 2, Round.DOWN, -2),
    (12, 1, 5, Round.HALF_UP, 2), (13, 1, 5, Round.HALF_UP, 3),  # 2.4, 2.6
])
def test_muldiv_rounds_ties_by_mode(a, b, d, mode, want):
    assert yibao.muldiv(a, b, d, mode) == want


def test_muldiv_uses_128_bit_products():
    # 9e18 × 3 ÷ 4 = 6.75e18: the product overflows 64 bits, the result does not.
    assert yibao.muldiv(9 * 10**18, 3, 4) == 6750000000000000000
    with pytest.raises(yibao.MoneyOverflowError) as e:
        yibao.muldiv(INT64_MAX, 2, 1)
    assert e.value.status == yibao.Status.E_OVERFLOW and e.value.name == "YB_E_OVERFLOW"
    assert isinstance(e.value, OverflowError)
    with pytest.raises(yibao.DivisionByZeroError):
        yibao.muldiv(1, 1, 0)
    with pytest.raises(ZeroDivisionError):
        yibao.muldiv(1, 1, 0)
    with pytest.raises(yibao.InvalidArgumentError):
        yibao.muldiv(1, 1, 1, 99)


def test_money_times_ratio_example():
    # 1234.56 yuan × 0.85 = 1049.376 yuan → 1049.38 yuan (104938 fen).
    assert yibao.muldiv(123456, 850000, yibao.api.YB_RATIO_ONE) == 104938
    # 0.1 + 0.2 in fen is exactly 0.3.
    assert yibao.parse_decimal("0.1", 2) + yibao.parse_decimal("0.2", 2) == 30
    # 0.005 yuan → 0.01 half-up, 0.00 half-even; 0.015 → 0.02 half-even.
    assert yibao.parse_decimal("0.005", 2, Round.HALF_UP) == 1
    assert yibao.parse_decimal("0.005", 2, Round.HALF_EVEN) == 0
    assert yibao.parse_decimal("0.015", 2, Round.HALF_EVEN) == 2


def test_rescale_rounds_only_when_dropping_digits():
    # 1234.56785 at 5 decimals to 4: 1234.5679 (half-up), 1234.5678 (down).
    assert yibao.rescale(123456785, 5, 4, Round.HALF_UP) == 12345679
    assert yibao.rescale(123456785, 5, 4, Round.DOWN) == 12345678
    assert yibao.rescale(15, 0, 2) == 1500
    with pytest.raises(yibao.MoneyOverflowError):
        yibao.rescale(INT64_MAX, 0, 1)
    with pytest.raises(yibao.InvalidArgumentError):
        yibao.rescale(1, 0, 19)


@pytest.mark.parametrize("text,dec,want", [
    ("12252.70", 2, 1225270), (" -0.93 ", 6, -930000), ("+7", 4, 70000), ("1.", 2, 100),
    (".5", 2, 50), ("1.2300", 2, 123), ("92233720368547758.07", 2, INT64_MAX),
])
def test_decimal_parse_is_exact(text, dec, want):
    assert yibao.parse_decimal(text, dec) == want


@pytest.mark.parametrize("bad", ["", " ", "-", ".", "1e3", "1,000", "1.2.3", "0x10", "12a", "--1", "1.234"])
def test_decimal_parse_rejects_with_the_text_in_the_message(bad):
    with pytest.raises(yibao.FormatError) as e:
        yibao.parse_decimal(bad, 2)
    assert repr(bad) in str(e.value)


def test_decimal_parse_overflow():
    with pytest.raises(yibao.MoneyOverflowError):
        yibao.parse_decimal("92233720368547758.08", 2)


def test_decimal_format_pads_and_signs():
    assert yibao.format_decimal(123456, 2) == "1234.56"
    assert yibao.format_decimal(-5, 2) == "-0.05"
    assert yibao.format_decimal(0, 4) == "0.0000"
    assert yibao.format_decimal(42, 0) == "42"
    assert yibao.format_decimal(INT64_MIN, 2) == "-92233720368547758.08"
    with pytest.raises(yibao.InvalidArgumentError):
        yibao.format_decimal(1, 19)


def test_raw_format_reports_a_short_buffer():
    buf = yibao.ffi.new("char[7]")
    assert yibao.lib.yb_decimal_format(123456, 2, buf, 7) == yibao.Status.E_LIMIT


def test_allocate_sums_exactly_with_largest_remainder():
    # 100 fen in thirds: one fen left, equal remainders → lowest index.
    assert yibao.allocate(100, [1, 1, 1]).tolist() == [34, 33, 33]
    # 1001 fen over 6:3:1: 600.6, 300.3, 100.1 → the fen goes to 0.6.
    assert yibao.allocate(1001, [6, 3, 1]).tolist() == [601, 300, 100]
    assert yibao.allocate(10, [1, 2, 3, 4]).tolist() == [1, 2, 3, 4]
    assert yibao.allocate(7, [1] * 10).tolist() == [1] * 7 + [0] * 3
    assert yibao.allocate(-1001, [6, 3, 1]).tolist() == [-601, -300, -100]
    # 5 × (2,0,1)/3 = 3.33, 0, 1.67 → 3, 0, 2
    assert yibao.allocate(5, np.array([2, 0, 1])).tolist() == [3, 0, 2]
    with pytest.raises(yibao.DivisionByZeroError):
        yibao.allocate(5, [0, 0])
    with pytest.raises(yibao.InvalidArgumentError):
        yibao.allocate(5, [1, -1])
    with pytest.raises(yibao.InvalidArgumentError):
        yibao.allocate(5, [])


def test_allocate_random_totals_add_up_and_stay_within_a_fen():
    rng = np.random.default_rng(7)
    for _ in range(300):
        w = rng.integers(0, 1_000_000, size=rng.integers(1, 18), dtype=np.int64)
        w[0] += 1
        total = int(rng.integers(-5 * 10**9, 5 * 10**9))
        parts = yibao.allocate(total, w)
        assert int(parts.sum()) == total
        ws = int(w.sum())
        for p, wi in zip(parts.tolist(), w.tolist()):
            assert abs(p * ws - total * wi) < ws


def test_decimal_edges_are_exact():
    assert yibao.to_fen(Decimal("12.34")) == 1234
    assert yibao.to_fen("0.1") == 10
    assert yibao.to_fen(12) == 1200
    assert yibao.to_fen(Decimal("1E+2")) == 10000
    assert yibao.from_fen(1234) == Decimal("12.34")
    assert str(yibao.from_fen(-5)) == "-0.05"
    assert yibao.to_fen(Decimal("0.005"), Round.HALF_UP) == 1
    with pytest.raises(yibao.FormatError):
        yibao.to_fen(Decimal("0.005"))  # a third decimal is not silently dropped
    with pytest.raises(TypeError):
        yibao.to_fen(0.1)  # binary floats never become money
    with pytest.raises(yibao.InvalidArgumentError):
        yibao.to_fen(Decimal("NaN"))
    assert yibao.to_fixed(Decimal("0.93"), yibao.money.RATIO_DECIMALS) == 930000
    assert yibao.from_fixed(12345679, 4) == Decimal("1234.5679")
    assert yibao.decimal_to_fen(["1.00", Decimal("2.5")]).tolist() == [100, 250]
    assert yibao.fen_to_decimal(np.array([1, -250])).tolist() == [Decimal("0.01"), Decimal("-2.50")]


def test_parse_fixed_column_is_exact_and_names_the_bad_row():
    import pandas as pd
    from decimal import Decimal as D
    got = yibao.parse_fixed_column(["12.34", " 0.05", D("100"), "-3.5"], 2)
    assert got.tolist() == [1234, 5, 10000, -350]
    assert yibao.parse_fixed_column(pd.Series(["1.2345", "7"], dtype="string[python]"), 4).tolist() == [12345, 70000]
    assert yibao.decimal_to_fen([D("1049.38"), "0.01"]).tolist() == [104938, 1]
    with pytest.raises(yibao.FormatError, match="row 1: value '1.234'"):
        yibao.parse_fixed_column(["1.23", "1.234"], 2)
    with pytest.raises(TypeError):
        yibao.parse_fixed_column(np.array([1.5]), 2)
