#!/usr/bin/env python3
"""Python binding overhead: the same batch through the Python package and
through C, measured in the same run, reported as a ratio (python / C).

    .venv/bin/python bindings/python/bench.py [--n N] [--repeat K]

The C side is a small driver compiled here against libyibao.a (of the
package build, or build/lib) that reads the same input from binary files and
times the same call with clock_gettime; each figure is the best of K runs,
the Python and C runs alternating so that machine load hits both alike.
Benchmarks:
  allocate   yb_allocate of a total over N int64 weights: yibao.allocate()
             with a numpy array (passed without a copy) vs the C call.
  normalize  yb_code_normalize of N codes one by one: a Python loop over
             yibao.normalize_code() vs a C loop. No batch form exists; this
             shows the per-call cost that batch APIs avoid.
  group-df   (with the grouping module) DrgScheme.group() of N/4 cases, the 30
             published CHS-DRG 1.1 cases repeated: pandas DataFrame with list
             columns in, DataFrame with codes out, vs yb_drg_group_batch in C
             on the same columns.
  group-csv  the same with dx/proc as "A|B|C" strings (as read from a CSV).
  group-cols the same batch from prepared columns (yibao.case_columns) to
             numpy result arrays: the binding's own overhead.
"""
import argparse
import glob
import os
import subprocess
import sys
import tempfile
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
# Import the installed package, not the source directory next to this script.
sys.path[:] = [p for p in sys.path if os.path.abspath(p or ".") != HERE]
import yibao  # noqa: E402

C_DRIVER = r"""
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <yibao/yibao.h>

static double now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec + t.tv_nsec * 1e-9; }

static void *slurp(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb"); if (!f) { perror(path); exit(2); }
    fseek(f, 0, SEEK_END); *len = (size_t)ftell(f); fseek(f, 0, SEEK_SET);
    void *p = malloc(*len + 1); if (fread(p, 1, *len, f) != *len) exit(2); fclose(f); return p;
}

static void *field(const char *dir, const char *name) {
    char path[4096]; size_t len;
    snprintf(path, sizeof path, "%s/%s.bin", dir, name);
    FILE *f = fopen(path, "rb"); if (!f) return NULL; fclose(f);
    return slurp(path, &len);
}

int main(int argc, char **argv) {
    int repeat = atoi(argv[2]);
    double best = 1e30; long long check = 0;
    if (strcmp(argv[1], "group") == 0) {
#ifdef YIBAO_GROUPING_H
        const char *dir = argv[3]; yb_ctx *ctx; yb_drg_scheme *s;
        if (yb_ctx_new(&ctx, NULL) || yb_drg_scheme_load(ctx, argv[4], &s)) { fprintf(stderr, "%s\n", yb_ctx_errmsg(ctx)); return 3; }
        size_t n = (size_t)atol(argv[5]);
        yb_case_columns c = { .size = sizeof c, .n = n };
#define F(x) c.x = field(dir, #x)
        F(sex); F(age_years); F(age_days); F(birth_weight_g); F(los_days); F(discharge_type);
        F(dx_row_offsets); F(dx_data); F(dx_offsets); F(proc_row_offsets); F(proc_data); F(proc_offsets);
        uint32_t *mdc = malloc(n * 4), *adrg = malloc(n * 4), *drg = malloc(n * 4), *flags = malloc(n * 4);
        int32_t *mcc = malloc(n * 4), *cc = malloc(n * 4), *ud = malloc(n * 4), *up = malloc(n * 4), *st = malloc(n * 4);
        yb_drg_results r = { .size = sizeof r, .n = n, .mdc = mdc, .adrg = adrg, .drg = drg, .flags = flags,
                             .mcc_count = mcc, .cc_count = cc, .unknown_dx = ud, .unknown_proc = up };
        for (int k = 0; k < repeat; k++) {
            double t0 = now();
            if (yb_drg_group_batch(ctx, s, &c, &r, st) < 0) { fprintf(stderr, "%s\n", yb_ctx_errmsg(ctx)); return 3; }
            double t = now() - t0; if (t < best) best = t;
        }
        for (size_t i = 0; i < n; i++) check += drg[i];
#else
        return 4;
#endif
    } else if (strcmp(argv[1], "allocate") == 0) {
        size_t len; int64_t *w = slurp(argv[3], &len); size_t n = len / 8;
        int64_t *parts = malloc(n * 8);
        for (int r = 0; r < repeat; r++) {
            double t0 = now();
            if (yb_allocate(987654321012LL, w, n, parts)) return 3;
            double t = now() - t0; if (t < best) best = t;
        }
        for (size_t i = 0; i < n; i++) check += parts[i];
    } else {
        size_t len; char *data = slurp(argv[3], &len);
        size_t olen; int64_t *off = slurp(argv[4], &olen); size_t n = olen / 8 - 1;
        char out[YB_CODE_MAX + 1]; size_t outlen;
        for (int r = 0; r < repeat; r++) {
            double t0 = now(); check = 0;
            for (size_t i = 0; i < n; i++) {
                if (yb_code_normalize(data + off[i], (size_t)(off[i + 1] - off[i]), out, sizeof out, &outlen)) return 3;
                check += (long long)outlen;
            }
            double t = now() - t0; if (t < best) best = t;
        }
    }
    printf("%.9f %lld\n", best, check);
    return 0;
}
"""


