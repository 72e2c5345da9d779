#!/usr/bin/env python3
"""Python binding overhead: the same batch through the Python package and
through C, measured in the same run, reported as a ratio (python / C).

    .venv/bin/python bindings/python/bench.py [--n N] [--claims C] [--repeat K]

The C side is a small driver compiled here against libyibao.a (of the
package build, or build/lib) that reads the same input from binary files and
times the same call. Both sides measure the thread's CPU time (the machines
we measure on are shared; wall time varies far more); each figure is the
best of K × 3 runs: the sides alternate K times, 3 runs in a row each (warm
caches on both sides), so that load from other users hits both alike.
Python times include everything from the DataFrame in to the DataFrame out.
Benchmarks:
  allocate     yb_allocate of a total over N int64 weights: yibao.allocate()
               with a numpy array (passed without a copy) vs the C call.
  normalize    yb_code_normalize of N/10 codes one by one: a Python loop over
               yibao.normalize_code() vs a C loop. No batch form exists; this
               shows the per-call cost that batch APIs avoid.
  group-df     DrgScheme.group() of N/4 cases, the 30 published CHS-DRG 1.1
               cases repeated: a DataFrame with list columns of codes in, a
               DataFrame with codes out, vs yb_drg_group_batch in C.
  group-csv    the same with dx/proc as "A|B|C" Python strings (a CSV read
               without pyarrow).
  group-arrow  the same strings in Arrow memory (pandas' str dtype when
               pyarrow is installed; only then).
  group-cols   the batch from prepared columns to numpy arrays: the binding's
               own overhead.
  settle-df    BenefitLedger.settle() of C claims (8–12 lines each, the sample
               policy's items, C/5 members) into a fresh ledger: a line-level
               DataFrame with integer columns and item codes as Python strings
               in, the settlement DataFrame out, vs yb_benefit_settle_batch
               (FINAL, codes as strings, same ledger set-up) in C.
  settle-arrow the same with the item codes in Arrow memory.
  settle-csv   the same lines all as text, as pd.read_csv(dtype=str) gives
               them: text ids, ISO dates, insured names, decimal quantities,
               prices and amounts (C gets the numeric batch).
  settle-cols  the batch from prepared columns: the binding's own overhead.
"""
import argparse
import gc
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

static double now(void) { struct timespec t; clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t); return t.tv_sec + t.tv_nsec * 1e-9; }

static void *slurp(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb"); if (!f) { perror(path); exit(2); }
    fseek(f, 0, SEEK_END); *len = (size_t)ftell(f); fseek(f, 0, SEEK_SET);
    void *p = malloc(*len + 1); if (fread(p, 1, *len, f) != *len) exit(2); fclose(f); return p;
}

