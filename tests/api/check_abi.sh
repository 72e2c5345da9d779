#!/usr/bin/env bash
# Compares the built shared library with the committed ABI baseline
# (abi/libyibao.abi, written by scripts/abi-update). Added functions and types
# are compatible and pass; removed or changed functions or variables fail.
# Prints TAP.
set -u
baseline=$1 shlib=$2 headers=$3
echo "1..1"
if [ ! -f "$baseline" ]; then
  echo "not ok 1 - ABI baseline $baseline is missing (run scripts/run abi-update)"
  exit 1
fi
report=$(abidiff --headers-dir1 "$headers" --headers-dir2 "$headers" "$baseline" "$shlib" 2>&1)
rc=$?
removed_changed=$(printf '%s\n' "$report" | grep -E '^(Functions|Variables) changes summary:' |
  sed -E 's/.*: ([0-9]+) Removed(.*), ([0-9]+) Changed.*/\1 \3/' | awk '{s += $1 + $2} END {print s + 0}')
if [ $((rc & 3)) -ne 0 ] || [ $((rc & 8)) -ne 0 ] || [ "$removed_changed" -gt 0 ]; then
  echo "not ok 1 - ABI differs incompatibly from $baseline (abidiff exit $rc)"
  printf '%s\n' "$report" | sed 's/^/# /'
  echo "# If this change is intended (before a release), run scripts/run abi-update and commit abi/."
  exit 1
fi
echo "ok 1 - ABI compatible with the baseline (abidiff exit $rc)"
printf '%s\n' "$report" | grep -E 'summary' | sed 's/^/# /'
exit 0
