"""Building a region's DIP catalogue from a case history (dip.h,
yb_dip_build_catalog; doc/packs-dip.md "Building a catalogue"; DIP 3.0 draft
ch. 3). Use it through :meth:`yibao.DipCatalog.build`.

Shares (trim_low, trim_high, coverage, related_min_increase) are Decimal or
str fractions ("0.025" = 2.5 %); costs are int fen or Decimal/str yuan.
"""
import os

import numpy as np

from ._base import call_batch, sized
from ._ffi import api, cstr, ffi, lib
from .cases import case_columns
from .context import resolve
from .errors import check
from .money import RATIO_DECIMALS, fen_column, from_fixed, to_fixed

Layer = api.DipLayer
Threshold = api.DipThreshold
MEAN_DECIMALS = 6  # mean costs: yuan with 6 decimals
SCORE_DECIMALS = api.YB_SCORE_DECIMALS


def _share(v):
    if isinstance(v, float):
        raise TypeError("shares are Decimal or str (\"0.025\"), not float")
    return to_fixed(v, RATIO_DECIMALS)


class DipBuild:
    """The result of a catalogue build: ``path`` (the new dip-catalog pack),
    ``summary`` (a dict: counts, threshold, group counts, mean_all and
    reference_mean as Decimal yuan), ``groups`` (a DataFrame in the order of
    scores.csv: code, name, kind, primary_care, local, cases, cases_kept,
    mean_cost (int, yuan with 6 decimals), score (int, 4 decimals)) and
    ``row_status`` (one status per history row; non-zero rows were left out).
    ``load()`` opens the new catalogue."""

    def __init__(self, path, ptr, row_status):
        import pandas as pd
        self.path = path
        self.row_status = row_status
        try:
            s = sized("yb_dip_build_summary")
            check(lib.yb_dip_build_get_summary(ptr, s), None, "yb_dip_build_get_summary")
            self.summary = {name: (from_fixed(getattr(s, name), MEAN_DECIMALS) if name in ("mean_all", "reference_mean")
                                   else int(getattr(s, name)))
                            for name, _f in ffi.typeof("yb_dip_build_summary").fields if name != "size"}
            rows = []
            for i in range(lib.yb_dip_build_group_count(ptr)):
                g = sized("yb_dip_build_group")
                check(lib.yb_dip_build_group_info(ptr, i, g), None, "yb_dip_build_group_info")
                rows.append({"code": cstr(g.code), "name": cstr(g.name), "kind": Layer(g.kind).name.lower(),
                             "primary_care": bool(g.primary_care), "local": bool(g.local), "cases": g.cases,
                             "cases_kept": g.cases_kept, "mean_cost": g.mean_cost, "score": g.score})
            self.groups = pd.DataFrame(rows, columns=["code", "name", "kind", "primary_care", "local", "cases",
                                                      "cases_kept", "mean_cost", "score"])
        finally:
            lib.yb_dip_build_free(ptr)

    def load(self, ctx=None):
        from .grouping import DipCatalog
        return DipCatalog(self.path, ctx)

    def __repr__(self):
        return "DipBuild(%r, %d groups, threshold %d)" % (self.path, len(self.groups), self.summary["threshold"])


def build_catalog(base, history, out_dir, cost="cost", year="year", dx="dx", proc="proc", sep=None, years=None,
                  year_weights=None, trim_low=None, trim_high=None, threshold=None, coverage=None,
                  related_min_increase=None, new_core_groups=None, comprehensive_min_cases=None,
                  subtype_min_cases=None, scale=None, reference_group=None, rounding=None, name=None,
                  version=None, region=None, ctx=None, progress=None, callback=None):
    """See DipCatalog.build."""
    ctx = resolve(ctx)
    cols = case_columns(history, dx, proc, sep)
    costs = np.ascontiguousarray(fen_column(history[cost], "costs"), dtype=np.int64)
    yrs = np.ascontiguousarray(history[year], dtype=np.int32)
    if len(costs) != cols.n or len(yrs) != cols.n:
        raise ValueError("cost and year columns must have one value per case")
    h = sized("yb_dip_history")
    h.cases = cols.ptr
    h.cost = ffi.cast("int64_t *", ffi.from_buffer(costs))
    h.year = ffi.cast("int32_t *", ffi.from_buffer(yrs))
    p = ffi.new("yb_dip_build_params *")
    lib.yb_dip_build_params_init(p)
    keep = []
    if years is not None:
        ya = np.asarray(years, dtype=np.int32)
        keep.append(ya)
        p.years = ffi.cast("int32_t *", ffi.from_buffer(ya))
        p.n_years = len(ya)
    if year_weights is not None:
        wa = np.asarray(year_weights, dtype=np.int32)
        keep.append(wa)
        p.year_weights = ffi.cast("int32_t *", ffi.from_buffer(wa))
        if years is None:
            p.n_years = len(wa)
    if trim_low is not None:
        p.trim_low = _share(trim_low)
    if trim_high is not None:
        p.trim_high = _share(trim_high)
    if threshold is not None and coverage is not None:
        raise ValueError("give a fixed threshold or a coverage share, not both")
    if threshold is not None:
        p.threshold_mode, p.threshold_cases = Threshold.FIXED, int(threshold)
    if coverage is not None:
        p.threshold_mode, p.threshold_coverage = Threshold.COVERAGE, _share(coverage)
    if related_min_increase is not None:
        p.related_min_increase = _share(related_min_increase)
    for field, v in (("new_core_groups", new_core_groups), ("comprehensive_min_cases", comprehensive_min_cases),
                     ("subtype_min_cases", subtype_min_cases), ("scale", scale), ("rounding", rounding)):
        if v is not None:
            setattr(p, field, int(v))
    for field, v in (("reference_group", reference_group), ("name", name), ("version", version),
                     ("region", region)):
        if v is not None:
            b = ffi.new("char[]", str(v).encode("utf-8"))
            keep.append(b)
            setattr(p, field, b)
    out = ffi.new("yb_dip_build **")
    row_status, _ = call_batch(ctx, "yb_dip_build_catalog", (base.ptr, h, p, os.fsencode(out_dir), out), cols.n,
                               "DIP catalogue", progress, callback)
    del keep
    return DipBuild(str(out_dir), out[0], row_status)
