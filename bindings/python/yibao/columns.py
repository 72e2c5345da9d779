"""Columns: numpy arrays into the size-prefixed structs of arrays that batch
calls take, and output arrays for the structs they fill.

Everything is driven by the struct layouts cffi knows, so a new module's
``yb_<x>_columns`` / ``yb_<x>_results`` need no code here. A numpy array of
the field's exact dtype, C-contiguous, is passed without a copy
(``ffi.from_buffer``); anything else is converted once (and counted in
``Columns.copied``).
"""
import itertools

import numpy as np

from ._ffi import ffi, lib

_DTYPES = {
    "int8_t": np.int8, "int16_t": np.int16, "int32_t": np.int32, "int64_t": np.int64,
    "uint8_t": np.uint8, "uint16_t": np.uint16, "uint32_t": np.uint32, "uint64_t": np.uint64,
    "char": np.uint8, "int": np.intc, "size_t": np.uintp,
}


def field_dtype(ctype_field):
    """numpy dtype of the items a pointer field points to."""
    item = ctype_field.type.item
    name = item.cname.replace("const ", "").strip()
    if item.kind == "enum":
        return np.intc
    return np.dtype(_DTYPES[name])


def pointer_fields(struct_name):
    """[(name, cffi field)] of the pointer-to-scalar fields of a struct."""
    return [(name, f) for name, f in ffi.typeof(struct_name).fields
            if f.type.kind == "pointer" and f.type.item.kind in ("primitive", "enum")]


class Columns:
    """A filled ``struct_name`` (e.g. ``yb_case_columns``) that keeps its arrays alive.

    ``ptr`` is the struct pointer for the C call; ``arrays`` the numpy arrays
    by field name; ``copied`` the fields that had to be converted."""

    def __init__(self, struct_name, n, arrays=None, writable=False):
        self.struct_name = struct_name
        self.ptr = ffi.new(struct_name + " *")
        names = dict(ffi.typeof(struct_name).fields)
        if "size" in names:
            self.ptr.size = ffi.sizeof(struct_name)
        if "n" in names:
            self.ptr.n = n
        self.n = n
        self.arrays = {}
        self.copied = []
        self._keep = []
        fields = dict(pointer_fields(struct_name))
        for name, values in (arrays or {}).items():
            if values is None:
                continue
            if name not in fields:
                raise KeyError("%s has no array field %r" % (struct_name, name))
            self.set(name, values, fields[name], writable)

    def set(self, name, values, field=None, writable=False):
        field = field or dict(pointer_fields(self.struct_name))[name]
        dtype = field_dtype(field)
        if isinstance(values, (bytes, bytearray)):
            arr = np.frombuffer(values, dtype=np.uint8)
        else:
            arr = values.to_numpy() if hasattr(values, "to_numpy") else values
            src = arr
            _check_fits(name, src, dtype)
            arr = np.ascontiguousarray(arr, dtype=dtype)
            if arr is not src and not (isinstance(src, np.ndarray) and np.shares_memory(arr, src)):
                self.copied.append(name)
        if arr.dtype != dtype and arr.dtype.itemsize == dtype.itemsize:
            arr = arr.view(dtype)
        cdata = ffi.from_buffer("char[]", arr, require_writable=writable)
        setattr(self.ptr, name, ffi.cast(field.type, cdata))
        self.arrays[name] = arr
        self._keep.append(cdata)
        return arr


def _check_fits(name, values, dtype):
    """Integers headed for a narrower C field (an int8 level, an int16 age)
    must fit it: numpy's conversion would wrap them silently (a level of 259
    becoming 3, an age of 65581 becoming 45). Raises OverflowError naming the
    field, the row and the value."""
    if not isinstance(values, np.ndarray) or values.dtype.kind not in "iu" or dtype.kind not in "iu" \
            or values.dtype == dtype or not values.size:
        return
    info = np.iinfo(dtype)
    if np.can_cast(values.dtype, dtype, casting="safe"):
        return
    lo, hi = int(values.min()), int(values.max())
    if lo >= info.min and hi <= info.max:
        return
    bad = next(i for i, v in enumerate(values.tolist()) if not info.min <= v <= info.max)
    raise OverflowError("%s: %d in row %d is outside %d … %d (the C field is %s)"
                        % (name, int(values[bad]), bad, info.min, info.max, dtype))


