"""Capitation budgets and clearing (capitation.h).

A CapPlan (immutable, from a capitation-plan pack) gives the budget; a
CapLedger (mutable, one thread) takes the year's entries from a DataFrame;
clearing it gives a CapClearing with the summary, per pot / tier / month
results, facility payments and every explained step.

Summaries and results are dicts whose money is ``decimal.Decimal`` yuan
(exact: from int fen); ratios and scores are Decimals with their documented
decimals. Tables (steps, payments) are DataFrames in int fen for analysis.
"""
import numpy as np

from ._base import Owned, call_batch, sized
from ._ffi import api, cstr, ffi, lib, utf8
from .columns import Columns, utf8_column
from .context import resolve
from .errors import check
from .handles import NO_ID, Handle
from .money import fen_column, from_fixed

EntryKind = api.CapEntryKind
Mode = api.CapMode
StepKind = api.CapStepKind
Criterion = api.CapCriterion

# Decimals of the non-money int64 fields (everything else int64 is fen);
# None keeps an int.
_SCALES = {
    "growth": 6, "risk_weight": 6, "risk_score": 6, "normalised_score": 6, "enrollees": None,
    "score": 4, "retention_factor": 6, "entries": None, "reversed": None, "visits": None,
    "quantity": api.YB_CAP_QTY_DECIMALS, "total_quantity": api.YB_CAP_QTY_DECIMALS,
    "unit_price": 6,
}


def _value(name, ctype, v):
    if ctype.kind == "array":
        return [_value(name, ctype.item, x) for x in v]
    if ctype.kind == "pointer" and ctype.item.cname == "char":
        return cstr(v)
    if ctype.cname != "int64_t":
        return int(v)
    scale = _SCALES.get(name, 2)
    return int(v) if scale is None else from_fixed(int(v), scale)


def _dict(p):
    """A filled result struct as a dict (money as Decimal yuan)."""
    return {name: _value(name, f.type, getattr(p, name))
            for name, f in ffi.typeof(p).item.fields if name not in ("size", "reserved")}


class CapPlan(Handle):
    """A capitation plan (yb_cap_plan) loaded from a capitation-plan pack."""

    prefix = "yb_cap_plan"

    @property
    def mode(self):
        return Mode(lib.yb_cap_plan_mode(self.ptr))

    def budget(self, ctx=None):
        """The budget the plan implies (alliance mode), as a dict."""
        ctx = resolve(ctx)
        b = sized("yb_cap_budget")
        ctx.check(lib.yb_cap_plan_budget(ctx.ptr, self.ptr, b), "yb_cap_plan_budget")
        return _dict(b)

    def ledger(self, ctx=None):
        """A new, empty ledger of this plan."""
        return CapLedger(self, ctx)


def _string_column(values):
    if values is None:
        return None, None
    vals = ["" if v is None or (isinstance(v, float) and v != v) else str(v) for v in list(values)]
    return utf8_column(vals)


def _kinds(values):
    arr = values.to_numpy() if hasattr(values, "to_numpy") else np.asarray(values)
    if arr.dtype.kind in "iu":
        return arr.astype(np.int32, copy=False)
    out = np.empty(len(arr), dtype=np.int32)
    parsed = {}
    for i, v in enumerate(arr.tolist()):
        if v not in parsed:
            b, k = utf8(v), ffi.new("int32_t *")
            check(lib.yb_cap_entry_kind_parse(b, len(b), k), None, "row %d: entry kind %r" % (i, v))
            parsed[v] = k[0]
        out[i] = parsed[v]
    return out


