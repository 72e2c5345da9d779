"""Inpatient cases as columns (cases.h): a pandas DataFrame (or any mapping
of column name -> sequence) into ``yb_case_columns``.

Integer columns are named as the struct fields (sex, age_years, age_days,
birth_weight_g, los_days, discharge_type, vent_hours, icu_days); missing
values (NaN/None/pd.NA) become -1; an absent optional column is NULL. A
column of the exact C dtype without missing values is passed without a copy.
Diagnoses and procedures are list columns (`dx`, `proc`: principal first),
of code strings (sent in the Arrow large-utf8 layout) or of ids from the
scheme's dictionary (uint32); a column of strings joined by `sep` works too.
"""
import numpy as np

from ._ffi import api
from .columns import Columns, arrow_lists, join_lists, list_column, split_utf8, utf8_column

Discharge = api.Discharge
INT_COLUMNS = ("sex", "age_years", "age_days", "birth_weight_g", "los_days", "discharge_type",
               "vent_hours", "icu_days")
LIST_COLUMNS = {"dx": "dx", "proc": "proc"}


def _int_column(values):
    """An integer column; missing values (NaN, None, pd.NA) become -1. Floats
    must hold whole numbers. Vectorised: no per-row Python work."""
    arr = values.to_numpy() if hasattr(values, "to_numpy") else np.asarray(values)
    if arr.dtype.kind in "iu":
        return arr
    if arr.dtype.kind not in "fO":
        raise TypeError("integer column expected, got dtype %s" % arr.dtype)
    if arr.dtype == object:
        if hasattr(values, "to_numpy"):  # pandas: nullable integers, objects with None/pd.NA
            arr = values.to_numpy(dtype=np.float64, na_value=np.nan)
        else:
            arr = np.array([np.nan if v is None or type(v).__name__ == "NAType" else v for v in arr.tolist()],
                           dtype=np.float64)
    whole = np.where(np.isnan(arr), -1.0, arr)
    frac = whole != np.trunc(whole)
    if frac.any():
        bad = int(np.flatnonzero(frac)[0])
        raise TypeError("row %d: %r is not a whole number" % (bad, arr[bad]))
    return whole.astype(np.int64)


def _list_fields(prefix, values, sep):
    fast = split_utf8(values, sep) if sep is not None else None
    if fast is None:
        fast = arrow_lists(values)
    if fast is None and sep is None:
        fast = join_lists(values)
    if fast is not None:
        return {prefix + "_row_offsets": fast[0], prefix + "_data": fast[1], prefix + "_offsets": fast[2]}
    row_offsets, items = list_column(values, sep)
    out = {prefix + "_row_offsets": row_offsets}
    if items and all(isinstance(x, (int, np.integer)) for x in items[:1000]):
        out[prefix + "_ids"] = np.asarray(items, dtype=np.uint32)
    else:
        data, offsets = utf8_column(items)
        out[prefix + "_data"] = data
        out[prefix + "_offsets"] = offsets
    return out


def case_columns(cases, dx="dx", proc="proc", sep=None):
    """A Columns(``yb_case_columns``) holding the cases' arrays.

    cases: a DataFrame or a mapping of column -> sequence; dx/proc: names of
    the list columns (proc may be absent: no procedures)."""
    n = len(cases[dx]) if dx in cases else len(cases[INT_COLUMNS[0]])
    arrays = {}
    for name in INT_COLUMNS:
        if name in cases:
            arrays[name] = _int_column(cases[name])
            if len(arrays[name]) != n:
                raise ValueError("column %s has %d rows, expected %d" % (name, len(arrays[name]), n))
    if dx not in cases:
        raise KeyError("the cases have no diagnosis column %r" % dx)
    arrays.update(_list_fields("dx", cases[dx], sep))
    if proc is not None and proc in cases:
        arrays.update(_list_fields("proc", cases[proc], sep))
    return Columns("yb_case_columns", n, arrays)
