"""Case columns (cases.h) from pandas: Arrow large-utf8 and CSR layouts,
missing values, and arrays passed without copies."""
import numpy as np
import pandas as pd
import pytest

import yibao
from yibao import ffi


def addr(cdata):
    return int(ffi.cast("uintptr_t", cdata))


def read_list(ptr, prefix, i):
    """Row i's codes, read back from the C struct as the library will."""
    ro = getattr(ptr, prefix + "_row_offsets")
    data, off = getattr(ptr, prefix + "_data"), getattr(ptr, prefix + "_offsets")
    return [ffi.unpack(data + off[k], off[k + 1] - off[k]).decode("utf-8")
            for k in range(ro[i], ro[i + 1])]


def test_dataframe_with_list_columns_becomes_arrow_layout():
    df = pd.DataFrame({
        "sex": np.array([1, 2, 1], dtype=np.int8),
        "age_years": np.array([65, 30, 0], dtype=np.int16),
        "dx": [["I21.0", "I10.x00"], ["O80.0"], ["Ｐ０７．３", "P22.0", "Q21.1"]],
        "proc": [["36.0601"], [], []],
    })
    cols = yibao.case_columns(df)
    p = cols.ptr
    assert p.size == ffi.sizeof("yb_case_columns") and p.n == 3
    # Row offsets are CSR over the items: 2, 1 and 3 diagnoses.
    assert [p.dx_row_offsets[i] for i in range(4)] == [0, 2, 3, 6]
    # Item byte offsets: I21.0 (5) I10.x00 (7) O80.0 (5) then 5 full-width chars of 3 bytes.
    assert [p.dx_offsets[k] for k in range(7)] == [0, 5, 12, 17, 32, 37, 42]
    assert read_list(p, "dx", 2) == ["Ｐ０７．３", "P22.0", "Q21.1"]
    assert read_list(p, "dx", 0) == ["I21.0", "I10.x00"]
    assert [p.proc_row_offsets[i] for i in range(4)] == [0, 1, 1, 1]
    assert read_list(p, "proc", 0) == ["36.0601"]
    assert p.dx_ids == ffi.NULL and p.los_days == ffi.NULL and p.reserved[0] == ffi.NULL


def test_columns_of_the_exact_dtype_are_not_copied():
    sex = np.array([1, 2] * 500, dtype=np.int8)
    age = np.arange(1000, dtype=np.int16)
    los = np.arange(1000, dtype=np.int32)
    df = pd.DataFrame({"sex": sex, "age_years": age, "los_days": los, "dx": [["A00"]] * 1000})
    cols = yibao.case_columns(df)
    assert cols.copied == []
    # The struct points at the numpy buffers themselves.
    assert addr(cols.ptr.age_years) == cols.arrays["age_years"].ctypes.data
    assert np.shares_memory(cols.arrays["age_years"], df["age_years"].to_numpy())
    plain = yibao.case_columns({"sex": sex, "age_years": age, "dx": [["A00"]] * 1000})
    assert addr(plain.ptr.sex) == sex.ctypes.data and addr(plain.ptr.age_years) == age.ctypes.data


def test_other_dtypes_and_missing_values_are_converted_to_minus_one():
    df = pd.DataFrame({"sex": [1, None, 2], "age_years": [50.0, float("nan"), 3.0],
                       "age_days": pd.array([None, 20, 30], dtype="Int32"),
                       "dx": [["A00"], ["A01"], ["A02"]]})
    cols = yibao.case_columns(df)
    assert [cols.ptr.sex[i] for i in range(3)] == [1, -1, 2]
    assert [cols.ptr.age_years[i] for i in range(3)] == [50, -1, 3]
    assert [cols.ptr.age_days[i] for i in range(3)] == [-1, 20, 30]
    assert set(cols.copied) >= {"sex", "age_years", "age_days"}


def test_joined_strings_with_a_separator_and_empty_rows():
    df = pd.DataFrame({"sex": [1, 2, 1], "dx": ["I21.0;I10.x00", None, "J18.9"]})
    cols = yibao.case_columns(df, sep=";")
    assert [cols.ptr.dx_row_offsets[i] for i in range(4)] == [0, 2, 2, 3]
    assert read_list(cols.ptr, "dx", 2) == ["J18.9"]
    with pytest.raises(TypeError, match="separator"):
        yibao.case_columns(df)


def test_pre_interned_ids():
    cols = yibao.case_columns({"sex": [1, 2], "dx": [[3, 7], [1]]})
    p = cols.ptr
    assert p.dx_data == ffi.NULL
    assert [p.dx_ids[k] for k in range(3)] == [3, 7, 1]