class CapLedger(Owned):
    """The in-year ledger of a plan (yb_cap_ledger); one thread at a time."""

    _free_fn = "yb_cap_ledger_free"
    _what = "the ledger"

    def __init__(self, plan, ctx=None):
        self.plan = plan
        self._ctx = resolve(ctx)
        out = ffi.new("yb_cap_ledger **")
        self._ctx.check(lib.yb_cap_ledger_new(self._ctx.ptr, plan.ptr, out), "yb_cap_ledger_new")
        self._ptr = out[0]

    def add(self, entries, ctx=None, progress=None, callback=None):
        """Adds a DataFrame (or mapping) of entries in row order: columns
        entry_id, kind (EntryKind or its name, e.g. "spend_alliance"), month,
        and as needed pot, facility, amount (int fen, or Decimal/str yuan),
        quantity, reverses. Returns the int32 row statuses (0 = added); bad
        rows leave the ledger unchanged and never stop the batch. progress and
        callback(done, total) work as in Context.progress; a cancelled batch
        keeps the rows before the cancel and raises CancelledError."""
        n = len(entries["entry_id"])
        arrays = {"kind": _kinds(entries["kind"])}
        for name in ("month", "quantity"):
            if name in entries:
                arrays[name] = entries[name]
        if "amount" in entries:
            arrays["amount"] = fen_column(entries["amount"])
        for name in ("entry_id", "pot", "facility", "reverses"):
            data, offsets = _string_column(entries[name] if name in entries else None)
            if data is not None:
                arrays[name + "_data"], arrays[name + "_offsets"] = data, offsets
        if "month" not in arrays:
            arrays["month"] = np.zeros(n, dtype=np.int32)
        cols = Columns("yb_cap_entry_columns", n, arrays)
        ctx = resolve(ctx) if ctx is not None else self._ctx
        row_status, _ = call_batch(ctx, "yb_cap_ledger_add_batch", (self.ptr, cols.ptr), n, "ledger entries",
                                   progress, callback)
        return row_status

    def add_one(self, entry_id, kind, month=0, pot=None, facility=None, amount=0, quantity=0,
                reverses=None):
        """Adds one entry; a bad entry raises a CapitationRowError saying why."""
        if isinstance(kind, str):
            kind = int(_kinds([kind])[0])
        fen = int(fen_column([amount])[0]) if not isinstance(amount, int) else amount

        def s(x):
            return ffi.NULL if x is None else utf8(x)
        self._ctx.check(lib.yb_cap_ledger_add_one(self._ctx.ptr, self.ptr, utf8(entry_id), int(kind), month,
                                                  s(pot), s(facility), fen, quantity, s(reverses)),
                        "entry %r" % (entry_id,))

    def totals(self):
        t = sized("yb_cap_ledger_totals")
        check(lib.yb_cap_ledger_totals_get(self.ptr, t), None, "yb_cap_ledger_totals_get")
        return _dict(t)

    def clear(self, through_month=0, item_scores=None, total_score=None, ctx=None):
        """Clears months 1 … through_month (0 = the year). Scores are Decimal,
        str or int (e.g. Decimal("95")) on the 100-point scale."""
        ctx = resolve(ctx) if ctx is not None else self._ctx
        inp = sized("yb_cap_clearing_input")
        inp.through_month = through_month
        inp.total_score = -1 if total_score is None else _score(total_score)
        keep = None
        if item_scores is not None:
            keep = np.array([_score(x) for x in item_scores], dtype=np.int64)
            inp.item_scores = ffi.cast("int64_t *", ffi.from_buffer(keep))
            inp.n_item_scores = len(keep)
        out = ffi.new("yb_cap_clearing **")
        ctx.check(lib.yb_cap_clear(ctx.ptr, self.plan.ptr, self.ptr, inp, out), "yb_cap_clear")
        del keep
        return CapClearing(self.plan, out[0])


def _score(x):
    from .money import to_fixed
    return to_fixed(x, api.YB_SCORE_DECIMALS)


class CapClearing:
    """The result of a clearing (yb_cap_clearing)."""

    def __init__(self, plan, ptr):
        self.plan = plan
        self._ptr = ffi.gc(ptr, lib.yb_cap_clearing_free)

    def summary(self):
        s = sized("yb_cap_summary")
        check(lib.yb_cap_clearing_summary(self._ptr, s), None, "yb_cap_clearing_summary")
        d = _dict(s)
        d["mode"] = Mode(d["mode"])
        return d

    @property
    def text(self):
        return cstr(lib.yb_cap_clearing_text(self._ptr))

    def __str__(self):
        return self.text

    def pot(self, code):
        return self._part("pot", "yb_cap_pot_result", code)

    def tier(self, code):
        return self._part("tier", "yb_cap_tier_result", code)

    def month(self, month):
        r = sized("yb_cap_month_result")
        check(lib.yb_cap_clearing_month(self._ptr, month, r), None, "month %r" % (month,))
        return _dict(r)

    def _part(self, thing, ctype, code):
        codes = list(self.plan.codes(thing))
        if code not in codes:
            raise KeyError("%s %r is not in the plan (%s)" % (thing, code, ", ".join(codes)))
        r = sized(ctype)
        check(getattr(lib, "yb_cap_clearing_" + thing)(self._ptr, codes.index(code), r), None, thing)
        return _dict(r)

    def steps(self):
        """Every step as a DataFrame: kind, month, pot, band, tier, facility,
        criterion, base, ratio, amount (ints as in yb_cap_step), text."""
        import pandas as pd
        rows = []
        for i in range(lib.yb_cap_clearing_step_count(self._ptr)):
            st = sized("yb_cap_step")
            check(lib.yb_cap_clearing_step(self._ptr, i, st), None, "yb_cap_clearing_step")
            rows.append({
                "kind": StepKind(st.kind).name, "month": st.month,
                "pot": self._code("pot", st.pot), "band": None if st.band == NO_ID else st.band,
                "tier": self._code("tier", st.tier), "facility": self._code("facility", st.facility),
                "criterion": None if st.criterion < 0 else Criterion(st.criterion).name,
                "base": st.base, "ratio": st.ratio, "amount": st.amount, "text": cstr(st.text)})
        return pd.DataFrame(rows)

    def payments(self):
        """openIMIS facility payments: one row per facility and month, with
        payment_<criterion> (fen) and total (fen)."""
        import pandas as pd
        rows = []
        for i in range(lib.yb_cap_clearing_payment_count(self._ptr)):
            p = sized("yb_cap_facility_payment")
            check(lib.yb_cap_clearing_payment(self._ptr, i, p), None, "yb_cap_clearing_payment")
            row = {"month": p.month, "facility": self._code("facility", p.facility), "total": p.total}
            for c in Criterion:
                row["payment_" + c.name.lower()] = p.payment[c]
            rows.append(row)
        return pd.DataFrame(rows)

    def _code(self, thing, id):
        return None if id == NO_ID else self.plan.codes(thing)[id]


__all__ = ["CapPlan", "CapLedger", "CapClearing", "EntryKind", "Mode", "StepKind", "Criterion"]
