#!/usr/bin/env python3
"""Python binding overhead: the same batch through the Python package and
through C, measured in the same run, reported as a ratio (python / C).

    .venv/bin/python bindings/python/bench.py [--n N] [--repeat K]

The C side is a small driver compiled here against libyibao.a (of the
package build, or build/lib) that reads the same input from binary files and
times the same call with clock_gettime; each figure is the best of K runs.
Benchmarks:
  allocate   yb_allocate of a total over N int64 weights: yibao.allocate()
             with a numpy array (passed without a copy) vs the C call.
  normalize  yb_code_normalize of N codes one by one: a Python loop over
             yibao.normalize_code() vs a C loop. No batch form exists; this
             shows the per-call cost that batch APIs avoid.
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

int main(int argc, char **argv) {
    int repeat = atoi(argv[2]);
    double best = 1e30; long long check = 0;
    if (strcmp(argv[1], "allocate") == 0) {
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
        t_py, parts = best_of(lambda: yibao.allocate(987654321012, w), args.repeat)
        t_c, check = run_c(exe, ["allocate", os.path.join(tmp, "w.bin")], args.repeat)
        assert int(parts.sum()) == check == 987654321012
        rows.append(("allocate", args.n, t_py, t_c))

        n_codes = max(args.n // 10, 1)
        pool = ["i21.0", " k35.800X001", "Ｊ１８．９", "60.5x02", "O80.0", "I10.x00"]
        codes = [pool[i % len(pool)] for i in range(n_codes)]
        data, offsets = yibao.columns.utf8_column(codes)
        with open(os.path.join(tmp, "codes.bin"), "wb") as f:
            f.write(data)
        offsets.tofile(os.path.join(tmp, "off.bin"))
        t_py, out = best_of(lambda: [yibao.normalize_code(c) for c in codes], args.repeat)
        t_c, check = run_c(exe, ["normalize", os.path.join(tmp, "codes.bin"), os.path.join(tmp, "off.bin")],
                           args.repeat)
        assert sum(len(c) for c in out) == check
        rows.append(("normalize", n_codes, t_py, t_c))

    print("%-10s %10s %12s %12s %8s" % ("benchmark", "rows", "python s", "C s", "ratio"))
    for name, n, t_py, t_c in rows:
        print("%-10s %10d %12.6f %12.6f %8.2f" % (name, n, t_py, t_c, t_py / t_c))
    print("python-vs-c " + " ".join("%s=%.2fx" % (name, t_py / t_c) for name, _, t_py, t_c in rows))


if __name__ == "__main__":
    main()
