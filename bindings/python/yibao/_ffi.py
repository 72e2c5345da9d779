"""The compiled low-level layer: `ffi` and `lib` of the cffi extension, and
the generated metadata (enums, constants, docs)."""
from ._yibao_cffi import ffi, lib  # noqa: F401
from ._generated import api  # noqa: F401


def cstr(p):
    """A C string (const char *) as str; None for NULL."""
    return None if p == ffi.NULL else ffi.string(p).decode("utf-8", "replace")


def utf8(text):
    """bytes for a C `const char *` + length pair."""
    return text if isinstance(text, bytes) else str(text).encode("utf-8")
