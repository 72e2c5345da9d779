"""Claims for the benefit module: a DataFrame with one row per claim line, as
in the ``yibao benefit`` CSV (doc/benefit.md, "Command line"), into
``yb_claim_columns``. Consecutive rows with the same ``claim_id`` form one
claim; its claim-level columns must agree on all its rows.

Columns (claim level: claim_id, member_id, date, insured, level, place,
visit, category, civil_servant, use_account, family_payer; line level:
item_code or item_id, class, quantity, price, amount):

- **ids** (claim_id, member_id, family_payer): integers are the library's ids
  (non-zero); texts are mapped by :func:`text_id` (a fixed 64-bit hash, the
  same in every session, so a saved ledger keeps working with the same text
  ids). A missing family_payer is "none".
- **date**: int YYYYMMDD, text ``YYYY-MM-DD`` or ``YYYYMMDD``, datetime64 /
  Timestamp / date.
- **insured**, **place**, **visit**: enum members, their names
  (``employee``, ``out_of_area``, ``outpatient``, …) or ints; place and visit
  default to local and inpatient.
- **level**, **category**, **civil_servant**, **use_account**: ints
  (category 0, civil_servant 0, use_account 1 when absent or missing).
- **item_code** (texts) or **item_id** (ints from BenefitPolicy.item_id).
- **class**: ``A``, ``B``, ``C``, empty/missing (from the catalogue) or
  ItemClass ints.
- **quantity**, **price**, **amount**: integers are in the library's units
  (quantity and price with 4 decimals: 10000 = one unit, 1 yuan; amount in
  fen); Decimal or decimal text is in natural units (units, yuan, yuan) and
  is parsed exactly. Floats are refused.

Everything is vectorised (numpy, pandas factorize, the C helpers): integer
columns and Arrow-backed text columns cost nearly nothing, Python strings a
join and one pass in C. A value that cannot be read (an unknown insured
type, a malformed date or amount, lines of a claim that disagree) fails its
claim with a row status and a message naming the column, line and value;
the other claims are settled as usual.
"""
import datetime
import decimal
import re

import numpy as np

from ._ffi import api, ffi, lib, utf8
from .columns import _I64, _p, Columns, utf8_column

ROW_CLAIM = int(api.Status.E_ROW_CLAIM)
ROW_ITEM = int(api.Status.E_ROW_ITEM)
QTY_DECIMALS = api.YB_BENEFIT_QTY_DECIMALS
PRICE_DECIMALS = api.YB_BENEFIT_PRICE_DECIMALS

CLAIM_COLUMNS = ("claim_id", "member_id", "date", "insured", "level", "place", "visit", "category",
                 "civil_servant", "use_account", "family_payer")
_NAMES = {
    "insured": {m.name.lower(): int(m) for m in api.Insured},
    "place": {m.name.lower(): int(m) for m in api.Place},
    "visit": {m.name.lower(): int(m) for m in api.Visit},
    "class": {"a": 1, "b": 2, "c": 3, "": 0},
}
_DEFAULTS = {"place": int(api.Place.LOCAL), "visit": int(api.Visit.INPATIENT), "category": 0,
             "civil_servant": 0, "use_account": 1, "class": 0, "family_payer": 0}
_DATE = re.compile(r"^\s*(\d{4})-?(\d{2})-?(\d{2})\s*$")


def text_id(text):
    """The 64-bit id of a text id ("P100" → a fixed non-zero number; "" → 0)."""
    b = utf8(text)
    out = np.zeros(1, dtype=np.uint64)
    off = np.array([0, len(b)], dtype=np.int64)
    lib.ybpy_hash_texts(_p(b), _p(off, _I64), 1, ffi.cast("uint64_t *", ffi.from_buffer(out)))
    return int(out[0])


def text_ids(values):
    """text_id of every text of a column, as a uint64 array."""
    data, offsets = utf8_column(values, clean=True)
    out = np.empty(len(offsets) - 1, dtype=np.uint64)
    lib.ybpy_hash_texts(_p(data), _p(offsets, _I64), len(out), ffi.cast("uint64_t *", ffi.from_buffer(out)))
    return out


def _missing(v):
    return v is None or (isinstance(v, float) and v != v) or type(v).__name__ in ("NAType", "NaTType") or \
        (isinstance(v, decimal.Decimal) and v.is_nan())


