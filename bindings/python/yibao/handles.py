"""Shared machinery of the module wrappers, following the conventions of
doc/conventions.md: immutable handles loaded from packs
(``yb_<x>_load / _free / _fingerprint``), dense code ids mapped to codes
(``yb_<x>_<thing>_count / _code``), and columnar batch calls
(``yb_<x>_<verb>_batch(ctx, handle, in, out, row_status)``) with progress.
"""
import os

import numpy as np

from ._base import Owned, call_batch
from ._ffi import cstr, ffi, lib
from .columns import results as alloc_results
from .context import resolve

NO_ID = 2**32 - 1  # UINT32_MAX: "no id" in every code-id column


class Handle(Owned):
    """An immutable handle loaded from a pack; safe to share between threads
    (each with its own Context). A context manager; close() frees it."""

    prefix = None  # e.g. "yb_drg_scheme"; subclasses set it
    code_prefix = None  # prefix of the <thing>_count/_code functions, if not `prefix`

    def __init__(self, path, ctx=None):
        self._ctx = resolve(ctx)
        out = ffi.new(self.prefix + " **")
        load = getattr(lib, self.prefix + "_load")
        self._ctx.check(load(self._ctx.ptr, os.fsencode(path), out), self.prefix + "_load")
        self._ptr = out[0]
        self.path = str(path)
        self._codes = {}

    @classmethod
    def load(cls, path, ctx=None):
        return cls(path, ctx)

    def _free(self, ptr):
        getattr(lib, self.prefix + "_free")(ptr)

    @property
    def fingerprint(self):
        """The pack's stable identity (64 hex digits), for audit."""
        return cstr(getattr(lib, self.prefix + "_fingerprint")(self.ptr))

    def codes(self, thing):
        """All codes of `thing` (e.g. "drg") by id, as an object array, from
        ``<prefix>_<thing>_count`` and ``<prefix>_<thing>_code``; cached."""
        if thing not in self._codes:
            count = getattr(lib, "%s_%s_count" % (self.code_prefix or self.prefix, thing))(self.ptr)
            code = getattr(lib, "%s_%s_code" % (self.code_prefix or self.prefix, thing))
            self._codes[thing] = np.array([cstr(code(self.ptr, i)) for i in range(count)], dtype=object)
        return self._codes[thing]

    def has_codes(self, thing):
        return hasattr(lib, "%s_%s_code" % (self.code_prefix or self.prefix, thing))

    def categorical_codes(self, thing, ids):
        """An id column as a pandas Categorical whose categories are all the
        codes of `thing` (missing where the id is NO_ID); no per-row objects."""
        import pandas as pd
        key = ("dtype", thing)
        if key not in self._codes:  # ids → category numbers (a code may have several ids, e.g. subtypes)
            inverse, uniques = pd.factorize(pd.Index(self.codes(thing), dtype=object))
            self._codes[key] = (pd.CategoricalDtype(pd.Index(uniques, dtype=object)),
                                np.append(inverse.astype(np.int32), -1))
        dtype, lut = self._codes[key]
        ids = np.asarray(ids)
        n = len(lut) - 1
        return pd.Categorical.from_codes(lut[np.where(ids < n, ids, n)], dtype=dtype)

    def map_codes(self, thing, ids):
        """An id column as codes (None where the id is NO_ID)."""
        table = np.append(self.codes(thing), None)
        ids = np.asarray(ids, dtype=np.int64)
        return table[np.where((ids >= 0) & (ids < len(table) - 1), ids, len(table) - 1)]


def run_batch(ctx, fn_name, handle_ptr, in_cols, results_struct, n, fields=None, desc=None,
              progress=None, callback=None):
    """Calls ``fn_name(ctx, handle, in, out, row_status)`` with fresh output
    arrays. Returns (results Columns, row_status int32 array, rows not OK).
    progress: True/False/None as in Context.progress (None: a bar when tqdm
    is installed and the batch is long enough to report progress)."""
    out = alloc_results(results_struct, n, fields)
    row_status, bad = call_batch(resolve(ctx), fn_name, (handle_ptr, in_cols.ptr, out.ptr), n, desc, progress,
                                 callback)
    return out, row_status, bad


def status_names(row_status):
    """A row-status column as symbolic names ("YB_OK", "YB_E_ROW_SEX", ...), an object array."""
    uniq, inverse = _status_codes(row_status)
    names = np.array([cstr(lib.yb_status_name(int(c))) for c in uniq], dtype=object)
    return names[inverse]


def status_categorical(row_status):
    """The same as a pandas Categorical, built from the codes without hashing strings."""
    import pandas as pd
    uniq, inverse = _status_codes(row_status)
    return pd.Categorical.from_codes(inverse, [cstr(lib.yb_status_name(int(c))) for c in uniq])


def _status_codes(row_status):
    """(distinct statuses, index of each row's status in them) in O(n): statuses are small ints."""
    rs = np.asarray(row_status, dtype=np.int64)
    if len(rs) == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int32)
    lo, hi = int(rs.min()), int(rs.max())
    if lo == hi:
        return np.array([lo]), np.zeros(len(rs), dtype=np.int32)
    if hi - lo > 1 << 20:
        uniq, inverse = np.unique(rs, return_inverse=True)
        return uniq, inverse.reshape(-1).astype(np.int32)
    present = np.bincount(rs - lo, minlength=hi - lo + 1) > 0
    uniq = np.flatnonzero(present) + lo
    lut = np.cumsum(present, dtype=np.int32) - 1
    return uniq, lut[rs - lo]