#define F(x) c.x = field(dir, #x)
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
    } else if (strcmp(argv[1], "settle") == 0) {
#ifdef YIBAO_BENEFIT_H
        const char *dir = argv[3]; yb_ctx *ctx; yb_benefit_policy *pol;
        if (yb_ctx_new(&ctx, NULL) || yb_benefit_policy_load(ctx, argv[4], &pol)) { fprintf(stderr, "%s\n", yb_ctx_errmsg(ctx)); return 3; }
        size_t n = (size_t)atol(argv[5]); uint64_t members = (uint64_t)atoll(argv[6]);
        yb_claim_columns c = { .size = sizeof c, .n = n };
        F(claim_id); F(member_id); F(date); F(insured); F(level); F(place); F(visit); F(category);
        F(civil_servant); F(use_account); F(family_payer); F(line_row_offsets); F(item_data); F(item_offsets);
        F(item_class); F(quantity); F(price); F(amount);
        int64_t *col[15]; for (int k = 0; k < 15; k++) col[k] = malloc(n * 8);
        int32_t *adm = malloc(n * 4), *st = malloc(n * 4);
        yb_settlement_columns o = { .size = sizeof o, .n = n, .total = col[0], .full_self_pay = col[1], .over_limit = col[2],
            .b_first_pay = col[3], .in_scope = col[4], .deductible = col[5], .pooled = col[6], .critical_illness = col[7],
            .other_funds = col[8], .assistance = col[9], .fund_total = col[10], .personal = col[11], .account_pay = col[12],
            .family_aid = col[13], .cash_pay = col[14], .admission = adm };
        for (int k = 0; k < repeat; k++) {
            yb_benefit_ledger *l;
            double t0 = now();
            if (yb_benefit_ledger_new(ctx, &l) || yb_benefit_ledger_reserve(ctx, l, members, n) ||
                yb_benefit_settle_batch(ctx, pol, l, &c, YB_SETTLE_FINAL, &o, st) < 0) { fprintf(stderr, "%s\n", yb_ctx_errmsg(ctx)); return 3; }
            double t = now() - t0; if (t < best) best = t;
            yb_benefit_ledger_free(l);
        }
        for (size_t i = 0; i < n; i++) check += st[i] ? 0 : col[6][i];
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
        gc.collect()
        t0 = time.thread_time()
        out = fn()
        best = min(best, time.thread_time() - t0)
    return best, out


def run_c(exe, args, repeat):
    out = subprocess.run([exe, args[0], str(repeat)] + args[1:], check=True, capture_output=True,
                         text=True).stdout.split()
    return float(out[0]), int(out[1])


def paired(py_fn, exe, c_args, repeat, inner=3):
    """Best of `repeat` × `inner` runs for each side: the two sides alternate
    `repeat` times (so that load from other users of the machine hits both
    alike), each time `inner` runs in a row (warm caches on both sides: the C
    driver runs them in one process)."""
    t_py = t_c = float("inf")
    out = check = None
    for _ in range(repeat):
        t, out = best_of(py_fn, inner)
        t_py = min(t_py, t)
        t, check = run_c(exe, c_args, inner)
        t_c = min(t_c, t)
    return t_py, out, t_c, check


def _arrow():
    try:
        import pyarrow  # noqa: F401
        return True
    except ImportError:
        return False


def _dump(d, arrays):
    os.makedirs(d)
    for name, arr in arrays.items():
        np.asarray(arr).tofile(os.path.join(d, name + ".bin"))


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
    dx = (raw.principal_dx + "|" + raw.secondary_dx).tolist()
    proc = raw.procedures.tolist()
    df_list = df.copy()
    df_list["dx"] = pd.Series([[c for c in s.split("|") if c] for s in dx], dtype=object)
    df_list["proc"] = pd.Series([[c for c in s.split("|") if c] for s in proc], dtype=object)
    df_py = df.copy()  # "A|B|C" as Python strings
    df_py["dx"] = pd.Series(dx, dtype=object)
    df_py["proc"] = pd.Series(proc, dtype=object)
    frames = [("group-df", df_list, None), ("group-csv", df_py, "|")]
    if _arrow():  # the same strings in Arrow memory (pandas' str dtype with pyarrow)
        df_ar = df.copy()
        df_ar["dx"] = pd.Series(dx, dtype="string[pyarrow]")
        df_ar["proc"] = pd.Series(proc, dtype="string[pyarrow]")
        frames.append(("group-arrow", df_ar, "|"))
    cols = yibao.case_columns(df_list)
    d = os.path.join(tmp, "cases")
    _dump(d, cols.arrays)
    c_args = ["group", d, pack, str(n)]
    rows = []
    with DrgScheme(pack) as scheme, yibao.Context(progress_interval=1 << 30) as ctx:
        first = None
        for name, frame, sep in frames:
            t_py, res, t_c, check = paired(lambda: scheme.group(frame, ctx=ctx, progress=False, sep=sep), exe,
                                           c_args, args.repeat)
            assert int(res.drg_id.sum()) == check
            first = res.drg.tolist() if first is None else first
            assert res.drg.tolist() == first
            rows.append((name, n, t_py, t_c))
        t_cols, _, t_c, _ = paired(lambda: yibao.handles.run_batch(ctx, "yb_drg_group_batch", scheme.ptr, cols,
                                                                   "yb_drg_results", n, progress=False),
                                   exe, c_args, args.repeat)
        rows.append(("group-cols", n, t_cols, t_c))
    return rows


def claim_lines(policy, n, members, rng):
    """n claims of 8–12 lines (10 on average) of the policy's items for
    `members` members, dated through 2024 in claim order: a line-level frame
    in the library's units (ints), item codes as Python strings."""
    import pandas as pd
    items = np.array(policy.codes("item"), dtype=object)
    lines = rng.integers(8, 13, size=n)
    total = int(lines.sum())
    day = np.datetime64("2024-01-01") + (np.arange(n) * 365 // n).astype("timedelta64[D]")
    y, m = day.astype("datetime64[Y]"), day.astype("datetime64[M]")
    date = ((y.astype(np.int64) + 1970) * 10000 + (m - y.astype("datetime64[M]")).astype(np.int64) * 100 + 100 +
            (day - m.astype("datetime64[D]")).astype(np.int64) + 1).astype(np.int32)
    claim = {"claim_id": np.arange(1, n + 1, dtype=np.uint64),
             "member_id": rng.integers(1, members + 1, size=n).astype(np.uint64),
             "date": date,
             "insured": rng.integers(1, 4, size=n).astype(np.int8),
             "level": rng.integers(1, 4, size=n).astype(np.int8),
             "place": np.ones(n, dtype=np.int8),
             "visit": np.where(rng.random(n) < 0.2, 2, 1).astype(np.int8),
             "category": np.where(rng.random(n) < 0.05, rng.integers(1, 4, size=n), 0).astype(np.int8)}
    df = pd.DataFrame({k: np.repeat(v, lines) for k, v in claim.items()})
    qty = rng.integers(1, 6, size=total).astype(np.int64) * 10000
    price = rng.integers(100, 50000, size=total).astype(np.int64) * 100
    df["item_code"] = pd.Series(items[rng.integers(0, len(items), size=total)], dtype=object)
    df["quantity"] = qty
    df["price"] = price
    df["amount"] = (qty * price + 500000) // 1000000  # round(q × p) to the fen, half up
    return df


def as_csv_text(df):
    """The same lines as pd.read_csv(dtype=str) gives them: texts everywhere
    (ids "C…"/"P…", ISO dates, insured names, decimal quantities and yuan)."""
    import pandas as pd
    names = {1: "employee", 2: "retired", 3: "resident"}
    out = pd.DataFrame({
        "claim_id": "C" + df.claim_id.astype(str), "member_id": "P" + df.member_id.astype(str),
        "date": pd.to_datetime(df.date.astype(str), format="%Y%m%d").dt.strftime("%Y-%m-%d"),
        "insured": df.insured.map(names), "level": df.level.astype(str), "place": "local",
        "visit": df.visit.map({1: "inpatient", 2: "outpatient"}), "category": df.category.astype(str),
        "item_code": df.item_code.astype(str),
        "quantity": (df.quantity // 10000).astype(str),
        "price": (df.price // 10000).astype(str) + "." + (df.price % 10000).astype(str).str.zfill(4),
        "amount": (df.amount // 100).astype(str) + "." + (df.amount % 100).astype(str).str.zfill(2)})
    return out


def bench_settle(exe, tmp, args, rng):
    """Benefit settlement of generated claims into a fresh ledger reserved
    for the population, FINAL mode, through Python and through C."""
    from yibao.benefit import BenefitPolicy
    from yibao.claims import ClaimBatch
    pack = os.path.join(ROOT, "packs", "sample-benefit")
    n = max(args.claims, 10)
    members = max(n // 5, 1)
    rows = []
    with BenefitPolicy(pack) as policy, yibao.Context(progress_interval=1 << 30) as ctx:
        df = claim_lines(policy, n, members, rng)
        batch = ClaimBatch(df)
        d = os.path.join(tmp, "claims")
        _dump(d, batch.cols.arrays)
        c_args = ["settle", d, pack, str(n), str(members)]

        def settle(frame):
            led = policy.ledger(ctx)
            led.reserve(members, n)
            out = led.settle(frame, ctx=ctx, progress=False)
            led.close()
            return out

        frames = [("settle-df", df)]
        if _arrow():
            frames.append(("settle-arrow", df.assign(item_code=df.item_code.astype("string[pyarrow]"))))
        frames.append(("settle-csv", as_csv_text(df)))
        for name, frame in frames:
            t_py, out, t_c, check = paired(lambda: settle(frame), exe, c_args, args.repeat)
            assert int(out.pooled.sum()) == check and (out.status == 0).mean() > 0.99
            rows.append((name, n, t_py, t_c))

        def cols_only():
            from yibao.columns import results
            led = policy.ledger(ctx)
            led.reserve(members, n)
            out = results("yb_settlement_columns", n)
            st = np.zeros(n, dtype=np.int32)
            yibao.lib.yb_benefit_settle_batch(ctx.ptr, policy.ptr, led.ptr, batch.cols.ptr, 1, out.ptr,
                                              yibao.ffi.from_buffer("int32_t[]", st, require_writable=True))
            led.close()
        t_py, _, t_c, _ = paired(cols_only, exe, c_args, args.repeat)
        rows.append(("settle-cols", n, t_py, t_c))
    return rows


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=2_000_000)
    ap.add_argument("--claims", type=int, default=100_000, help="claims of the settlement benchmarks")
    ap.add_argument("--repeat", type=int, default=9)
    args = ap.parse_args()
    rng = np.random.default_rng(1)
    with tempfile.TemporaryDirectory() as tmp:
        exe, lib = build_driver(tmp)
        print("libyibao %s, C driver linked with %s; n=%d, claims=%d, best of %d (thread CPU time); pyarrow %s"
              % (yibao.version(), os.path.relpath(lib, ROOT), args.n, args.claims, args.repeat,
                 "installed" if _arrow() else "not installed"))
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
        if hasattr(yibao.lib, "yb_benefit_policy_load"):
            rows += bench_settle(exe, tmp, args, rng)

    print("%-12s %10s %12s %12s %8s" % ("benchmark", "rows", "python s", "C s", "ratio"))
    rows = [r for r in rows if r is not None]
    for name, n, t_py, t_c in rows:
        print("%-12s %10d %12.6f %12.6f %8.2f" % (name, n, t_py, t_c, t_py / t_c))
    print("python-vs-c " + " ".join("%s=%.2fx" % (name, t_py / t_c) for name, _, t_py, t_c in rows))


if __name__ == "__main__":
    main()
