"""Exceptions raised for libyibao status codes.

Every error is a YibaoError carrying the status, its symbolic name and the
context's structured detail (message, file, line, column, field, value).
The class says the family of the status; families also derive from the
matching Python built-in (ValueError, LookupError, OSError, ...), so
``except ValueError`` keeps working in generic code.
"""
from ._ffi import api, cstr, ffi, lib

Status = api.Status


class YibaoError(Exception):
    """A libyibao call failed. Attributes: status, name, message, file, line,
    column, field, value (absent parts are '' and 0)."""

    def __init__(self, status, message="", file="", line=0, column=0, field="", value=""):
        self.status = int(status)
        self.name = cstr(lib.yb_status_name(self.status))
        self.message = message or cstr(lib.yb_strerror(self.status))
        self.file, self.line, self.column = file, line, column
        self.field, self.value = field, value
        super().__init__(self.message)

    def __str__(self):
        return "%s (%s)" % (self.message, self.name)


class InvalidArgumentError(YibaoError, ValueError):
    """YB_E_INVALID_ARG: a NULL, bad struct size or out-of-range argument."""


class OutOfMemoryError(YibaoError, MemoryError):
    """YB_E_NOMEM."""


class InputOutputError(YibaoError, OSError):
    """YB_E_IO: a file could not be opened, read or written."""


class FormatError(YibaoError, ValueError):
    """YB_E_FORMAT: malformed text (CSV, number, date, code)."""


class EncodingError(FormatError):
    """YB_E_ENCODING: input is not UTF-8."""


class PackError(YibaoError):
    """YB_E_PACK: a pack manifest or table is inconsistent."""


class ChecksumError(PackError):
    """YB_E_CHECKSUM: a pack table does not match its manifest."""


class VersionError(PackError):
    """YB_E_VERSION: unsupported format version or struct size."""


class NotFoundError(YibaoError, LookupError):
    """YB_E_NOT_FOUND: a key, code, table or parameter does not exist."""


class NumericError(YibaoError, ArithmeticError):
    """Money and fixed-point arithmetic failures."""


class MoneyOverflowError(NumericError, OverflowError):
    """YB_E_OVERFLOW: a result does not fit in 64 bits."""


class DivisionByZeroError(NumericError, ZeroDivisionError):
    """YB_E_DIV_ZERO."""


class CancelledError(YibaoError):
    """YB_E_CANCELLED: the progress callback asked to stop."""


class StateError(YibaoError):
    """YB_E_STATE: the call is not valid in the object's current state."""


class LimitError(YibaoError, ValueError):
    """YB_E_LIMIT: a documented size limit was exceeded."""


class DuplicateError(YibaoError, ValueError):
    """YB_E_DUPLICATE: a key that must be unique appears twice."""


class ParamError(YibaoError, ValueError):
    """YB_E_PARAM: a parameter value outside its domain."""


class InternalError(YibaoError):
    """YB_E_INTERNAL: please report it."""


class RowError(YibaoError, ValueError):
    """A per-row status (-100 and below) raised by a single-case call."""


class GroupingRowError(RowError):
    """Grouping row statuses, -100 … -199."""


class PointsRowError(RowError):
    """Points row statuses, -200 … -299."""


class CapitationRowError(RowError):
    """Capitation row statuses, -300 … -399."""


class BenefitRowError(RowError):
    """Benefit row statuses, -400 … -499."""


_BY_NAME = {
    "E_INVALID_ARG": InvalidArgumentError, "E_NOMEM": OutOfMemoryError, "E_IO": InputOutputError,
    "E_FORMAT": FormatError, "E_ENCODING": EncodingError, "E_PACK": PackError,
    "E_CHECKSUM": ChecksumError, "E_VERSION": VersionError, "E_NOT_FOUND": NotFoundError,
    "E_OVERFLOW": MoneyOverflowError, "E_DIV_ZERO": DivisionByZeroError,
    "E_CANCELLED": CancelledError, "E_STATE": StateError, "E_LIMIT": LimitError,
    "E_DUPLICATE": DuplicateError, "E_PARAM": ParamError, "E_INTERNAL": InternalError,
}
_BY_CODE = {int(Status[name]): cls for name, cls in _BY_NAME.items() if name in Status.__members__}
_ROW_RANGES = [(-199, -100, GroupingRowError), (-299, -200, PointsRowError),
               (-399, -300, CapitationRowError), (-499, -400, BenefitRowError)]


def error_class(status):
    """The exception class of a status code."""
    status = int(status)
    if status in _BY_CODE:
        return _BY_CODE[status]
    for lo, hi, cls in _ROW_RANGES:
        if lo <= status <= hi:
            return cls
    return YibaoError


def error_from_ctx(ctx_ptr, status, what=""):
    """The exception for a failed call, with the detail recorded on the context
    when it is about this status."""
    status = int(status)
    cls = error_class(status)
    if ctx_ptr is not None and ctx_ptr != ffi.NULL and lib.yb_ctx_errcode(ctx_ptr) == status:
        info = ffi.new("yb_error_info *")
        info.size = ffi.sizeof("yb_error_info")
        if lib.yb_ctx_error_info(ctx_ptr, info) == 0:
            return cls(status, cstr(info.message), cstr(info.file) or "", int(info.line),
                       int(info.column), cstr(info.field) or "", cstr(info.value) or "")
    msg = cstr(lib.yb_strerror(status))
    return cls(status, "%s: %s" % (what, msg) if what else msg)


def check(rc, ctx_ptr=None, what=""):
    """Returns rc when it is not negative, else raises the matching error."""
    if rc < 0:
        raise error_from_ctx(ctx_ptr, rc, what)
    return rc
