"""Point values and hospital payment (points.h) for DIP and DRG books.

A PointsBook (immutable, from a points-book or drg-book pack) settles a
DataFrame of grouped cases (group, hospital, insurance, cost, self_pay,
subtype, month, los_days) into points and payments; a PointsYear
accumulates the year for monthly advances, the year-end clearing and the
evaluation indices. Money columns accept int fen or Decimal/str yuan and
come back as int fen; single values (point values, totals) come back as
Decimal.
"""
import numpy as np

from ._base import Owned, call_batch, sized
from ._ffi import api, cstr, ffi, lib, utf8
from .columns import frame_columns, results
from .context import resolve
from .errors import check
from .handles import NO_ID, Handle, status_categorical
from .money import MONEY_DECIMALS, from_fen, from_fixed, to_fixed

Method = api.PointsMethod
Insurance = api.Insurance
CaseKind = api.PointsCaseKind
PV_DECIMALS = api.YB_POINT_VALUE_DECIMALS
_MONEY = ("cost", "self_pay")


def _values(book, point_values):
    """Per-pool point values (Decimal/str yuan per point, or ints at 6
    decimals) as (cdata, n) for the C calls; None → the book's."""
    if point_values is None:
        return ffi.NULL, 0, None
    arr = np.asarray([_fixed(v, PV_DECIMALS) for v in point_values], dtype=np.int64)
    return ffi.cast("int64_t *", ffi.from_buffer(arr)), len(arr), arr


class PointsBook(Handle):
    """A point-value book (yb_points_book)."""

    prefix = "yb_points_book"

    @property
    def method(self):
        return Method(lib.yb_points_book_method(self.ptr))

    @property
    def pool_count(self):
        return int(lib.yb_points_book_pool_count(self.ptr))

    def point_value(self, pool=0):
        """The budget point value the book publishes for a pool (Decimal yuan)."""
        v = ffi.new("int64_t *")
        check(lib.yb_points_book_point_value(self.ptr, pool, v), None, "point value of pool %d" % pool)
        return from_fixed(v[0], PV_DECIMALS)

    def _id(self, thing, code):
        b, out = utf8(code), ffi.new("uint32_t *")
        check(getattr(lib, "yb_points_book_%s_lookup" % thing)(self.ptr, b, len(b), out), None,
              "%s %r is not in the book" % (thing, code))
        return int(out[0])

    def group_info(self, code):
        i = sized("yb_points_group_info")
        check(lib.yb_points_book_group_info(self.ptr, self._id("group", code), i), None, "group_info")
        return {"score": from_fixed(i.score, 4), "weight": from_fixed(i.weight, 4),
                "primary_care": bool(i.primary_care), "name": cstr(i.name)}

    def hospital_info(self, code):
        i = sized("yb_points_hospital_info")
        check(lib.yb_points_book_hospital_info(self.ptr, self._id("hospital", code), i), None, "hospital_info")
        return {"level": cstr(i.level), "name": cstr(i.name),
                **{k: from_fixed(getattr(i, k), 6) for k in ("base_coefficient", "addon_cmi", "addon_children",
                                                              "addon_elderly", "addon_tcm", "coefficient")}}

    def payment(self, points, point_value):
        """round(points × point value) in the book's rounding, as Decimal yuan."""
        out = ffi.new("int64_t *")
        check(lib.yb_points_book_payment(self.ptr, to_fixed(points, 4), to_fixed(point_value, PV_DECIMALS), out),
              None, "yb_points_book_payment")
        return from_fen(out[0])

    def settle(self, cases, point_values=None, ctx=None, progress=None, callback=None):
        """Points and payment of every case: a DataFrame (same index) with
        status/status_name, group/hospital codes and ids, pool, kind, score,
        coefficients, standard cost, deviation, points, point value, payment
        and fund due (ints at their documented decimals; money in fen)."""
        return _settle(self, "yb_points_case_batch", self.ptr, cases, point_values, ctx, progress, callback)

    def budget_value(self, cost, points, weights=None, ctx=None):
        """Budget point value from past years (cost in yuan or fen ints, points
        Decimal/str or ints at 4 decimals), oldest first."""
        ctx = resolve(ctx)
        c = np.asarray([_fen(v) for v in cost], dtype=np.int64)
        p = np.asarray([_pts(v) for v in points], dtype=np.int64)
        w = None if weights is None else np.asarray(weights, dtype=np.int64)
        out = ffi.new("int64_t *")
        ctx.check(lib.yb_points_budget_value(ctx.ptr, self.ptr, ffi.from_buffer("int64_t[]", c),
                                             ffi.from_buffer("int64_t[]", p), len(c),
                                             ffi.NULL if w is None else ffi.from_buffer("int64_t[]", w), out),
                  "yb_points_budget_value")
        return from_fixed(out[0], PV_DECIMALS)

    def settlement_value(self, pool, fund, points, self_pay=0, ctx=None):
        """Settlement point value of a pool (fund/self_pay in int fen or
        Decimal yuan, points ints at 4 decimals or Decimal)."""
        ctx = resolve(ctx)
        out = ffi.new("int64_t *")
        ctx.check(lib.yb_points_settlement_value(
            ctx.ptr, self.ptr, pool, _fen(fund), _pts(points), _fen(self_pay), out), "yb_points_settlement_value")
        return from_fixed(out[0], PV_DECIMALS)

    def year(self, ctx=None):
        """A new year accumulator of this book."""
        return PointsYear(self, ctx)