def _is_text_dtype(values):
    """A pandas string column (Python or Arrow storage) or an Arrow string column."""
    dtype = getattr(values, "dtype", None)
    name = type(dtype).__name__
    if name == "StringDtype":
        return True
    if name == "ArrowDtype":
        return "string" in str(dtype)
    return False


def _array(values):
    if hasattr(values, "to_numpy"):
        return values.to_numpy()
    return values if isinstance(values, np.ndarray) else np.asarray(values, dtype=object) \
        if any(isinstance(v, (str, decimal.Decimal)) or v is None for v in values) else np.asarray(values)


class LineErrors:
    """The first error of each line: a status and a message built on demand.
    `lines` maps the positions given to add() to line positions (None: the
    same)."""

    def __init__(self, labels, parent=None, lines=None):
        self.labels = labels
        self.parent = parent
        self.lines = lines
        self.status = None
        self.messages = {}

    def at(self, lines):
        """A view whose positions are indices into `lines` (e.g. claim starts)."""
        return LineErrors(self.labels, self, lines)

    def add(self, positions, status, what):
        """Marks lines (positions); what(position) gives the message."""
        positions = np.asarray(positions, dtype=np.int64)
        if len(positions) == 0:
            return
        root = self.parent or self
        if root.status is None:
            root.status = np.zeros(len(root.labels), dtype=np.int32)
        for i in positions.tolist():
            line = i if self.lines is None else int(self.lines[i])
            if line not in root.messages:
                root.status[line] = status
                root.messages[line] = "line %s: %s" % (root.labels[line], what(i))


def _factorize(values):
    import pandas as pd
    codes, uniques = pd.factorize(values if hasattr(values, "dtype") else np.asarray(values, dtype=object),
                                  use_na_sentinel=True)
    return codes, list(uniques)


def _int_like(values, name, default, errors, status, kind="int"):
    """Small ints (enum names allowed for insured/place/visit/class): an int
    array whose values fit the C field (int8); others are row errors."""
    return _fit_int8(_small_ints(values, name, default, errors, status), name, errors, status)


def _fit_int8(arr, name, errors, status):
    """Values outside the int8 of the C field are row errors (numpy would wrap
    them: a level of 259 would become 3)."""
    if arr.dtype.kind not in "iu" or arr.dtype == np.int8 or not arr.size:
        return arr
    out = (arr < -128) | (arr > 127)
    bad = np.flatnonzero(out)
    if len(bad):
        errors.add(bad, status, lambda i: "%s %d is outside -128 … 127" % (name, int(arr[i])))
        arr = np.where(out, 0, arr)
    return arr


def _small_ints(values, name, default, errors, status):
    names = _NAMES.get(name)
    arr = np.empty(0, dtype=object) if _is_text_dtype(values) else _array(values)
    if arr.dtype.kind in "iu":
        return arr
    if arr.dtype.kind == "b":
        return arr.astype(np.int8)
    if arr.dtype.kind == "f":
        nan = np.isnan(arr)
        whole = np.where(nan, default, arr)
        frac = np.flatnonzero(whole != np.trunc(whole))
        errors.add(frac, status, lambda i: "%s %r is not a whole number" % (name, arr[i]))
        whole[frac] = 0
        return whole.astype(np.int64)
    codes, uniques = _factorize(values)
    lut = np.zeros(len(uniques) + 1, dtype=np.int64)
    lut[-1] = default
    bad_u = []
    for k, u in enumerate(uniques):
        if isinstance(u, (int, np.integer)) and not isinstance(u, bool):
            lut[k] = int(u)
        elif isinstance(u, str) and names is not None and u.strip().lower() in names:
            lut[k] = names[u.strip().lower()]
        elif isinstance(u, str) and u.strip().lstrip("-").isdigit():
            lut[k] = int(u)
        elif isinstance(u, str) and not u.strip():
            lut[k] = default
        else:
            bad_u.append(k)
    out = lut[codes]
    if bad_u:
        bad = np.flatnonzero(np.isin(codes, bad_u))
        errors.add(bad, status, lambda i: "%s %r is not %s" % (
            name, uniques[codes[i]], ("one of " + ", ".join(sorted(k for k in names if k))) if names else "an integer"))
        out[bad] = 0
    return out


