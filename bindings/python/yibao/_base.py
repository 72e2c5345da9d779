"""The shapes every wrapper module shares, below context.py and handles.py
(which use them too): an object that owns one C pointer, size-prefixed
structs, and a columnar batch call with its row statuses and progress.
"""
import numpy as np

from ._ffi import api, ffi, lib
from .errors import StateError


def sized(ctype):
    """A new, zeroed ``ctype`` struct (a cdata pointer) with its ``size``
    field set, as every size-prefixed input and result struct wants."""
    p = ffi.new(ctype + " *")
    p.size = ffi.sizeof(ctype)
    return p


class Owned:
    """Owns one C object: ``ptr`` (StateError once closed), ``close()``
    (idempotent), a context manager, and freed when collected. Subclasses
    set ``_ptr`` and name the free function (``_free_fn``) or override
    ``_free``; ``_what`` names the object in the error ("the ledger")."""

    _free_fn = None  # e.g. "yb_cap_ledger_free"
    _what = None  # None: the class name

    def _free(self, ptr):
        getattr(lib, self._free_fn)(ptr)

    @property
    def ptr(self):
        """The C pointer for calls into ``yibao.lib``."""
        if self._ptr is None:
            raise StateError(api.Status.E_STATE, "%s is closed" % (self._what or type(self).__name__))
        return self._ptr

    def close(self):
        if getattr(self, "_ptr", None) is not None:
            self._free(self._ptr)
            self._ptr = None

    def __del__(self):
        self.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def call_batch(ctx, fn_name, args, n, desc=None, progress=None, callback=None):
    """Calls ``lib.<fn_name>(ctx, *args, row_status)`` with a fresh int32
    row-status array of length n, under ``ctx.progress``. progress:
    True/False/None as in Context.progress (None: a bar when tqdm is
    installed and the batch is long enough to report progress).
    Returns (row_status, the call's non-negative return value)."""
    row_status = np.zeros(n, dtype=np.int32)
    rs = ffi.from_buffer("int32_t[]", row_status, require_writable=True)
    if progress is None:
        progress = None if n >= ctx.progress_interval else False
    with ctx.progress(total=n, desc=desc or fn_name, bar=progress, callback=callback):
        rc = ctx.check(getattr(lib, fn_name)(ctx.ptr, *args, rs), fn_name)
    return row_status, rc
