"""CHS-DRG grouping (grouping.h): a scheme loaded from a drg-scheme pack
groups a DataFrame of cases into a DataFrame of results."""
import numpy as np

from ._base import sized
from ._ffi import api, cstr, ffi, lib, utf8
from .cases import case_columns
from .codes import Dictionary
from .context import resolve
from .errors import check
from .handles import Handle, run_batch, status_categorical

FLAGS = {name[len("YB_DRG_FLAG_"):].lower(): getattr(api, name)
         for name in dir(api) if name.startswith("YB_DRG_FLAG_")}


def _frame(handle, res, row_status, index=None, codes="category"):
    """Results as a DataFrame: id columns become codes (plus `<x>_id`):
    pandas Categoricals over the handle's codes (codes="category", built from
    the ids without a per-row object) or object columns (codes="object")."""
    import pandas as pd
    cols = {"status": row_status, "status_name": status_categorical(row_status)}
    for name, arr in res.arrays.items():
        if handle.has_codes(name):
            cols[name] = handle.categorical_codes(name, arr) if codes == "category" else \
                handle.map_codes(name, arr)
            cols[name + "_id"] = arr
        else:
            cols[name] = arr
    return pd.DataFrame(cols, index=index, copy=False)  # the result arrays are ours: no copy


class DrgScheme(Handle):
    """A CHS-DRG scheme (yb_drg_scheme) loaded from a drg-scheme pack.

    >>> with DrgScheme("packs/chs-drg-1.1") as s:
    ...     results = s.group(cases_df)            # a DataFrame, same index
    """

    prefix = "yb_drg_scheme"

    @property
    def name(self):
        return cstr(lib.yb_drg_scheme_name(self.ptr))

    @property
    def version(self):
        return cstr(lib.yb_drg_scheme_version(self.ptr))

    @property
    def dx_dict(self):
        """The scheme's diagnosis dictionary (code -> id used by dx_ids)."""
        return Dictionary.borrowed(self, lib.yb_drg_scheme_dx_dict(self.ptr))

    @property
    def proc_dict(self):
        return Dictionary.borrowed(self, lib.yb_drg_scheme_proc_dict(self.ptr))

    def names(self, thing):
        """Names (中文名称) of "mdc", "adrg" or "drg" by id."""
        fn = getattr(lib, "yb_drg_scheme_%s_name" % thing)
        return np.array([cstr(fn(self.ptr, i)) for i in range(len(self.codes(thing)))], dtype=object)

    def lookup(self, thing, code):
        """The id of an "mdc", "adrg" or "drg" code; NotFoundError when absent."""
        out = ffi.new("uint32_t *")
        fn = getattr(lib, "yb_drg_scheme_%s_lookup" % thing)
        check(fn(self.ptr, utf8(code), out), None, "no %s %r in %s" % (thing.upper(), code, self.name))
        return int(out[0])

    def group_arrays(self, cases, dx="dx", proc="proc", sep=None, ctx=None, progress=None,
                     callback=None):
        """Groups; returns (results Columns, row_status, rows not OK) without pandas."""
        cols = case_columns(cases, dx, proc, sep)
        return run_batch(ctx, "yb_drg_group_batch", self.ptr, cols, "yb_drg_results", cols.n,
                         desc="DRG grouping", progress=progress, callback=callback)

    def group(self, cases, dx="dx", proc="proc", sep=None, ctx=None, progress=None, callback=None,
              codes="category"):
        """Groups a DataFrame (or mapping) of cases: one result row per case,
        with status/status_name, mdc/adrg/drg codes (missing when absent; a
        Categorical over the scheme's codes, or objects with codes="object")
        and ids, flags and the CC counts. Bad rows have a status, never an
        exception."""
        res, row_status, _ = self.group_arrays(cases, dx, proc, sep, ctx, progress, callback)
        return _frame(self, res, row_status, getattr(cases, "index", None), codes)

    def group_one(self, principal_dx, secondary_dx=(), procedures=(), sex=-1, age_years=-1,
                  age_days=-1, birth_weight_g=-1, los_days=-1, discharge_type=-1, vent_hours=-1,
                  icu_days=-1, ctx=None):
        """Groups one case given by keywords; returns a dict (codes and ids,
        flags, counts). A row the scheme rejects raises GroupingRowError with
        the reason in its message."""
        ctx = resolve(ctx)
        c = sized("yb_drg_case")
        for name, v in (("sex", sex), ("age_years", age_years), ("age_days", age_days),
                        ("birth_weight_g", birth_weight_g), ("los_days", los_days),
                        ("discharge_type", discharge_type), ("vent_hours", vent_hours),
                        ("icu_days", icu_days)):
            setattr(c, name, int(v))
        keep = [ffi.new("char[]", utf8(principal_dx))]
        c.principal_dx = keep[0]
        for field, count, codes in (("secondary_dx", "n_secondary", secondary_dx),
                                    ("procedures", "n_procedures", procedures)):
            strs = [ffi.new("char[]", utf8(x)) for x in codes]
            arr = ffi.new("const char *[]", strs or [ffi.NULL])
            keep += strs + [arr]
            setattr(c, field, arr if strs else ffi.NULL)
            setattr(c, count, len(strs))
        r = sized("yb_drg_result")
        ctx.check(lib.yb_drg_group_one(ctx.ptr, self.ptr, c, r), "yb_drg_group_one")
        return _struct_dict(r, self)

    def trace(self, cases, row=0, dx="dx", proc="proc", sep=None, ctx=None):
        """Groups one row with every step recorded: a DrgTrace."""
        ctx = resolve(ctx)
        cols = case_columns(cases, dx, proc, sep)
        out = ffi.new("yb_drg_trace **")
        ctx.check(lib.yb_drg_trace_case(ctx.ptr, self.ptr, cols.ptr, row, out), "yb_drg_trace_case")
        return DrgTrace(self, out[0])


