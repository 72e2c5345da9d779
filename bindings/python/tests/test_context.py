"""Contexts (ctx.h): options, error detail, log callback, lifetime."""
import threading

import pytest

import yibao
from yibao import LogLevel, Option


def test_options_have_documented_defaults_and_can_be_set():
    with yibao.Context() as ctx:
        assert ctx.get_option(Option.PROGRESS_INTERVAL) == 65536
        assert ctx.csv_max_record == 1 << 20          # 1 MiB
        assert ctx.max_codes_per_case == 64
        ctx.progress_interval = 100
        assert ctx.get_option(Option.PROGRESS_INTERVAL) == 100
    with yibao.Context(progress_interval=7, max_codes_per_case=20) as ctx:
        assert (ctx.progress_interval, ctx.max_codes_per_case) == (7, 20)


def test_bad_option_values_are_param_errors_with_the_message():
    with yibao.Context() as ctx:
        with pytest.raises(yibao.ParamError) as e:
            ctx.progress_interval = 0
        assert "at least 1" in e.value.message and e.value.message == ctx.errmsg
        with pytest.raises(yibao.InvalidArgumentError):
            ctx.set_option(99, 1)
        with pytest.raises(yibao.InvalidArgumentError):
            ctx.get_option(99)
    with pytest.raises(TypeError):
        yibao.Context(colour=1)


def test_error_info_is_structured_and_clearable(tmp_path):
    with yibao.Context() as ctx:
        assert ctx.error_info() is None and ctx.errcode == 0 and ctx.errmsg == ""
        with pytest.raises(yibao.InputOutputError):
            yibao.inspect_pack(tmp_path / "none", ctx=ctx)
        info = ctx.error_info()
        assert info.status == yibao.Status.E_IO
        assert info.file == str(tmp_path / "none" / "pack.json")
        assert info.message == ctx.errmsg and info.message.startswith(info.file + ":")
        assert (info.line, info.column) == (0, 0)
        ctx.clear_error()
        assert ctx.error_info() is None and ctx.errmsg == ""


def test_exception_carries_file_line_column_field_value(make_pack):
    d = make_pack()
    (d / "pack.json").write_text('{"format": "yibao-pack/1", "kind": 7}')
    with yibao.Context() as ctx:
        with pytest.raises(yibao.PackError) as e:
            yibao.inspect_pack(d, ctx=ctx)
        info = ctx.error_info()
    err = e.value
    assert (err.file, err.line, err.column, err.field, err.value) == \
        (info.file, info.line, info.column, info.field, info.value)
    assert err.field == "kind" and err.file.endswith("pack.json")


def test_log_callback_receives_error_messages(tmp_path):
    got = []
    with yibao.Context() as ctx:
        ctx.set_log(lambda level, msg: got.append((level, msg)), LogLevel.DEBUG)
        with pytest.raises(yibao.InputOutputError):
            yibao.inspect_pack(tmp_path / "none", ctx=ctx)
        assert got == [(LogLevel.ERROR, ctx.errmsg)]
        ctx.set_log(None)
        with pytest.raises(yibao.InputOutputError):
            yibao.inspect_pack(tmp_path / "none", ctx=ctx)
        assert len(got) == 1


def test_logging_sink_forwards_to_logging(tmp_path, caplog):
    with yibao.Context() as ctx:
        ctx.set_log(yibao.logging_sink())
        with caplog.at_level("INFO", logger="yibao"), pytest.raises(yibao.InputOutputError):
            yibao.inspect_pack(tmp_path / "none", ctx=ctx)
    assert [r.levelname for r in caplog.records] == ["ERROR"]
    assert "cannot open the pack manifest" in caplog.records[0].getMessage()


def test_progress_callback_installs_and_removes():
    with yibao.Context() as ctx:
        with ctx.progress(total=10, bar=False) as p:
            assert p.done == 0
        # Nothing in the core calls it; the grouping tests drive real batches.
        assert yibao.lib.yb_ctx_set_progress(ctx.ptr, yibao.ffi.NULL, yibao.ffi.NULL) == 0


def test_closed_context_is_a_state_error():
    ctx = yibao.Context()
    with ctx:
        pass
    with pytest.raises(yibao.StateError):
        ctx.errmsg


def test_default_context_is_per_thread():
    main = yibao.default_context()
    assert yibao.default_context() is main
    seen = []
    t = threading.Thread(target=lambda: seen.append(yibao.default_context()))
    t.start()
    t.join()
    assert seen[0] is not main


def test_raw_ctx_functions_accept_null():
    lib, ffi = yibao.lib, yibao.ffi
    lib.yb_ctx_free(ffi.NULL)
    assert lib.yb_ctx_errcode(ffi.NULL) == yibao.Status.E_INVALID_ARG  # a NULL pointer
    assert ffi.string(lib.yb_ctx_errmsg(ffi.NULL))  # a fixed text
    assert lib.yb_ctx_new(ffi.NULL, ffi.NULL) == yibao.Status.E_INVALID_ARG
    info = ffi.new("yb_error_info *")
    assert lib.yb_ctx_error_info(ffi.NULL, info) == yibao.Status.E_INVALID_ARG


def test_version():
    assert yibao.version() == yibao.__version__
    major, minor, patch = map(int, yibao.__version__.split("."))
    assert yibao.lib.yb_version_number() == major * 10000 + minor * 100 + patch