def _fixed(v, decimals):
    """An int as it is (already fixed point), a Decimal/str converted exactly."""
    return int(v) if isinstance(v, (int, np.integer)) else to_fixed(v, decimals)


def _fen(v):
    return _fixed(v, MONEY_DECIMALS)


def _pts(v):
    return _fixed(v, 4)


def _settle(owner, fn_name, ptr, cases, point_values, ctx, progress, callback):
    import pandas as pd
    book = owner.book if isinstance(owner, PointsYear) else owner
    ctx = resolve(ctx)
    cols = frame_columns("yb_points_case_columns", cases, money=_MONEY)
    n = cols.n
    out = results("yb_points_case_results", n)
    pv, nv, keep = _values(book, point_values)
    row_status, _ = call_batch(ctx, fn_name, (ptr, cols.ptr, pv, nv, out.ptr), n, "points", progress, callback)
    del keep
    frame = {"status": row_status, "status_name": status_categorical(row_status),
             "group": book.map_codes("group", out.arrays["group_id"])}
    if "hospital_data" in cols.arrays:  # keep the caller's codes (hospitals not in the book too)
        frame["hospital"] = np.asarray(cases["hospital"], dtype=object)
    else:
        frame["hospital"] = book.map_codes("hospital", out.arrays["hospital_id"])
    frame.update(out.arrays)
    return pd.DataFrame(frame, index=getattr(cases, "index", None))