class DrgTrace:
    """How one case was grouped: .text, .steps (list of dicts), .result (dict)."""

    def __init__(self, scheme, ptr):
        self._scheme = scheme
        self._ptr = ffi.gc(ptr, lib.yb_drg_trace_free)

    @property
    def text(self):
        return cstr(lib.yb_drg_trace_text(self._ptr))

    def __str__(self):
        return self.text

    @property
    def result(self):
        r = sized("yb_drg_result")
        check(lib.yb_drg_trace_result(self._ptr, r), None, "yb_drg_trace_result")
        return _struct_dict(r, self._scheme)

    @property
    def steps(self):
        out = []
        for i in range(lib.yb_drg_trace_step_count(self._ptr)):
            s = sized("yb_drg_step_info")
            check(lib.yb_drg_trace_step(self._ptr, i, s), None, "yb_drg_trace_step")
            step = _struct_dict(s, self._scheme)
            step["kind"] = api.DrgStepKind(step["kind"]).name
            codes = []
            for k in range(s.code_count):
                c = sized("yb_drg_code_info")
                check(lib.yb_drg_trace_code(self._ptr, i, k, c), None, "yb_drg_trace_code")
                code = _struct_dict(c, self._scheme)
                code["role"] = api.DrgCodeRole(code["role"]).name
                codes.append(code)
            step["codes"] = codes
            out.append(step)
        return out


def _struct_dict(p, scheme):
    """A filled struct as a dict: strings decoded, mdc/adrg/drg ids as codes."""
    d = {}
    for name, f in ffi.typeof(p).item.fields:
        if name in ("size", "reserved"):
            continue
        v = getattr(p, name)
        if f.type.kind == "pointer" and f.type.item.cname == "char":
            v = cstr(v)
        elif name in ("mdc", "adrg", "drg"):
            d[name + "_id"] = int(v)
            v = None if v == 2**32 - 1 else scheme.codes(name)[v]
        d[name] = v
    return d