def _ids(values, name, errors):
    """uint64 ids: integers as they are, texts through text_id; missing → 0."""
    if _is_text_dtype(values):
        return text_ids(values)
    arr = _array(values)
    if arr.dtype.kind in "iu":
        if arr.dtype.kind == "i":
            neg = np.flatnonzero(arr < 0)
            errors.add(neg, ROW_CLAIM, lambda i: "%s %d is negative" % (name, arr[i]))
            if len(neg):
                arr = np.where(arr < 0, 0, arr)
        return arr.astype(np.uint64, copy=False)
    if arr.dtype.kind == "f":
        nan = np.isnan(arr)
        whole = np.where(nan, 0, arr)
        bad = np.flatnonzero((whole != np.trunc(whole)) | (whole < 0) | (whole >= 2.0 ** 53))
        errors.add(bad, ROW_CLAIM, lambda i: "%s %r is not an id" % (name, arr[i]))
        whole[bad] = 0
        return whole.astype(np.uint64)
    if arr.dtype == object:
        vals = arr.tolist()
        if vals and all(type(v) is int or _missing(v) for v in vals):
            return _ids(np.array([0 if _missing(v) else v for v in vals], dtype=np.int64), name, errors)
    ids = text_ids(values)
    return ids


def _dates(values, errors):
    """int32 YYYYMMDD from ints, texts, datetime64 or date objects."""
    arr = np.empty(0, dtype=object) if _is_text_dtype(values) else _array(values)
    if arr.dtype.kind in "iu":
        return arr.astype(np.int32)
    if arr.dtype.kind == "M":
        nat = np.isnat(arr)
        d = arr.astype("datetime64[D]")
        y = d.astype("datetime64[Y]")
        m = d.astype("datetime64[M]")
        out = ((y.astype(np.int64) + 1970) * 10000 + (m - y.astype("datetime64[M]")).astype(np.int64) * 100 + 100 +
               (d - m.astype("datetime64[D]")).astype(np.int64) + 1).astype(np.int32)
        errors.add(np.flatnonzero(nat), ROW_CLAIM, lambda i: "date is missing")
        out[nat] = 0
        return out
    codes, uniques = _factorize(values)
    lut = np.zeros(len(uniques) + 1, dtype=np.int32)
    bad_u = []
    for k, u in enumerate(uniques):
        if isinstance(u, (datetime.date, np.datetime64)) or type(u).__name__ == "Timestamp":
            u = u if isinstance(u, datetime.date) else u.astype("datetime64[D]").item()
            lut[k] = u.year * 10000 + u.month * 100 + u.day
        elif isinstance(u, (int, np.integer)):
            lut[k] = int(u)
        elif isinstance(u, str) and _DATE.match(u):
            y, mo, dd = _DATE.match(u).groups()
            lut[k] = int(y) * 10000 + int(mo) * 100 + int(dd)
        else:
            bad_u.append(k)
    out = lut[codes]
    bad = np.flatnonzero((codes < 0) | np.isin(codes, bad_u))
    errors.add(bad, ROW_CLAIM, lambda i: "date %r is not YYYY-MM-DD" % (
        None if codes[i] < 0 else uniques[codes[i]],) if codes[i] >= 0 else "date is missing")
    return out