class PointsYear(Owned):
    """A year of settled cases (yb_points_year); one thread at a time."""

    _free_fn = "yb_points_year_free"
    _what = "the year"

    def __init__(self, book, ctx=None):
        self.book = book
        self._ctx = resolve(ctx)
        out = ffi.new("yb_points_year **")
        self._ctx.check(lib.yb_points_year_new(self._ctx.ptr, book.ptr, out), "yb_points_year_new")
        self._ptr = out[0]

    def add(self, cases, point_values=None, ctx=None, progress=None, callback=None):
        """Settles cases like PointsBook.settle and adds the good rows to the year."""
        return _settle(self, "yb_points_year_add_batch", self.ptr, cases, point_values,
                       ctx or self._ctx, progress, callback)

    def hospitals(self):
        """Hospital codes of the year by id (the book's, then new ones)."""
        return [cstr(lib.yb_points_year_hospital_code(self.ptr, i))
                for i in range(lib.yb_points_year_hospital_count(self.ptr))]

    def totals(self, hospital=None, pool=-1, month=-1):
        """Totals of a slice (hospital code or None for all): a dict, money in Decimal yuan."""
        h = NO_ID if hospital is None else self.hospitals().index(hospital)
        t = sized("yb_points_totals")
        self._ctx.check(lib.yb_points_year_totals(self._ctx.ptr, self.ptr, h, pool, month, t), "yb_points_year_totals")
        money = {"cost", "self_pay", "payment", "review_cost", "ffs_cost", "ffs_self_pay", "ffs_payment"}
        pts = {"points", "score_sum", "review_points"}
        return {k: from_fen(getattr(t, k)) if k in money else from_fixed(getattr(t, k), 4) if k in pts
                else int(getattr(t, k)) for k, _ in ffi.typeof("yb_points_totals").fields if k != "size"}

    def advance(self, month, point_values=None):
        """Monthly advance of every hospital: a DataFrame indexed by hospital (fen; points 4 decimals)."""
        import pandas as pd
        n = len(self.hospitals())
        out = results("yb_points_advance_results", n)
        pv, nv, keep = _values(self.book, point_values)
        self._ctx.check(lib.yb_points_year_advance(self._ctx.ptr, self.ptr, month, pv, nv, out.ptr),
                        "yb_points_year_advance")
        del keep
        return pd.DataFrame(out.arrays, index=pd.Index(self.hospitals(), name="hospital"))

    def clear(self, fund_budget, special_review_pool=None, budget_values=None, advance_paid=None,
              deposit_withheld=None, assessment=None, review_claim=None):
        """Year-end clearing. Per-pool amounts and per-hospital amounts in int
        fen or Decimal yuan; assessment as Decimal/str shares (0 … 1).
        Returns (pools DataFrame, hospitals DataFrame), money in fen."""
        import pandas as pd
        hosp = self.hospitals()
        pools, nh = self.book.pool_count, len(hosp)
        inp = sized("yb_points_clearing_input")
        inp.n_pools, inp.n_hospitals = pools, nh
        keep = []

        def arr(name, values, conv):
            if values is not None:
                a = np.asarray([conv(v) for v in values], dtype=np.int64)
                keep.append(a)
                setattr(inp, name, ffi.cast("int64_t *", ffi.from_buffer(a)))
        arr("fund_budget", fund_budget, _fen)
        arr("special_review_pool", special_review_pool, _fen)
        arr("budget_values", budget_values, lambda v: _fixed(v, PV_DECIMALS))
        arr("advance_paid", advance_paid, _fen)
        arr("deposit_withheld", deposit_withheld, _fen)
        arr("assessment", assessment, lambda v: _fixed(v, api.YB_RATIO_DECIMALS))
        arr("review_claim", review_claim, _fen)
        out = sized("yb_points_clearing_results")
        cols = {}
        for name, _f in ffi.typeof("yb_points_clearing_results").fields:
            if name in ("size", "reserved"):
                continue
            length = pools if name.startswith("pool_") else nh * pools if name.startswith("hp_") else nh
            cols[name] = np.zeros(length, dtype=np.int64)
            keep.append(cols[name])
            setattr(out, name, ffi.cast("int64_t *", ffi.from_buffer(cols[name], require_writable=True)))
        self._ctx.check(lib.yb_points_year_clear(self._ctx.ptr, self.ptr, inp, out), "yb_points_year_clear")
        pool_df = pd.DataFrame({k[5:]: v for k, v in cols.items() if k.startswith("pool_")})
        hosp_df = pd.DataFrame({k: v for k, v in cols.items() if not k.startswith(("pool_", "hp_"))},
                               index=pd.Index(hosp, name="hospital"))
        for k, v in cols.items():
            if k.startswith("hp_"):
                for p in range(pools):
                    hosp_df["%s_pool%d" % (k[3:], p)] = v[p::pools]
        return pool_df, hosp_df

    def indices(self):
        """Evaluation indices: (hospitals DataFrame, region dict), ints at their decimals."""
        import pandas as pd
        hosp = self.hospitals()
        h = results("yb_points_index_results", len(hosp))
        r = results("yb_points_index_results", 1)
        self._ctx.check(lib.yb_points_year_indices(self._ctx.ptr, self.ptr, h.ptr, r.ptr), "yb_points_year_indices")
        return (pd.DataFrame(h.arrays, index=pd.Index(hosp, name="hospital")),
                {k: int(v[0]) for k, v in r.arrays.items()})