def test_bad_inputs_are_named():
    with pytest.raises(TypeError, match="item 1"):
        yibao.case_columns({"sex": [1], "dx": [["A00", 5.5]]})
    with pytest.raises(ValueError, match="age_years"):
        yibao.case_columns({"sex": [1, 2], "age_years": [1], "dx": [["A"], ["B"]]})
    with pytest.raises(KeyError):
        yibao.case_columns({"sex": [1]})


def test_integers_that_do_not_fit_the_c_field_are_refused_not_wrapped():
    # numpy would wrap 65581 into an int16 age of 45, a valid-looking adult
    with pytest.raises(OverflowError, match=r"age_years: 65581 in row 1 is outside -32768 … 32767"):
        yibao.case_columns({"sex": np.array([1, 2]), "age_years": np.array([30, 65581]), "dx": [["A"], ["B"]]})
    with pytest.raises(OverflowError, match=r"sex: 257 in row 0"):
        yibao.case_columns({"sex": np.array([257]), "age_years": np.array([30]), "dx": [["A"]]})
    cols = yibao.case_columns({"sex": np.array([1, 2], dtype=np.int64), "age_years": np.array([30, 32767]),
                               "dx": [["A"], ["B"]]})
    assert cols.ptr.age_years[1] == 32767  # the edge fits (the engine then refuses it as a row)


def test_utf8_column_matches_a_plain_encoding():
    items = ["A", "", "Ｉ２１", "B\x1fC", "z"]  # one item holds the internal separator
    data, offsets = yibao.columns.utf8_column(items)
    enc = [s.encode() for s in items]
    assert bytes(data) == b"".join(enc)
    assert offsets.tolist() == [0, 1, 1, 10, 13, 14]


def test_results_struct_gets_fresh_writable_arrays():
    # Any size-prefixed struct works; yb_case_columns stands in for a results struct.
    res = yibao.columns.results("yb_case_columns", 5, fields=["los_days", "icu_days"])
    assert set(res.arrays) == {"los_days", "icu_days"}
    assert res.arrays["los_days"].dtype == np.int32 and len(res.arrays["los_days"]) == 5
    assert addr(res.ptr.los_days) == res.arrays["los_days"].ctypes.data
    assert res.ptr.sex == ffi.NULL


@pytest.mark.parametrize("rows", [
    ["I21.0|I10.x00", "", None, "J18.9", "A||B|", "Ｉ２１|x"],
    ["", ""], [], ["só|um", float("nan"), "|"],
])
def test_split_fast_path_equals_the_list_path(rows):
    from yibao.columns import list_column, split_utf8, utf8_column
    fast = split_utf8(rows, "|")
    ro, items = list_column(rows, "|")
    data, offsets = utf8_column(items)
    assert fast[0].tolist() == ro.tolist()
    assert bytes(fast[1]) == bytes(data) and fast[2].tolist() == offsets.tolist()


def test_split_fast_path_declines_what_it_cannot_do():
    from yibao.columns import split_utf8
    assert split_utf8(["a|b"], "||") is None          # multi-character separator
    # rows holding the separator of the joined path are read in place (no join needed)
    ro, data, off = split_utf8(["a\x1eb|d", "c"], "|")
    assert (ro.tolist(), bytes(data), off.tolist()) == ([0, 2, 3], b"a\x1ebdc", [0, 3, 4, 5])
    assert split_utf8(["a", 5], "|") is None          # not all strings


# ---- every path that turns string columns into the Arrow/CSR layouts gives the same bytes

def _reference_split(rows, sep):
    items = [[x for x in (r.split(sep) if isinstance(r, str) else []) if x] for r in rows]
    flat = [x.encode() for r in items for x in r]
    return (np.cumsum([0] + [len(r) for r in items]).tolist(), b"".join(flat),
            np.cumsum([0] + [len(x) for x in flat]).tolist())


def _random_rows(rng, n, missing=True):
    alpha = ["A", "b", "|", "|", "Ｉ", "é", ".", "0", "\x1e", "\x1f"]
    rows = ["".join(rng.choice(alpha) for _ in range(rng.randint(0, 20))) for _ in range(n)]
    if missing:
        for i in range(0, n, 7):
            rows[i] = None if i % 2 else float("nan")
    return rows


def _forms(rows):
    """The same column as a list, an object array, pandas object / Python-string / Arrow-string Series."""
    forms = {"list": rows, "ndarray": np.array(rows, dtype=object), "series": pd.Series(rows, dtype=object),
             "string[python]": pd.Series(rows, dtype="string[python]")}
    try:
        import pyarrow  # noqa: F401
        forms["string[pyarrow]"] = pd.Series(rows, dtype="string[pyarrow]")
        forms["arrow sliced"] = pd.Series(["x|y"] + rows, dtype="string[pyarrow]").iloc[1:].reset_index(drop=True)
    except ImportError:
        pass
    return forms


