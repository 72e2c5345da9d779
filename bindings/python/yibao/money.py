"""Exact money and fixed point (money.h): int fen inside, decimal.Decimal at
the edges. Nothing here goes through binary floating point."""
import decimal

import numpy as np

from ._ffi import api, ffi, lib, utf8
from .errors import check, InvalidArgumentError

Round = api.Round
MONEY_DECIMALS = api.YB_MONEY_DECIMALS
RATIO_DECIMALS = api.YB_RATIO_DECIMALS
SCORE_DECIMALS = api.YB_SCORE_DECIMALS
POINT_VALUE_DECIMALS = api.YB_POINT_VALUE_DECIMALS


def muldiv(a, b, d, mode=Round.HALF_UP):
    """round(a × b ÷ d) with a 128-bit product and one rounding (yb_muldiv)."""
    out = ffi.new("int64_t *")
    check(lib.yb_muldiv(a, b, d, int(mode), out), None, "yb_muldiv")
    return int(out[0])


def rescale(value, from_decimals, to_decimals, mode=Round.HALF_UP):
    """A fixed-point value with other decimals; rounds only when dropping digits."""
    out = ffi.new("int64_t *")
    check(lib.yb_rescale(value, from_decimals, to_decimals, int(mode), out), None, "yb_rescale")
    return int(out[0])


def parse_decimal(text, decimals, mode=None):
    """Parses decimal text into a fixed-point int with `decimals` digits.

    mode None: exact (extra non-zero digits are a FormatError); a Round
    mode rounds them."""
    b = utf8(text)
    out = ffi.new("int64_t *")
    if mode is None:
        rc = lib.yb_decimal_parse(b, len(b), decimals, out)
    else:
        rc = lib.yb_decimal_parse_round(b, len(b), decimals, int(mode), out)
    check(rc, None, "cannot parse %r as a decimal with %d decimals" % (text, decimals))
    return int(out[0])


def format_decimal(value, decimals):
    """The fixed-point value as text with exactly `decimals` digits."""
    buf = ffi.new("char[32]")
    n = check(lib.yb_decimal_format(value, decimals, buf, 32), None, "yb_decimal_format")
    return ffi.string(buf, n).decode("ascii")


def to_fixed(amount, decimals, mode=None):
    """A Decimal, str or int amount as a fixed-point int (exact unless mode)."""
    if isinstance(amount, float):
        raise TypeError("binary floats are not accepted for exact amounts; pass a str or Decimal")
    if isinstance(amount, decimal.Decimal):
        if not amount.is_finite():
            raise InvalidArgumentError(api.Status.E_INVALID_ARG, "not a finite amount: %s" % amount)
        amount = format(amount, "f")
    return parse_decimal(str(amount), decimals, mode)


def from_fixed(value, decimals):
    """A fixed-point int as a Decimal with exactly `decimals` digits."""
    return decimal.Decimal(format_decimal(int(value), decimals))


def to_fen(yuan, mode=None):
    """Yuan (Decimal, str or int) to int fen: to_fen(Decimal('12.34')) == 1234."""
    return to_fixed(yuan, MONEY_DECIMALS, mode)


def from_fen(fen):
    """int fen to Decimal yuan: from_fen(1234) == Decimal('12.34')."""
    return from_fixed(fen, MONEY_DECIMALS)


def allocate(total, weights):
    """Splits total into parts proportional to weights that add up to total
    exactly (largest remainder, ties to the lower index). weights: an int64
    numpy array is passed without a copy; any integer sequence works.
    Returns an int64 numpy array."""
    w = np.ascontiguousarray(weights, dtype=np.int64)
    parts = np.empty(len(w), dtype=np.int64)
    rc = lib.yb_allocate(total, ffi.from_buffer("int64_t[]", w), len(w),
                         ffi.from_buffer("int64_t[]", parts, require_writable=True))
    check(rc, None, "yb_allocate")
    return parts


def fen_to_decimal(values):
    """An array/Series of fen as a list-like of Decimal yuan (object array)."""
    return np.array([from_fen(v) for v in np.asarray(values, dtype=np.int64)], dtype=object)


def decimal_to_fen(values, mode=None):
    """An iterable of Decimal/str yuan as an int64 array of fen (exact:
    vectorised, a FormatError names the first bad row; with a Round mode,
    digits past the fen are rounded, one by one)."""
    if mode is not None:
        return np.fromiter((to_fen(v, mode) for v in values), dtype=np.int64)
    return parse_fixed_column(values, MONEY_DECIMALS)


def fen_column(values, what=None):
    """An amount column (list, array or Series) as fen: integers are fen and
    pass as they are, Decimal/str are yuan (exact); floats are refused.
    `what` names the column in the error."""
    arr = values.to_numpy() if hasattr(values, "to_numpy") else np.asarray(values)
    if arr.dtype.kind in "iu":
        return arr
    if arr.dtype.kind == "f":
        raise TypeError("%sfloat amounts are not exact; give int fen or Decimal/str yuan"
                        % ("%s: " % what if what else ""))
    return decimal_to_fen(arr.tolist())


def parse_fixed_column(values, decimals):
    """A column of Decimal or decimal text (a list, array or Series; pandas
    and Arrow string columns included) as an int64 array of fixed-point
    values with `decimals` digits, parsed exactly in C. Integers in an object
    column are taken as already fixed point. Raises FormatError naming the
    first row that is not a decimal with at most `decimals` digits."""
    from .claims import LineErrors, _fixed
    n = len(values)
    errors = LineErrors(np.arange(n))
    out = _fixed(values, "value", decimals, errors)
    if errors.status is not None:
        first = min(errors.messages)
        from .errors import error_class
        raise error_class(api.Status.E_FORMAT)(api.Status.E_FORMAT, "row %s" % errors.messages[first][5:])
    return out