def results(struct_name, n, fields=None):
    """A Columns of fresh output arrays (length n) for every pointer field of
    a results struct, or only for `fields`."""
    wanted = [name for name, _ in pointer_fields(struct_name) if fields is None or name in fields]
    cols = Columns(struct_name, n)
    fmap = dict(pointer_fields(struct_name))
    for name in wanted:
        cols.set(name, np.empty(n, dtype=field_dtype(fmap[name])), fmap[name], writable=True)
    return cols


_U8 = ffi.typeof("uint8_t *")
_I64 = ffi.typeof("int64_t *")


def _p(arr, ctype=_U8):
    return ffi.cast(ctype, ffi.from_buffer(arr))


DECLINED = -(2 ** 63)  # YBPY_DECLINED: the C helper leaves the column to the Python path


def object_array(values):
    """The values as a contiguous numpy object array (whose memory holds the
    PyObject pointers the C helpers read in place), or None when they are
    not Python objects (numbers, Arrow memory)."""
    dtype = getattr(values, "dtype", None)
    if dtype is not None:
        if not (getattr(dtype, "kind", "") == "O" or getattr(dtype, "storage", None) == "python"):
            return None
        arr = values.to_numpy() if hasattr(values, "to_numpy") else values
    elif isinstance(values, (list, tuple)):
        arr = np.fromiter(values, dtype=object, count=len(values))
    else:
        return None
    if not isinstance(arr, np.ndarray) or arr.dtype != object or arr.ndim != 1:
        return None
    return np.ascontiguousarray(arr)


RETRY = DECLINED + 1  # YBPY_RETRY: the guessed size was short
GUESS = 32  # bytes guessed per string before reading it (one pass instead of two)


def _objects_utf8(values, clean):
    """utf8_column of Python strings read in place by the C helper, or None."""
    arr = object_array(values)
    if arr is None:
        return None
    ptr = ffi.cast("void **", arr.ctypes.data)
    n = len(arr)
    size = GUESS * n  # untouched pages of the guess cost nothing
    for _ in range(2):
        out = np.empty(size + 8, dtype=np.uint8)
        offsets = np.empty(n + 1, dtype=np.int64)
        used = lib.ybpy_objects_utf8(ptr, n, int(clean), _p(out), size, _p(offsets, _I64))
        if used >= 0:
            return out[:used], offsets
        if used != RETRY:
            return None
        size = lib.ybpy_objects_utf8(ptr, n, int(clean), ffi.NULL, 0, ffi.NULL)  # longer strings: size them
        if size < 0:
            return None
    return None


def _objects_split(values, sep, lists):
    """(row_offsets, data, offsets) of rows of Python objects (sep-joined str,
    or lists of str) read in place by the C helper, or None."""
    arr = object_array(values)
    if arr is None:
        return None
    ptr = ffi.cast("void **", arr.ctypes.data)
    n = len(arr)
    counts = np.zeros(2, dtype=np.int64)
    for mode in ((1, 2) if lists else (0,)):  # lists: a guessed size first, exact sizes if it was short
        if lib.ybpy_objects_split(ptr, n, sep, mode, ffi.NULL, 0, ffi.NULL, ffi.NULL, 0,
                                  _p(counts, _I64)) == DECLINED:
            return None
        size, items = int(counts[0]), int(counts[1])
        out = np.empty(size + 8, dtype=np.uint8)  # eight bytes of slack for the word-at-a-time copy
        row_offsets = np.empty(n + 1, dtype=np.int64)
        offsets = np.empty(items + 1, dtype=np.int64)
        rc = lib.ybpy_objects_split(ptr, n, sep, mode, _p(out), size, _p(row_offsets, _I64), _p(offsets, _I64),
                                    items, _p(counts, _I64))
        if rc == 0:
            return row_offsets, out[:counts[0]], offsets[:counts[1] + 1]
        if rc == DECLINED:
            return None
    return None


