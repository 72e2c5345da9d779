"""Progress callbacks through the C trampoline (the batch modules drive them
for real in their own tests): bar updates, cancellation, ^C."""
import pytest

import yibao
from yibao import Status, lib


def call(watcher, done, total):
    # What the library does: call the installed yb_progress_fn with the user pointer.
    return lib._yb_py_progress_fn(watcher.handle, done, total)


def test_callback_sees_progress_and_can_cancel():
    seen = []
    with yibao.Context() as ctx:
        with ctx.progress(total=100, bar=False, callback=lambda d, t: seen.append((d, t)) or d >= 50) as w:
            assert call(w, 10, 100) == 0
            assert call(w, 50, 100) == 1          # True from the callback cancels
    assert seen == [(10, 100), (50, 100)] and w.done == 50


def test_tqdm_bar_follows_the_rows():
    pytest.importorskip("tqdm")
    with yibao.Context() as ctx:
        with ctx.progress(total=1000, bar=True, desc="rows") as w:
            call(w, 256, 1000)
            call(w, 512, 1000)
            assert w.bar.n == 512 and w.bar.total == 1000


def test_keyboard_interrupt_cancels_the_batch_and_is_reraised():
    def interrupt(done, total):
        raise KeyboardInterrupt

    with yibao.Context() as ctx:
        with pytest.raises(KeyboardInterrupt):
            with ctx.progress(total=10, bar=False, callback=interrupt) as w:
                assert call(w, 1, 10) == 1        # the C side is told to stop
                # ... and the batch then fails with YB_E_CANCELLED:
                raise yibao.CancelledError(Status.E_CANCELLED)


def test_callback_exception_surfaces_after_the_call():
    def boom(done, total):
        raise RuntimeError("from the callback")

    with yibao.Context() as ctx:
        with pytest.raises(RuntimeError, match="from the callback"):
            with ctx.progress(total=10, bar=False, callback=boom) as w:
                assert call(w, 1, 10) == 1


def test_plain_cancellation_stays_a_cancelled_error():
    with yibao.Context() as ctx:
        with pytest.raises(yibao.CancelledError):
            with ctx.progress(total=10, bar=False, callback=lambda d, t: True) as w:
                assert call(w, 1, 10) == 1
                raise yibao.CancelledError(Status.E_CANCELLED)
