"""Code normalisation and dictionaries (dict.h): the rules of the header,
worked by hand."""
import pytest

import yibao


@pytest.mark.parametrize("raw,want", [
    ("k35.800X001", "K35.800x001"),     # extension x lower case, letters upper
    (" I10.X05\t", "I10.x05"),          # trimmed; x after the dot is an extension
    ("60.5X02", "60.5x02"),              # procedure code with extension
    ("x12.3", "X12.3"),                  # leading X is a letter of the code
    ("Ｉ２１．０", "I21.0"),              # full-width forms become ASCII
    ("\u3000j18.9\u3000", "J18.9"),      # ideographic spaces trimmed
    ("A01+x99", "A01+X99"),              # X after '+' starts an asterisk code
])
def test_normalize_code(raw, want):
    assert yibao.normalize_code(raw) == want


@pytest.mark.parametrize("bad,cls", [
    ("", yibao.FormatError), ("   ", yibao.FormatError), ("I2 1", yibao.FormatError),
    ("I21\x01", yibao.FormatError), ("肺炎", yibao.FormatError),
    ("A" * 64, yibao.LimitError),
])
def test_normalize_code_rejects(bad, cls):
    with pytest.raises(cls) as e:
        yibao.normalize_code(bad)
    assert repr(bad) in str(e.value)


def test_normalize_code_accepts_the_longest_code():
    assert yibao.normalize_code("a" * 63) == "A" * 63


def test_dictionary_interns_in_order_and_looks_up_normalised():
    with yibao.Context() as ctx, yibao.Dictionary(ctx) as d:
        assert len(d) == 0
        assert d.intern("I21.0") == 0
        assert d.intern("k35.800X001") == 1
        assert d.intern(" i21.0 ") == 0        # same code after normalisation
        assert len(d) == 2
        assert d.lookup("K35.800x001") == 1
        assert d[1] == "K35.800x001" and d.code(0) == "I21.0"
        assert "I21.0" in d and "J18.9" not in d
        assert d.get("J18.9", -1) == -1
        with pytest.raises(yibao.NotFoundError) as e:
            d.lookup("J18.9")
        assert isinstance(e.value, LookupError)
        with pytest.raises(IndexError):
            d.code(2)
        assert d.codes() == ["I21.0", "K35.800x001"]
        assert d.intern_many(["J18.9", "I21.0"]).tolist() == [2, 0]


def test_dictionary_intern_error_carries_the_ctx_detail():
    with yibao.Context() as ctx, yibao.Dictionary(ctx) as d:
        with pytest.raises(yibao.FormatError) as e:
            d.intern("I2 1")
        assert e.value.status == yibao.Status.E_FORMAT
        assert e.value.message == ctx.errmsg and e.value.message
        assert len(d) == 0


def test_dictionary_close_is_final():
    d = yibao.Dictionary()
    d.close()
    d.close()  # idempotent
    with pytest.raises(yibao.StateError):
        len(d)


def test_raw_dict_functions_accept_null():
    lib, ffi = yibao.lib, yibao.ffi
    assert lib.yb_dict_count(ffi.NULL) == 0
    lib.yb_dict_free(ffi.NULL)
    assert lib.yb_dict_code(ffi.NULL, 0) == ffi.NULL


def test_borrowed_view_reads_and_refuses_writes():
    with yibao.Dictionary() as owner:
        owner.intern("I21.0")
        view = yibao.Dictionary.borrowed(owner, owner.ptr)
        assert view.lookup("i21.0") == 0 and len(view) == 1 and view[0] == "I21.0"
        with pytest.raises(yibao.StateError):
            view.intern("J18.9")
        view.close()          # a view never frees its owner's dictionary
        assert len(owner) == 1
