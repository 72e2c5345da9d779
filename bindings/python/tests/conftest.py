import hashlib
import json
import os
import sys

import pytest

# YIBAO_TEST_NO_PYARROW=1: run as on a machine without pyarrow (the package's
# own paths for Python strings; pandas falls back to Python-backed strings).
if os.environ.get("YIBAO_TEST_NO_PYARROW"):
    sys.modules["pyarrow"] = None


def sha(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


@pytest.fixture
def make_pack(tmp_path):
    """Writes a pack directory: make_pack(tables={name: csv_text}, **manifest keys)."""
    def make(dirname="p", tables=None, **manifest):
        d = tmp_path / dirname
        d.mkdir()
        tables = {"items": "code,weight\nA01,1.5\n"} if tables is None else tables
        entries = {}
        for t, text in tables.items():
            data = text.encode("utf-8")
            (d / (t + ".csv")).write_bytes(data)
            entries[t] = {"file": t + ".csv", "checksum": sha(data)}
        m = {"format": "yibao-pack/1", "kind": "drg-scheme", "name": "TEST", "version": "1.0",
             "tables": entries}
        m.update(manifest)
        (d / "pack.json").write_text(json.dumps(m, ensure_ascii=False), encoding="utf-8")
        return d
    return make


@pytest.fixture(scope="session")
def source_root():
    """The libyibao source tree (packs/, tests/ data)."""
    from pathlib import Path
    return Path(os.environ.get("YB_SOURCE_ROOT") or Path(__file__).resolve().parents[3])


def pytest_configure(config):
    config.addinivalue_line("markers", "slow: takes several seconds (the example on a generated region)")