class DipCatalog(Handle):
    """A DIP catalogue (yb_dip_catalog) loaded from a dip-catalog pack.

    >>> with DipCatalog("packs/dip-3.0") as cat:
    ...     results = cat.group(cases_df, sep="|")   # group, subtype, score, flags, …
    """

    prefix = "yb_dip_catalog"
    code_prefix = "yb_dip"

    @property
    def dx_dict(self):
        return Dictionary.borrowed(self, lib.yb_dip_catalog_dx_dict(self.ptr))

    @property
    def proc_dict(self):
        return Dictionary.borrowed(self, lib.yb_dip_catalog_proc_dict(self.ptr))

    def subtypes(self):
        """The auxiliary subtypes as a DataFrame: subtype code, group code
        ("*" for a template that applies to every group) and coefficient
        (int, 6 decimals)."""
        import pandas as pd
        n = lib.yb_dip_subtype_count(self.ptr)
        groups = self.codes("group")
        rows = []
        for i in range(n):
            g = lib.yb_dip_subtype_group(self.ptr, i)
            rows.append({"subtype": cstr(lib.yb_dip_subtype_code(self.ptr, i)),
                         "group": "*" if g >= len(groups) else groups[g],
                         "coefficient": int(lib.yb_dip_subtype_coefficient(self.ptr, i))})
        return pd.DataFrame(rows, columns=["subtype", "group", "coefficient"])

    def lookup(self, code):
        """The id of a group code; NotFoundError when absent."""
        out = ffi.new("uint32_t *")
        check(lib.yb_dip_group_find(self.ptr, utf8(code), out), None, "no DIP group %r" % (code,))
        return int(out[0])

    def group_arrays(self, cases, dx="dx", proc="proc", sep=None, ctx=None, progress=None,
                     callback=None):
        cols = case_columns(cases, dx, proc, sep)
        return run_batch(ctx, "yb_dip_group_batch", self.ptr, cols, "yb_dip_results", cols.n,
                         desc="DIP grouping", progress=progress, callback=callback)

    def group(self, cases, dx="dx", proc="proc", sep=None, ctx=None, progress=None, callback=None,
              codes="category"):
        """Groups a DataFrame (or mapping) of cases: status/status_name, group
        and subtype codes (missing when not grouped; Categoricals, or objects
        with codes="object") and ids, layer, attribute, scores (4 decimals,
        ints), subtype coefficient (6 decimals), cci, flags."""
        res, row_status, _ = self.group_arrays(cases, dx, proc, sep, ctx, progress, callback)
        return _frame(self, res, row_status, getattr(cases, "index", None), codes)

    def explain(self, cases, row=0, dx="dx", proc="proc", sep=None, ctx=None):
        """How one row is grouped, as text (layers, candidate rules, the winner)."""
        ctx = resolve(ctx)
        cols = case_columns(cases, dx, proc, sep)
        needed = ffi.new("size_t *")
        lib.yb_dip_trace_text(ctx.ptr, self.ptr, cols.ptr, row, ffi.NULL, 0, needed)
        buf = ffi.new("char[]", needed[0] + 1)
        rc = lib.yb_dip_trace_text(ctx.ptr, self.ptr, cols.ptr, row, buf, needed[0] + 1, needed)
        if rc == api.Status.E_INVALID_ARG:
            ctx.check(rc, "yb_dip_trace_text")
        return ffi.string(buf).decode("utf-8")

    def build(self, history, out_dir, cost="cost", year="year", dx="dx", proc="proc", sep=None, **params):
        """Builds a region's catalogue from a history of cases with their costs
        (yb_dip_build_catalog) and writes it to out_dir as a dip-catalog pack
        overlaying this one, plus scores.csv. Returns a DipBuild (summary,
        groups, row_status, load()).

        history: a DataFrame of cases (as for group()) with a cost column (int
        fen or Decimal/str yuan) and a year column (discharge year). Keyword
        parameters, defaults as yb_dip_build_params_init() (doc/packs-dip.md):
        years, year_weights (e.g. [1, 2, 7]), trim_low / trim_high (shares,
        "0.025"), threshold (fixed case count) or coverage (share),
        related_min_increase (share), new_core_groups, comprehensive_min_cases,
        subtype_min_cases, scale (K), reference_group, rounding (yibao.Round),
        name, version, region, ctx, progress, callback."""
        from .dip_build import build_catalog
        return build_catalog(self, history, out_dir, cost, year, dx, proc, sep, **params)