def _fixed(values, name, decimals, errors):
    """int64 fixed point: integers as they are (library units); Decimal and
    decimal texts parsed exactly with `decimals` digits."""
    arr = np.empty(0, dtype=object) if _is_text_dtype(values) else _array(values)
    if arr.dtype.kind in "iu" or (len(arr) == 0 and not _is_text_dtype(values)):
        return arr.astype(np.int64, copy=False)
    if arr.dtype.kind in "fb":
        raise TypeError("column %s: %s values are not exact amounts; give integers in the library's units "
                        "or Decimal/str (see yibao.claims)" % (name, arr.dtype))
    texts, raw = values, None
    if not _is_text_dtype(values):
        vals = texts = arr.tolist()
        try:
            "".join(vals)  # all texts: parse them all in C
        except TypeError:
            raw = np.zeros(len(vals), dtype=np.int64)
            is_raw = np.zeros(len(vals), dtype=bool)
            texts = []
            for i, v in enumerate(vals):
                if isinstance(v, (int, np.integer)) and not isinstance(v, bool):
                    raw[i], is_raw[i] = int(v), True
                    texts.append("0")
                elif isinstance(v, float) and v == v:
                    raise TypeError("column %s, row %d: the float %r is not an exact amount; give an integer in "
                                    "the library's units or Decimal/str" % (name, i, v))
                elif isinstance(v, decimal.Decimal) and v.is_finite():
                    texts.append(format(v, "f"))
                else:
                    texts.append("" if _missing(v) else str(v))
    data, offsets = utf8_column(texts, clean=True)
    n = len(offsets) - 1
    out = np.empty(n, dtype=np.int64)
    status = np.empty(n, dtype=np.int32)
    bad = lib.ybpy_parse_fixed(_p(data), _p(offsets, _I64), n, decimals, _p(out, _I64),
                               ffi.cast("int32_t *", ffi.from_buffer(status)))
    if raw is not None:
        out = np.where(is_raw, raw, out)
        status[is_raw] = 0
        bad = int(np.count_nonzero(status))
    if bad:
        where = np.flatnonzero(status)

        def what(i):
            text = bytes(data[offsets[i]:offsets[i + 1]]).decode("utf-8", "replace")
            if not text:
                return "%s is missing" % name
            return "%s %r is not a decimal with at most %d decimals%s" % (
                name, text, decimals, " (too large)" if status[i] == api.Status.E_OVERFLOW else "")
        errors.add(where, ROW_ITEM, what)
    return out


def _arrow_text(values):
    """A pyarrow array of an Arrow-backed text column (nulls as ""), or None."""
    dtype = getattr(values, "dtype", None)
    if getattr(dtype, "storage", None) != "pyarrow" and type(dtype).__name__ != "ArrowDtype":
        return None
    try:
        import pyarrow as pa
        import pyarrow.compute as pc
    except ImportError:
        return None
    a = values.array.__arrow_array__()
    if isinstance(a, pa.ChunkedArray):
        a = a.combine_chunks()
    return pc.fill_null(a, "") if a.null_count else a


def _differs(values):
    """Bool array, n - 1: value i + 1 differs from value i (missing values
    equal each other); vectorised for every kind of column."""
    n = len(values)
    if n < 2:
        return np.zeros(0, dtype=bool)
    a = _arrow_text(values)
    if a is not None:
        import pyarrow.compute as pc
        return pc.not_equal(a.slice(1), a.slice(0, n - 1)).to_numpy(zero_copy_only=False)
    arr = values.to_numpy() if hasattr(values, "to_numpy") else _array(values)
    ch = np.asarray(arr[1:] != arr[:-1], dtype=bool)
    if arr.dtype.kind in "fMO":
        if arr.dtype.kind == "f":
            na = np.isnan(arr)
        elif arr.dtype.kind == "M":
            na = np.isnat(arr)
        else:
            import pandas as pd
            na = np.asarray(pd.isna(arr), dtype=bool)
        ch &= ~(na[1:] & na[:-1])
    return ch


def _changes(values, starts):
    """Line positions whose value differs from the line before in the same claim."""
    ch = _differs(values)
    if len(ch) == 0:
        return np.zeros(0, dtype=np.int64)
    ch[starts[1:] - 1] = False
    return np.flatnonzero(ch) + 1


def _take(values, starts):
    """The values at the claims' first lines, keeping their kind."""
    dtype = getattr(values, "dtype", None)
    if isinstance(dtype, np.dtype) and dtype.kind in "iufbM" and hasattr(values, "to_numpy"):
        return values.to_numpy()[starts]  # a numpy column: no pandas machinery
    if hasattr(values, "take") and hasattr(values, "to_numpy"):
        return values.take(starts)
    return _array(values)[starts]