def find_static_lib():
    pats = [os.path.join(HERE, "build", "temp.*", "libyibao", "lib", "libyibao.a"),
            os.path.join(ROOT, "build", "lib", "libyibao.a")]
    for pat in pats:
        hits = sorted(glob.glob(pat))
        if hits:
            return hits[-1]
    sys.exit("bench.py: no libyibao.a; run scripts/python-tests (or ninja -C build) first")


def build_driver(tmp):
    lib = find_static_lib()
    src = os.path.join(tmp, "driver.c")
    exe = os.path.join(tmp, "driver")
    with open(src, "w") as f:
        f.write(C_DRIVER)
    subprocess.run(["cc", "-O2", "-I", os.path.join(ROOT, "include"), src, lib, "-ljansson",
                    "-lpthread", "-lm", "-o", exe], check=True)
    return exe, lib


def best_of(fn, repeat):
    best = float("inf")
    out = None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    return best, out


def run_c(exe, args, repeat):
    out = subprocess.run([exe, args[0], str(repeat)] + args[1:], check=True, capture_output=True,
                         text=True).stdout.split()
    return float(out[0]), int(out[1])


def paired(py_fn, exe, c_args, repeat):
    """Best of `repeat` for each side, the two sides alternating so that load
    from other users of the machine hits both alike."""
    t_py = t_c = float("inf")
    out = check = None
    for _ in range(repeat):
        t, out = best_of(py_fn, 1)
        t_py = min(t_py, t)
        t, check = run_c(exe, c_args, 1)
        t_c = min(t_c, t)
    return t_py, out, t_c, check


