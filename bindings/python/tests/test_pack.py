"""Pack inspection (pack.h) and its error paths, with the detail in the exception."""
import datetime
import json
import re

import pytest

import yibao


def test_inspect_reads_the_manifest(make_pack):
    d = make_pack(region="sample", valid_from="2024-01-01", valid_to="2024-12-31",
                  tables={"a": "x\n1\n", "b": "y\n2\n"})
    info = yibao.inspect_pack(d)
    assert (info.kind, info.name, info.version, info.region) == ("drg-scheme", "TEST", "1.0", "sample")
    assert info.valid_from == datetime.date(2024, 1, 1)
    assert info.valid_to == datetime.date(2024, 12, 31)
    assert info.tables == 2
    assert re.fullmatch(r"[0-9a-f]{64}", info.fingerprint)
    # The pack.json path works as well as the directory, and gives the same identity.
    assert yibao.inspect_pack(d / "pack.json") == info


def test_open_ended_validity_is_none(make_pack):
    info = yibao.inspect_pack(make_pack())
    assert info.valid_from is None and info.valid_to is None


def test_fingerprint_ignores_location_and_follows_content(make_pack):
    a = yibao.inspect_pack(make_pack("a"))
    b = yibao.inspect_pack(make_pack("b"))
    c = yibao.inspect_pack(make_pack("c", tables={"items": "code,weight\nA01,1.6\n"}))
    assert a.fingerprint == b.fingerprint != c.fingerprint


def test_changed_table_is_a_checksum_error_naming_the_file(make_pack):
    d = make_pack()
    (d / "items.csv").write_text("code,weight\nA01,9.9\n")
    assert yibao.inspect_pack(d, verify=False).tables == 1  # manifest alone is fine
    with pytest.raises(yibao.ChecksumError) as e:
        yibao.inspect_pack(d)
    err = e.value
    assert err.status == yibao.Status.E_CHECKSUM and isinstance(err, yibao.PackError)
    assert err.file.endswith("items.csv")
    assert "sha256" in err.message and "items.csv" in err.message


def test_missing_pack_is_an_io_error(tmp_path):
    with yibao.Context() as ctx:
        with pytest.raises(yibao.InputOutputError) as e:
            yibao.inspect_pack(tmp_path / "nope", ctx=ctx)
        assert isinstance(e.value, OSError)
        assert e.value.file == str(tmp_path / "nope" / "pack.json")
        assert ctx.errcode == yibao.Status.E_IO


def test_unknown_manifest_key_names_the_key(make_pack):
    with pytest.raises(yibao.PackError) as e:
        yibao.inspect_pack(make_pack(colour="blue"))
    assert "colour" in e.value.message and e.value.file.endswith("pack.json")


def test_fractional_json_number_parameter_is_refused(make_pack):
    with pytest.raises(yibao.PackError) as e:
        yibao.inspect_pack(make_pack(parameters={"ratio": 0.93}))
    assert "ratio" in e.value.message and '"0.93"' in e.value.message


def test_missing_required_key_names_the_field(make_pack):
    d = make_pack()
    m = json.loads((d / "pack.json").read_text())
    del m["version"]
    (d / "pack.json").write_text(json.dumps(m))
    with pytest.raises(yibao.PackError) as e:
        yibao.inspect_pack(d)
    assert e.value.field == "version"


def test_unsupported_format_is_a_version_error(make_pack):
    with pytest.raises(yibao.VersionError):
        yibao.inspect_pack(make_pack(format="yibao-pack/9"))


def test_gbk_manifest_is_an_encoding_error(make_pack):
    d = make_pack()
    (d / "pack.json").write_bytes('{"name": "北京"}'.encode("gbk"))
    with pytest.raises(yibao.EncodingError) as e:
        yibao.inspect_pack(d)
    assert isinstance(e.value, yibao.FormatError)


def test_invalid_json_names_the_line(make_pack):
    d = make_pack()
    (d / "pack.json").write_text('{\n  "format": "yibao-pack/1",\n  oops\n}')
    with pytest.raises(yibao.PackError) as e:
        yibao.inspect_pack(d)
    assert e.value.line == 3 and "pack.json:3" in e.value.message


def test_raw_inspect_checks_the_struct_size(make_pack):
    with yibao.Context() as ctx:
        info = yibao.ffi.new("yb_pack_info *")
        info.size = 8  # caller forgot to set sizeof
        rc = yibao.lib.yb_pack_inspect(ctx.ptr, str(make_pack()).encode(), 1, info)
        assert rc == yibao.Status.E_INVALID_ARG
