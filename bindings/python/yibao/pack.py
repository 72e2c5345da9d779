"""Data packs (pack.h): inspecting and verifying a pack directory."""
import dataclasses
import datetime
import os

from ._base import sized
from ._ffi import ffi, lib
from .context import resolve


@dataclasses.dataclass(frozen=True)
class PackInfo:
    """Summary of a pack (yb_pack_info)."""
    kind: str
    name: str
    version: str
    region: str
    valid_from: datetime.date = None   # None when not given
    valid_to: datetime.date = None     # None when open-ended
    tables: int = 0
    fingerprint: str = ""


def _date(yyyymmdd):
    if yyyymmdd == 0:
        return None
    return datetime.date(yyyymmdd // 10000, yyyymmdd // 100 % 100, yyyymmdd % 100)


def inspect_pack(path, verify=True, ctx=None):
    """Reads a pack's manifest (and its base's); verify=True also checks every
    table's SHA-256. Raises PackError, ChecksumError, InputOutputError, … with
    the file and field in the exception."""
    ctx = resolve(ctx)
    info = sized("yb_pack_info")
    ctx.check(lib.yb_pack_inspect(ctx.ptr, os.fsencode(path), 1 if verify else 0, info),
              "yb_pack_inspect")

    def s(field):
        return ffi.string(getattr(info, field)).decode("utf-8", "replace")
    return PackInfo(s("kind"), s("name"), s("version"), s("region"), _date(info.valid_from),
                    _date(info.valid_to), int(info.tables), s("fingerprint"))