def bench_group(exe, tmp, args):
    """DRG grouping of the 30 published CHS-DRG 1.1 cases repeated to n rows."""
    import pandas as pd
    from yibao.grouping import DrgScheme
    pack = os.path.join(ROOT, "packs", "chs-drg-1.1")
    raw = pd.read_csv(os.path.join(ROOT, "tests", "grouping", "data", "fixture_cases.csv"),
                      dtype=str, keep_default_na=False)
    n = max(args.n // 4, 30)
    reps = -(-n // len(raw))
    raw = pd.concat([raw] * reps, ignore_index=True).iloc[:n]
    df = pd.DataFrame({c: pd.to_numeric(raw[c].replace("", "-1")).astype(t) for c, t in
                       (("sex", np.int8), ("age_years", np.int16), ("age_days", np.int32),
                        ("birth_weight_g", np.int32), ("los_days", np.int32), ("discharge_type", np.int8))})
    df["dx"] = [[p] + [s for s in sec.split("|") if s] for p, sec in zip(raw.principal_dx, raw.secondary_dx)]
    df["proc"] = [[s for s in p.split("|") if s] for p in raw.procedures]
    df_sep = df.drop(columns=["dx", "proc"])
    df_sep["dx"] = (raw.principal_dx + "|" + raw.secondary_dx).to_numpy()
    df_sep["proc"] = raw.procedures.to_numpy()
    cols = yibao.case_columns(df)
    d = os.path.join(tmp, "cases")
    os.makedirs(d)
    for name, arr in cols.arrays.items():
        np.asarray(arr).tofile(os.path.join(d, name + ".bin"))
    c_args = ["group", d, pack, str(n)]
    with DrgScheme(pack) as scheme, yibao.Context(progress_interval=1 << 30) as ctx:
        t_df, res, t_c1, check = paired(lambda: scheme.group(df, ctx=ctx, progress=False), exe, c_args,
                                        args.repeat)
        assert int(res.drg_id.sum()) == check
        t_sep, res2, t_c2, _ = paired(lambda: scheme.group(df_sep, ctx=ctx, progress=False, sep="|"), exe,
                                      c_args, args.repeat)
        assert res2.drg.tolist() == res.drg.tolist()
        t_cols, _, t_c3, _ = paired(lambda: yibao.handles.run_batch(ctx, "yb_drg_group_batch", scheme.ptr, cols,
                                                                    "yb_drg_results", n, progress=False),
                                    exe, c_args, args.repeat)
    return [("group-df", n, t_df, t_c1), ("group-csv", n, t_sep, t_c2), ("group-cols", n, t_cols, t_c3)]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=2_000_000)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    rng = np.random.default_rng(1)
    with tempfile.TemporaryDirectory() as tmp:
        exe, lib = build_driver(tmp)
        print("libyibao %s, C driver linked with %s; n=%d, best of %d; machine shared, figures noisy"
              % (yibao.version(), os.path.relpath(lib, ROOT), args.n, args.repeat))
        rows = []

        w = rng.integers(0, 1_000_000, size=args.n, dtype=np.int64)
        w.tofile(os.path.join(tmp, "w.bin"))
        t_py, parts, t_c, check = paired(lambda: yibao.allocate(987654321012, w), exe,
                                         ["allocate", os.path.join(tmp, "w.bin")], args.repeat)
        assert int(parts.sum()) == check == 987654321012
        rows.append(("allocate", args.n, t_py, t_c))

        n_codes = max(args.n // 10, 1)
        pool = ["i21.0", " k35.800X001", "Ｊ１８．９", "60.5x02", "O80.0", "I10.x00"]
        codes = [pool[i % len(pool)] for i in range(n_codes)]
        data, offsets = yibao.columns.utf8_column(codes)
        with open(os.path.join(tmp, "codes.bin"), "wb") as f:
            f.write(data)
        offsets.tofile(os.path.join(tmp, "off.bin"))
        t_py, out, t_c, check = paired(lambda: [yibao.normalize_code(c) for c in codes], exe,
                                       ["normalize", os.path.join(tmp, "codes.bin"), os.path.join(tmp, "off.bin")],
                                       args.repeat)
        assert sum(len(c) for c in out) == check
        rows.append(("normalize", n_codes, t_py, t_c))

        if hasattr(yibao.lib, "yb_drg_scheme_load"):
            rows += bench_group(exe, tmp, args)

    print("%-10s %10s %12s %12s %8s" % ("benchmark", "rows", "python s", "C s", "ratio"))
    rows = [r for r in rows if r is not None]
    for name, n, t_py, t_c in rows:
        print("%-10s %10d %12.6f %12.6f %8.2f" % (name, n, t_py, t_c, t_py / t_c))
    print("python-vs-c " + " ".join("%s=%.2fx" % (name, t_py / t_c) for name, _, t_py, t_c in rows))


if __name__ == "__main__":
    main()
