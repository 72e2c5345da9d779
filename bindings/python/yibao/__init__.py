"""libyibao for Python: exact China medical-insurance fund calculations
(DRG/DIP grouping, point values, capitation, pooled-fund payment).

Low level: ``yibao.ffi`` / ``yibao.lib`` expose every C function of the
public headers (generated, cffi API mode). The modules below wrap them:
contexts and errors, exact money, code dictionaries, packs, case columns.
"""
from ._ffi import api, ffi, lib
from .errors import *  # noqa: F401,F403
from .errors import YibaoError, check, error_class
from .context import Context, ErrorInfo, LogLevel, Option, default_context, logging_sink
from .money import (Round, allocate, decimal_to_fen, fen_to_decimal, format_decimal, from_fen, parse_fixed_column,
                    from_fixed, muldiv, parse_decimal, rescale, to_fen, to_fixed)
from .codes import Dictionary, normalize_code
from .pack import PackInfo, inspect_pack
from .cases import Discharge, case_columns
from .columns import Columns
from . import handles  # noqa: F401

# Module wrappers: present when the library has the module.
if hasattr(lib, "yb_cap_plan_load"):
    from .capitation import CapClearing, CapLedger, CapPlan  # noqa: F401
if hasattr(lib, "yb_drg_scheme_load"):
    from .grouping import DrgScheme, DrgTrace  # noqa: F401
if hasattr(lib, "yb_dip_catalog_load"):
    from .grouping import DipCatalog  # noqa: F401
if hasattr(lib, "yb_points_book_load"):
    from .points import PointsBook, PointsYear, dip_total, elastic_value  # noqa: F401
if hasattr(lib, "yb_benefit_policy_load"):
    from .benefit import BenefitLedger, BenefitPolicy  # noqa: F401

Status = api.Status
__version__ = "%d.%d.%d" % (api.YB_VERSION_MAJOR, api.YB_VERSION_MINOR, api.YB_VERSION_PATCH)


def version():
    """Version of the loaded libyibao ("MAJOR.MINOR.PATCH")."""
    return ffi.string(lib.yb_version_string()).decode()


def strerror(status):
    """English text of a status code."""
    return ffi.string(lib.yb_strerror(int(status))).decode()


def status_name(status):
    """Symbolic name of a status code ("YB_E_FORMAT")."""
    return ffi.string(lib.yb_status_name(int(status))).decode()