def _arrow_array(values, string_storage):
    """The column as one pyarrow Array when it is held in Arrow memory (a
    pandas ArrowDtype column, with string_storage also a ``string[pyarrow]``
    one, or a pyarrow array); None otherwise or without pyarrow."""
    arr = getattr(values, "array", values)
    if not hasattr(arr, "__arrow_array__") and not type(arr).__module__.startswith("pyarrow"):
        return None
    dtype = getattr(values, "dtype", None)
    if dtype is not None and type(dtype).__name__ != "ArrowDtype" and \
            not (string_storage and getattr(dtype, "storage", None) == "pyarrow"):
        return None  # a Python-backed column: converting it is no faster than our own path
    try:
        import pyarrow as pa
    except ImportError:
        return None
    a = arr.__arrow_array__() if hasattr(arr, "__arrow_array__") else arr
    if isinstance(a, pa.ChunkedArray):
        a = a.combine_chunks() if a.num_chunks != 1 else a.chunk(0)
    return a


def arrow_strings(values):
    """(data uint8 array, offsets int64 n+1) of a column held in Arrow memory
    (a pandas Series of dtype ``str``/``string[pyarrow]``/``ArrowDtype``
    backed by pyarrow, or a pyarrow array), without a copy of the bytes;
    None when the column is not Arrow-backed or pyarrow is not installed.
    Nulls become empty strings."""
    a = _arrow_array(values, string_storage=True)
    if a is None:
        return None
    try:
        import pyarrow as pa
        import pyarrow.compute as pc
    except ImportError:
        return None
    if pa.types.is_string(a.type):
        a = a.cast(pa.large_string())
    elif not pa.types.is_large_string(a.type):
        return None
    if a.null_count:
        a = pc.fill_null(a, "")
    n = len(a)
    bufs = a.buffers()
    offsets = np.frombuffer(bufs[1], dtype=np.int64)[a.offset:a.offset + n + 1] if n else np.zeros(1, np.int64)
    data = np.frombuffer(bufs[2], dtype=np.uint8) if len(bufs) > 2 and bufs[2] is not None else \
        np.zeros(0, np.uint8)
    if n and offsets[0]:
        data = data[offsets[0]:offsets[n]]
        offsets = offsets - offsets[0]
    return data, offsets


def _text(v):
    if v is None or (isinstance(v, float) and v != v) or type(v).__name__ in ("NAType", "NaTType"):
        return ""
    return v if isinstance(v, str) else str(v)


def utf8_column(strings, clean=False):
    """Strings as the Arrow large-utf8 layout: (data uint8 array, int64
    offsets n+1). Arrow-backed columns are used in place; Python strings are
    joined and encoded once and split in C. clean: missing values (None,
    NaN, pd.NA) become "" and other non-strings str(v), instead of a
    TypeError."""
    arrow = arrow_strings(strings)
    if arrow is not None:
        return arrow
    fast = _objects_utf8(strings, clean)
    if fast is not None:
        return fast
    items = strings.tolist() if hasattr(strings, "tolist") else \
        strings if isinstance(strings, list) else list(strings)
    n = len(items)
    if n == 0:
        return np.zeros(0, np.uint8), np.zeros(1, np.int64)
    try:
        raw = "\x1f".join(items).encode("utf-8")
    except TypeError:
        if not clean:
            bad = next(i for i, s in enumerate(items) if not isinstance(s, str))
            raise TypeError("item %d is %r, not a string" % (bad, items[bad])) from None
        items = [_text(v) for v in items]
        raw = "\x1f".join(items).encode("utf-8")
    # Sized for the worst case of the bytes (untouched pages cost nothing).
    out = np.empty(len(raw) + 1, dtype=np.uint8)
    offsets = np.empty(len(raw) + 2, dtype=np.int64)
    row_offsets = np.empty(len(raw) + 2, dtype=np.int64)
    rows = ffi.new("int64_t *")
    lib.ybpy_split_joined(_p(raw), len(raw), 0x1F, -1, 1, rows, _p(row_offsets, _I64), _p(out),
                          _p(offsets, _I64))
    if rows[0] != n:  # an item contains U+001F itself: encode one by one
        data = [s.encode("utf-8") for s in items]
        offsets = np.zeros(n + 1, dtype=np.int64)
        np.cumsum([len(b) for b in data], out=offsets[1:])
        return np.frombuffer(b"".join(data), dtype=np.uint8), offsets
    return out[:offsets[n]], offsets[:n + 1]