DipTotalMethod = api.DipTotalMethod
_TOTAL_FIELDS = {"inpatient_budget", "regional_adjustment", "out_of_area", "other_excluded", "last_dip_total",
                 "last_inpatient_total", "income_budget", "income_actual"}


def dip_total(method, growth_rate=None, growth_cap=None, rounding=api.Round.HALF_UP, ctx=None, **amounts):
    """The DIP total of a region (yb_points_dip_total, DIP 3.0 draft ch. 4 §2.2)
    by method "items", "proportion" or "growth" (or DipTotalMethod):
    amounts in int fen or Decimal/str yuan (inpatient_budget,
    regional_adjustment, out_of_area, other_excluded, last_dip_total,
    last_inpatient_total, income_budget, income_actual), growth_rate and
    growth_cap as Decimal/str shares ("0.08"). Returns a dict: total and
    before_rebase (Decimal yuan), share and growth_applied (Decimal, 6 decimals)."""
    ctx = resolve(ctx)
    inp = sized("yb_dip_total_input")
    inp.method = DipTotalMethod[method.upper()] if isinstance(method, str) else int(method)
    for name, v in amounts.items():
        if name not in _TOTAL_FIELDS:
            raise TypeError("dip_total() has no amount %r" % name)
        setattr(inp, name, _fen(v))
    if growth_rate is not None:
        inp.growth_rate = to_fixed(growth_rate, api.YB_RATIO_DECIMALS)
    if growth_cap is not None:
        inp.growth_capped, inp.growth_cap = 1, to_fixed(growth_cap, api.YB_RATIO_DECIMALS)
    out = sized("yb_dip_total_result")
    ctx.check(lib.yb_points_dip_total(ctx.ptr, inp, int(rounding), out), "yb_points_dip_total")
    return {"total": from_fen(out.total), "before_rebase": from_fen(out.before_rebase),
            "share": from_fixed(out.share, api.YB_RATIO_DECIMALS),
            "growth_applied": from_fixed(out.growth_applied, api.YB_RATIO_DECIMALS)}


def elastic_value(total, base_points, increment_points=0, fixed_point_value=None, base_share=None,
                  actual_paid=0, floating_cap=None, decimals=4, rounding=api.Round.HALF_UP, ctx=None):
    """The elastic point value (弹性点值, yb_points_elastic_value, DIP 3.0 draft
    ch. 4 §3.1): the base part at a fixed value (given, or base_share × total
    ÷ base points), the increment part at a floating value capped by
    floating_cap. total and actual_paid in int fen or Decimal/str yuan;
    points Decimal/str or ints at 4 decimals; values and shares Decimal/str.
    Returns a dict: point values as Decimal (6 decimals), money as Decimal yuan."""
    ctx = resolve(ctx)
    inp = sized("yb_elastic_input")
    inp.decimals = int(decimals)
    inp.total, inp.actual_paid = _fen(total), _fen(actual_paid)
    inp.base_points, inp.increment_points = _pts(base_points), _pts(increment_points)
    if fixed_point_value is not None:
        inp.fixed_point_value = to_fixed(fixed_point_value, PV_DECIMALS)
    if base_share is not None:
        inp.base_share = to_fixed(base_share, api.YB_RATIO_DECIMALS)
    if floating_cap is not None:
        inp.capped, inp.floating_cap = 1, to_fixed(floating_cap, PV_DECIMALS)
    out = sized("yb_elastic_result")
    ctx.check(lib.yb_points_elastic_value(ctx.ptr, inp, int(rounding), out), "yb_points_elastic_value")
    values = ("fixed_point_value", "floating_uncapped", "floating_point_value")
    return {name: from_fixed(getattr(out, name), PV_DECIMALS) if name in values else from_fen(getattr(out, name))
            for name, _f in ffi.typeof("yb_elastic_result").fields if name != "size"}