@pytest.mark.parametrize("seed", range(20))
def test_split_paths_agree_with_a_plain_python_split(seed):
    import random
    from yibao.columns import split_utf8
    rng = random.Random(seed)
    rows = _random_rows(rng, rng.randint(0, 40))
    want = _reference_split(rows, "|")
    for name, col in _forms(rows).items():
        got = split_utf8(col, "|")
        assert got is not None, name
        assert (got[0].tolist(), bytes(got[1]), got[2].tolist()) == want, name


@pytest.mark.parametrize("seed", range(10))
def test_utf8_and_list_paths_agree_with_plain_python(seed):
    import random
    from yibao.columns import join_lists, utf8_column
    rng = random.Random(100 + seed)
    rows = _random_rows(rng, rng.randint(1, 40))
    texts = ["" if not isinstance(r, str) else r for r in rows]
    for name, col in _forms(rows).items():
        data, off = utf8_column(col, clean=True)
        assert bytes(data) == "".join(texts).encode(), name
        assert off.tolist() == np.cumsum([0] + [len(t.encode()) for t in texts]).tolist(), name
    lists = [[x for x in r.split("|")] if isinstance(r, str) else [] for r in rows]
    want = _reference_split(["|".join(x) for x in lists], "|")  # empty strings dropped
    for col in (lists, pd.Series(lists, dtype=object), [tuple(x) for x in lists]):
        got = join_lists(col)
        assert (got[0].tolist(), bytes(got[1]), got[2].tolist()) == want


def test_arrow_list_column_is_read_in_place():
    pa = pytest.importorskip("pyarrow")
    from yibao.columns import arrow_lists
    lists = [["I21.0", "I10.x00"], [], None, ["Ｊ１８"]]
    col = pd.Series(lists, dtype=pd.ArrowDtype(pa.list_(pa.string())))
    ro, data, off = arrow_lists(col)
    assert (ro.tolist(), bytes(data), off.tolist()) == _reference_split(
        ["|".join(x or []) for x in lists], "|")
    ro, data, off = arrow_lists(col.iloc[1:].reset_index(drop=True))  # a slice: offsets start past 0
    assert (ro.tolist(), bytes(data)) == ([0, 0, 0, 1], "Ｊ１８".encode())
    cols = yibao.case_columns({"dx": col, "sex": [1, 1, 1, 1]})
    assert read_list(cols.ptr, "dx", 0) == ["I21.0", "I10.x00"] and read_list(cols.ptr, "dx", 3) == ["Ｊ１８"]


def test_python_strings_are_read_in_place_without_a_copy_of_the_column():
    from yibao.columns import object_array
    arr = np.array(["a", "b"], dtype=object)
    assert object_array(arr) is arr
    assert object_array(np.array([1, 2])) is None
    assert object_array(pd.Series([1.5])) is None


def test_decimal_texts_parse_exactly_as_the_library_parses_them():
    # the helper's fast path for plain decimals and yb_decimal_parse must agree on every text
    import random
    from yibao.claims import LineErrors, _fixed
    rng = random.Random(7)
    texts = ["0", "1", "1.", ".5", "-1.25", " 2.5 ", "12.3456", "12.34567", "1.50000", "99999999999999.9999",
             "999999999999999.9999", "1e3", "", "1,000", "+3", "0.0001", "00012.10"]
    for _ in range(300):
        texts.append("".join(rng.choice("0123456789") for _ in range(rng.randint(1, 16))) +
                     rng.choice(["", "."]) + "".join(rng.choice("0123456789") for _ in range(rng.randint(0, 6))))
    for decimals in (2, 4):
        errors = LineErrors(np.arange(len(texts)))
        got = _fixed(pd.Series(texts, dtype=object), "x", decimals, errors)
        for i, t in enumerate(texts):
            try:
                want = yibao.parse_decimal(t, decimals)
            except yibao.YibaoError:
                want = None
            if want is None:
                assert errors.status is not None and errors.status[i] != 0, (t, decimals)
            else:
                assert got[i] == want and (errors.status is None or errors.status[i] == 0), (t, decimals)


def test_lists_of_long_codes_are_sized_again():
    # the helper first guesses 16 bytes a code from the lists alone; longer codes make it size them exactly
    from yibao.columns import join_lists
    rows = [["x" * 50, "y" * 40], [], ["z" * 33]]
    ro, data, off = join_lists(pd.Series(rows, dtype=object))
    assert (ro.tolist(), bytes(data), off.tolist()) == ([0, 2, 2, 3], ("x" * 50 + "y" * 40 + "z" * 33).encode(),
                                                        [0, 50, 90, 123])