def split_utf8(rows, sep):
    """A column of strings holding items joined by the one-character `sep`
    ("I21.0|I10.x00", the usual CSV form) straight into CSR + Arrow layout,
    split in C: returns (row_offsets, data, offsets), or None when the fast
    path does not apply (then use list_column). None/NaN/"" rows have no
    items; empty items ("A||B") are dropped."""
    sb = sep.encode("utf-8")
    if len(sb) != 1 or sb[0] >= 0x80 or sb == b"\x1e":
        return None
    arrow = arrow_strings(rows)
    if arrow is not None:
        data, offs = arrow
        n = len(offs) - 1
        row_offsets = np.empty(n + 1, dtype=np.int64)
        out = np.empty(len(data) + 1, dtype=np.uint8)
        offsets = np.empty((len(data) + n) // 2 + 2, dtype=np.int64)  # untouched pages cost nothing
        count = lib.ybpy_split_rows(_p(data), _p(offs, _I64), n, sb[0], 0, _p(row_offsets, _I64), _p(out),
                                    _p(offsets, _I64))
        return row_offsets, out[:offsets[count]], offsets[:count + 1]
    fast = _objects_split(rows, sb[0], False)
    if fast is not None:
        return fast
    rows = rows.tolist() if hasattr(rows, "tolist") else list(rows)
    n = len(rows)
    if n == 0:
        return np.zeros(1, np.int64), np.zeros(0, np.uint8), np.zeros(1, np.int64)
    try:
        raw = "\x1e".join(rows).encode("utf-8")
    except TypeError:  # missing values (None/NaN) are empty rows; anything else is not for us
        rows = [r if isinstance(r, str) else "" if _text(r) == "" else None for r in rows]
        if any(r is None for r in rows):
            return None
        raw = "\x1e".join(rows).encode("utf-8")
    # Sized for the worst case of the bytes (untouched pages cost nothing).
    nrows = ffi.new("int64_t *")
    row_offsets = np.empty(len(raw) + 2, dtype=np.int64)
    out = np.empty(len(raw) + 1, dtype=np.uint8)
    offsets = np.empty(len(raw) // 2 + 2, dtype=np.int64)
    count = lib.ybpy_split_joined(_p(raw), len(raw), 0x1E, sb[0], 0, nrows, _p(row_offsets, _I64), _p(out),
                                  _p(offsets, _I64))
    if nrows[0] != n:  # a row contains U+001E itself
        return None
    return row_offsets[:n + 1], out[:offsets[count]], offsets[:count + 1]


def arrow_lists(values):
    """(row_offsets, data, offsets) of a list-of-strings column held in Arrow
    memory (pandas ArrowDtype list<string>, or a pyarrow list array), without
    a copy of the bytes; None otherwise."""
    a = _arrow_array(values, string_storage=False)
    if a is None:
        return None
    import pyarrow as pa
    if not (pa.types.is_list(a.type) or pa.types.is_large_list(a.type)):
        return None
    if not (pa.types.is_string(a.type.value_type) or pa.types.is_large_string(a.type.value_type)):
        return None
    if a.null_count:
        import pyarrow.compute as pc
        a = pc.fill_null(a, pa.scalar([], type=a.type))
    row_offsets = np.asarray(a.offsets, dtype=np.int64)
    values_ = a.values  # every item of the underlying array; rows address a slice
    data, offsets = arrow_strings(values_)
    lo, hi = int(row_offsets[0]), int(row_offsets[-1])
    if lo or hi != len(offsets) - 1:
        row_offsets = row_offsets - lo
        data, offsets = data[offsets[lo]:offsets[hi]], offsets[lo:hi + 1] - offsets[lo]
    return row_offsets, data, offsets


def join_lists(rows):
    """A column of lists of strings straight into CSR + Arrow layout: each
    list joined with U+001F, the rows with U+001E, split in C. Empty strings
    are dropped (as in split_utf8). Returns (row_offsets, data, offsets), or
    None when the rows are not all lists of strings (then use list_column)."""
    fast = _objects_split(rows, -1, True)
    if fast is not None:
        return fast
    rows = rows.tolist() if hasattr(rows, "tolist") else rows if isinstance(rows, list) else list(rows)
    n = len(rows)
    if n == 0:
        return np.zeros(1, np.int64), np.zeros(0, np.uint8), np.zeros(1, np.int64)
    try:
        if not set(map(type, rows)) <= {list, tuple, np.ndarray}:
            return None
        raw = "\x1e".join(map("\x1f".join, rows)).encode("utf-8")
    except TypeError:  # items that are not strings (ids, None)
        return None
    lens = np.fromiter(map(len, rows), dtype=np.int64, count=n)
    if raw.count(b"\x1f") != int((lens - (lens > 0)).sum()):  # an item holds U+001F itself
        return None
    nrows = ffi.new("int64_t *")
    row_offsets = np.empty(len(raw) + 2, dtype=np.int64)
    out = np.empty(len(raw) + 1, dtype=np.uint8)
    offsets = np.empty(len(raw) // 2 + 2, dtype=np.int64)
    count = lib.ybpy_split_joined(_p(raw), len(raw), 0x1E, 0x1F, 0, nrows, _p(row_offsets, _I64), _p(out),
                                  _p(offsets, _I64))
    if nrows[0] != n:  # an item holds U+001E
        return None
    return row_offsets[:n + 1], out[:offsets[count]], offsets[:count + 1]


def list_column(rows, sep=None):
    """A column of lists (or of strings split at `sep`) as CSR: returns
    (row_offsets int64 n+1, items list). None/NaN rows are empty lists."""
    rows = rows.tolist() if hasattr(rows, "tolist") else list(rows)
    if not set(map(type, rows)) <= {list, tuple}:  # the fast path needs real lists
        rows = [_as_list(i, r, sep) for i, r in enumerate(rows)]
    row_offsets = np.zeros(len(rows) + 1, dtype=np.int64)
    np.cumsum(np.fromiter(map(len, rows), dtype=np.int64, count=len(rows)), out=row_offsets[1:])
    return row_offsets, list(itertools.chain.from_iterable(rows))


def _as_list(i, r, sep):
    if r is None or (isinstance(r, float) and r != r):
        return ()
    if isinstance(r, str):
        if sep is None:
            raise TypeError("row %d is a string %r; give a list or a separator" % (i, r))
        return [s for s in r.split(sep) if s]
    if isinstance(r, np.ndarray):
        return r.tolist()
    return list(r)


def frame_columns(struct_name, frame, money=(), rename=None):
    """A Columns of ``struct_name`` from a DataFrame (or mapping), by name:
    a column X fills the numeric field X, or the string fields X_data and
    X_offsets (None/NaN → ""), or the id field X_ids when its values are
    integers. Columns named in `money` may hold Decimal/str yuan (converted
    exactly to fen) or int fen. Other columns are ignored."""
    from .money import decimal_to_fen
    fields = dict(ffi.typeof(struct_name).fields)
    n = None
    arrays = {}
    for col in frame.keys() if hasattr(frame, "keys") else frame:
        name = (rename or {}).get(col, col)
        values = frame[col]
        n = len(values) if n is None else n
        if len(values) != n:
            raise ValueError("column %s has %d rows, expected %d" % (col, len(values), n))
        if name in fields and fields[name].type.kind == "pointer":
            arr = values.to_numpy() if hasattr(values, "to_numpy") else np.asarray(values)
            if name in money and arr.dtype.kind not in "iu":
                if arr.dtype.kind == "f":
                    raise TypeError("column %s: float amounts are not exact; give int fen or Decimal/str yuan" % col)
                arr = decimal_to_fen(arr.tolist())
            arrays[name] = arr
        elif name + "_data" in fields or name + "_ids" in fields:
            dtype = getattr(values, "dtype", None)
            kind = "S" if type(dtype).__name__ in ("StringDtype", "ArrowDtype") else getattr(dtype, "kind", "O")
            if name + "_ids" in fields and (kind in "iu" or (kind == "O" and len(values) and all(
                    isinstance(v, (int, np.integer)) for v in (values.tolist() if hasattr(values, "tolist")
                                                               else values)))):
                arrays[name + "_ids"] = np.asarray(values, dtype=np.uint32)
            else:
                arrays[name + "_data"], arrays[name + "_offsets"] = utf8_column(values, clean=True)
    return Columns(struct_name, n or 0, arrays)
