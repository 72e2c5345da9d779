#!/usr/bin/env bash
# `meson install` into a scratch root, then build examples/c/split_fund.c
# against the installed library with pkg-config only, and run it. Prints TAP.
set -u
build=$1 src=$2 cc=$3
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
echo "1..3"
if meson install -C "$build" --destdir "$root" --no-rebuild --quiet >"$root.log" 2>&1; then
  echo "ok 1 - meson install into a scratch root"
else
  echo "not ok 1 - meson install"; sed 's/^/# /' "$root.log"; exit 1
fi
pc=$(dirname "$(find "$root" -name yibao.pc | head -1)")
export PKG_CONFIG_PATH=$pc PKG_CONFIG_SYSROOT_DIR=$root
if flags=$(pkg-config --cflags --libs yibao) &&
   "$cc" -std=c11 -Wall -Werror "$src/examples/c/split_fund.c" $flags -o "$root/split_fund" 2>"$root.log"; then
  echo "ok 2 - a program builds with \`pkg-config --cflags --libs yibao\` ($flags)"
else
  echo "not ok 2 - build against the installed library"; sed 's/^/# /' "$root.log"; exit 1
fi
libdir=$(dirname "$(find "$root" -name 'libyibao.so' | head -1)")
out=$(LD_LIBRARY_PATH=$libdir "$root/split_fund")
# 123456789 fen × 6/10 = 74074073.4, × 3/10 = 37037036.7, × 1/10 = 12345678.9:
# floors 74074073 + 37037036 + 12345678 = 123456787, two fen left go to the
# largest remainders (0.9 then 0.7): tiers 2 and 3.
expect=$'tier 1: 740740.73 yuan\ntier 2: 370370.37 yuan\ntier 3: 123456.79 yuan'
if [ "$(printf '%s\n' "$out" | head -3)" = "$expect" ]; then
  echo "ok 3 - the installed library runs and splits exactly"
else
  echo "not ok 3 - unexpected output"; printf '%s\n' "$out" | sed 's/^/# /'; exit 1
fi
