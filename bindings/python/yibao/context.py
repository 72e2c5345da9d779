"""The worker context: options, error detail, log and progress callbacks.

A Context belongs to one thread at a time. Functions that take ``ctx=None``
use a context private to the calling thread (``default_context()``).
"""
import contextlib
import dataclasses
import threading

from ._base import Owned, sized
from ._ffi import api, cstr, ffi, lib
from .errors import CancelledError, check

Option = api.Option
LogLevel = api.LogLevel


@dataclasses.dataclass(frozen=True)
class ErrorInfo:
    """Structured detail of the last error (yb_error_info)."""
    status: int
    message: str
    file: str
    line: int
    column: int
    field: str
    value: str


class Context(Owned):
    """A libyibao worker context (yb_ctx); a context manager that frees it.

    Options can be passed as keywords (``Context(progress_interval=1000)``)
    and read or set as attributes named after yb_option: progress_interval,
    csv_max_record, max_codes_per_case.
    """

    def __init__(self, **options):
        out = ffi.new("yb_ctx **")
        check(lib.yb_ctx_new(out, ffi.NULL), None, "yb_ctx_new")
        self._ptr = out[0]
        self._log_handle = None
        for name, value in options.items():
            if name.upper() not in Option.__members__:
                self.close()
                raise TypeError("unknown context option %r" % name)
            self.set_option(Option[name.upper()], value)

    _what = "the context"

    def _free(self, ptr):
        lib.yb_ctx_free(ptr)
        self._log_handle = None

    # -- errors
    def check(self, rc, what=""):
        """Returns rc if not negative; otherwise raises with this context's detail."""
        return check(rc, self.ptr, what)

    @property
    def errmsg(self):
        return cstr(lib.yb_ctx_errmsg(self.ptr))

    @property
    def errcode(self):
        return lib.yb_ctx_errcode(self.ptr)

    def error_info(self):
        """The last error as an ErrorInfo, or None when there is none."""
        info = sized("yb_error_info")
        self.check(lib.yb_ctx_error_info(self.ptr, info), "yb_ctx_error_info")
        if info.status == 0:
            return None
        return ErrorInfo(int(info.status), cstr(info.message), cstr(info.file), int(info.line),
                         int(info.column), cstr(info.field), cstr(info.value))

    def clear_error(self):
        lib.yb_ctx_clear_error(self.ptr)

    # -- options
    def set_option(self, option, value):
        self.check(lib.yb_ctx_set_option(self.ptr, int(option), int(value)), "yb_ctx_set_option")

    def get_option(self, option):
        out = ffi.new("int64_t *")
        self.check(lib.yb_ctx_get_option(self.ptr, int(option), out), "yb_ctx_get_option")
        return int(out[0])

    # -- callbacks
    def set_log(self, fn, max_level=LogLevel.INFO):
        """Calls fn(level: LogLevel, message: str) for messages up to max_level;
        None removes it. ``set_log(logging_sink())`` forwards to logging."""
        if fn is None:
            self.check(lib.yb_ctx_set_log(self.ptr, ffi.NULL, ffi.NULL, int(max_level)))
            self._log_handle = None
            return
        handle = ffi.new_handle(fn)
        self.check(lib.yb_ctx_set_log(self.ptr, lib._yb_py_log_fn, handle, int(max_level)))
        self._log_handle = handle  # keeps fn alive while installed

    @contextlib.contextmanager
    def progress(self, total=None, desc=None, bar=None, callback=None):
        """Installs a progress callback for the duration of a batch call.

        bar: True for a tqdm bar (when tqdm is installed), False for none,
        None for a bar when tqdm is installed. callback(done, total) may
        return True to cancel. A KeyboardInterrupt during the call cancels
        the batch at the next chunk and is re-raised afterwards.
        """
        watcher = _Progress(total, desc, bar, callback)
        handle = watcher.handle = ffi.new_handle(watcher)
        self.check(lib.yb_ctx_set_progress(self.ptr, lib._yb_py_progress_fn, handle))
        try:
            yield watcher
        except CancelledError:
            if watcher.exc is not None:  # the user pressed ^C or the callback raised
                raise watcher.exc from None
            raise
        finally:
            lib.yb_ctx_set_progress(self.ptr, ffi.NULL, ffi.NULL)
            watcher.close()
        watcher.reraise()


def _option_property(option):
    def get(self):
        return self.get_option(option)

    def set_(self, value):
        self.set_option(option, value)
    return property(get, set_, doc="Context option %s." % option.name)


for _opt in Option:
    setattr(Context, _opt.name.lower(), _option_property(_opt))


def logging_sink(logger=None):
    """A log callback forwarding to the standard logging module ('yibao')."""
    import logging
    log = logger or logging.getLogger("yibao")
    levels = {LogLevel.ERROR: logging.ERROR, LogLevel.WARN: logging.WARNING,
              LogLevel.INFO: logging.INFO, LogLevel.DEBUG: logging.DEBUG}
    return lambda level, message: log.log(levels.get(level, logging.DEBUG), "%s", message)


class _Progress:
    def __init__(self, total, desc, bar, callback):
        self.callback = callback
        self.exc = None
        self.done = 0
        self.calls = 0
        self.bar = None
        if bar is not False:
            try:
                from tqdm.auto import tqdm
            except ImportError:
                if bar:
                    raise
            else:
                self.bar = tqdm(total=total, desc=desc, unit="row", leave=False)

    def __call__(self, done, total):
        self.calls += 1
        if self.bar is not None:
            if self.bar.total != total:
                self.bar.total = total
            self.bar.update(done - self.done)
        self.done = done
        if self.callback is not None and self.callback(done, total):
            return 1
        return 0

    def close(self):
        if self.bar is not None:
            self.bar.close()

    def reraise(self):
        if self.exc is not None:
            exc, self.exc = self.exc, None
            raise exc


def _progress_onerror(exc_type, exc_value, tb):
    # An exception escaped the callback (for example a KeyboardInterrupt
    # raised before its try block): cancel, and let the watcher re-raise it.
    watcher = None
    frame = tb.tb_frame if tb is not None else None
    if frame is not None and "user" in frame.f_locals:
        try:
            watcher = ffi.from_handle(frame.f_locals["user"])
        except Exception:
            watcher = None
    if isinstance(watcher, _Progress):
        watcher.exc = exc_value
    return 1


@ffi.def_extern(onerror=_progress_onerror)
def _yb_py_progress_fn(user, done, total):
    watcher = ffi.from_handle(user)
    try:
        return watcher(int(done), int(total))
    except BaseException as e:  # KeyboardInterrupt included: cancel the batch
        watcher.exc = e
        return 1


@ffi.def_extern()
def _yb_py_log_fn(user, level, message):
    fn = ffi.from_handle(user)
    try:
        lvl = LogLevel(level)
    except ValueError:
        lvl = level
    fn(lvl, cstr(message))


_local = threading.local()


def default_context():
    """A context private to the calling thread (created on first use)."""
    ctx = getattr(_local, "ctx", None)
    if ctx is None:
        ctx = _local.ctx = Context()
    return ctx


def resolve(ctx):
    """ctx, or the thread's default context for None."""
    return default_context() if ctx is None else ctx
