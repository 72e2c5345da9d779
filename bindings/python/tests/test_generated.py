"""The generated low-level layer exposes every declaration of the headers."""
import yibao
from yibao import api, ffi, lib


def test_every_function_is_compiled_in():
    assert len(api.FUNCTIONS) >= 28
    for name, (header, brief) in api.FUNCTIONS.items():
        assert callable(getattr(lib, name)), name
        assert brief, "%s in %s has no @brief" % (name, header)


def test_enums_and_constants_agree_with_the_c_compiler():
    # API mode: cffi compiled these against the real headers.
    for cname, cls in api.ENUMS.items():
        for member in cls:
            assert int(member) in ffi.typeof(cname).elements
    assert lib.YB_CODE_MAX == api.YB_CODE_MAX == 63
    assert lib.YB_FINGERPRINT_SIZE == 65
    assert lib.YB_E_ROW_CLAIM_ID == yibao.Status.E_ROW_CLAIM_ID


def test_struct_fields_are_documented_and_compiled():
    for name, fields in api.STRUCTS.items():
        assert [f for f, _ in ffi.typeof(name).fields] == list(fields)
        assert all(fields.values()), name


def test_callbacks_have_trampolines():
    for cb, tramp in api.TRAMPOLINES.items():
        assert hasattr(lib, tramp), tramp
