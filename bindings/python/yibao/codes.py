"""Code dictionaries (dict.h): normalising and interning ICD codes."""
import numpy as np

from ._base import Owned
from ._ffi import api, cstr, ffi, lib, utf8
from .context import resolve
from .errors import StateError, check

CODE_MAX = api.YB_CODE_MAX


def normalize_code(code):
    """The normalised form of a code (full-width to ASCII, trimmed, upper case
    but for the 'x' of an extension): normalize_code(' k35.800X001') == 'K35.800x001'."""
    b = utf8(code)
    buf = ffi.new("char[]", CODE_MAX + 1)
    n = ffi.new("size_t *")
    check(lib.yb_code_normalize(b, len(b), buf, CODE_MAX + 1, n), None,
          "cannot normalise code %r" % (code,))
    return ffi.string(buf, n[0]).decode("ascii")


class Dictionary(Owned):
    """A code dictionary (yb_dict): codes to dense ids 0, 1, 2, … in order of
    first interning. A context manager; len(), `code in d`, d[id] -> code."""

    def __init__(self, ctx=None):
        self._ctx = resolve(ctx)
        self._owner = None
        out = ffi.new("yb_dict **")
        self._ctx.check(lib.yb_dict_new(self._ctx.ptr, out), "yb_dict_new")
        self._ptr = out[0]

    @classmethod
    def borrowed(cls, owner, ptr):
        """A read-only view of a dictionary owned by a handle (a scheme's
        diagnosis codes, say); it keeps `owner` alive and never frees."""
        d = cls.__new__(cls)
        d._ctx, d._owner, d._ptr = None, owner, ptr
        return d

    _what = "the dictionary"

    def _free(self, ptr):
        if getattr(self, "_owner", None) is None:  # a borrowed view never frees
            lib.yb_dict_free(ptr)

    def intern(self, code):
        """The id of code, adding it when new."""
        if self._ctx is None:
            raise StateError(api.Status.E_STATE, "a borrowed dictionary is read-only")
        b = utf8(code)
        out = ffi.new("uint32_t *")
        self._ctx.check(lib.yb_dict_intern(self._ctx.ptr, self.ptr, b, len(b), out))
        return int(out[0])

    def intern_many(self, codes):
        """Ids of many codes as a uint32 array."""
        return np.fromiter((self.intern(c) for c in codes), dtype=np.uint32)

    def lookup(self, code):
        """The id of code; NotFoundError when absent."""
        b = utf8(code)
        out = ffi.new("uint32_t *")
        check(lib.yb_dict_lookup(self.ptr, b, len(b), out), None,
              "code %r is not in the dictionary" % (code,))
        return int(out[0])

    def get(self, code, default=None):
        """The id of code, or default when it is absent."""
        b = utf8(code)
        out = ffi.new("uint32_t *")
        rc = lib.yb_dict_lookup(self.ptr, b, len(b), out)
        if rc == api.Status.E_NOT_FOUND:
            return default
        check(rc, None, "cannot look up code %r" % (code,))
        return int(out[0])

    def __contains__(self, code):
        return self.get(code) is not None

    def code(self, id):
        """The normalised code of an id; IndexError when unknown."""
        if not 0 <= id < 2**32:
            raise IndexError(id)
        s = cstr(lib.yb_dict_code(self.ptr, id))
        if s is None:
            raise IndexError("no code with id %d" % id)
        return s

    __getitem__ = code

    def __len__(self):
        return int(lib.yb_dict_count(self.ptr))

    def codes(self):
        """All codes, index = id."""
        return [self.code(i) for i in range(len(self))]