class ClaimBatch:
    """A line-level frame as yb_claim_columns: ``cols`` (Columns), ``starts``
    (first line of each claim), ``n`` claims, per-claim ``status`` (int32,
    non-zero where the frame itself is wrong) and ``messages`` {claim: text},
    ``ids`` {column: claim-level values as given}."""

    def __init__(self, frame):
        if "claim_id" not in frame:
            raise KeyError("the claims have no claim_id column")
        first = frame["claim_id"]
        n_lines = len(first)
        labels = frame.index if hasattr(frame, "index") else np.arange(n_lines)
        errors = LineErrors(labels)
        # A claim is a run of lines with the same claim_id (compared as given:
        # texts are mapped to ids only at the claims' first lines).
        starts = np.flatnonzero(np.concatenate(([True], _differs(first)))) if n_lines else \
            np.zeros(0, dtype=np.int64)
        n = len(starts)
        row_offsets = np.append(starts, n_lines).astype(np.int64)
        counts = np.diff(row_offsets)
        self.n, self.starts, self.counts, self.labels = n, starts, counts, labels
        # Claim-level columns: every line of a claim must agree with the one
        # before it; then only the claims' first lines are converted.
        claim_errors = errors.at(starts)
        arrays = {"line_row_offsets": row_offsets,
                  "claim_id": _ids(_take(first, starts), "claim_id", claim_errors)}
        for name in CLAIM_COLUMNS[1:]:
            if name not in frame:
                continue
            values = frame[name]
            if n:
                differ = _changes(values, starts)
                if len(differ):
                    errors.add(differ, ROW_CLAIM, lambda i, name=name: "%s differs from the claim's first line (%s)"
                               % (name, labels[starts[np.searchsorted(starts, i, side="right") - 1]]))
            at = _take(values, starts)
            if name in ("member_id", "family_payer"):
                arrays[name] = _ids(at, name, claim_errors)
            elif name == "date":
                arrays[name] = _dates(at, claim_errors)
            else:
                arrays[name] = _int_like(at, name, _DEFAULTS.get(name, 0), claim_errors, ROW_CLAIM)
        missing = [c for c in ("member_id", "date", "insured", "level") if c not in arrays]
        if missing:
            raise KeyError("the claims have no %s column" % ", ".join(missing))
        self.ids = {}
        for name in ("claim_id", "member_id", "family_payer"):
            if name in frame:
                at = _take(frame[name], starts)
                self.ids[name] = at.to_numpy() if hasattr(at, "to_numpy") else np.asarray(at)
        # line level
        if "item_id" in frame:
            arrays["item_ids"] = _array(frame["item_id"]).astype(np.uint32)
        elif "item_code" in frame:
            arrays["item_data"], arrays["item_offsets"] = utf8_column(frame["item_code"], clean=True)
        else:
            raise KeyError("the claims have no item_code (or item_id) column")
        if "class" in frame:
            arrays["item_class"] = _int_like(frame["class"], "class", 0, errors, ROW_ITEM)
        for name, dec in (("quantity", QTY_DECIMALS), ("price", PRICE_DECIMALS), ("amount", 2)):
            if name not in frame:
                raise KeyError("the claims have no %s column" % name)
            arrays[name] = _fixed(frame[name], name, dec, errors)
        # claims with an error in any of their lines
        self.status = np.zeros(n, dtype=np.int32)
        self.messages = {}
        if errors.status is not None:
            claim_of = np.searchsorted(starts, np.array(sorted(errors.messages)), side="right") - 1
            for line_pos, c in zip(sorted(errors.messages), claim_of.tolist()):
                if c not in self.messages:
                    self.status[c] = errors.status[line_pos]
                    self.messages[c] = errors.messages[line_pos]
            # Such claims go to the library with member 0, which it refuses
            # without touching the ledger; their status and message are ours.
            bad = self.status != 0
            arrays["member_id"] = np.where(bad, 0, arrays["member_id"]).astype(np.uint64)
        dtypes = {"insured": np.int8, "level": np.int8, "place": np.int8, "visit": np.int8, "category": np.int8,
                  "civil_servant": np.int8, "use_account": np.int8, "item_class": np.int8, "date": np.int32}
        for name, t in dtypes.items():
            if name in arrays:
                a = arrays[name]
                if a.dtype != t:
                    small = a.astype(t)
                    out_of_range = np.flatnonzero(small != a)
                    if len(out_of_range):  # keep it out of range for the library to refuse
                        small[out_of_range] = -1 if t is np.int8 else 0
                    arrays[name] = small
        self.cols = Columns("yb_claim_columns", n, arrays)
