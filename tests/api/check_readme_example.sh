#!/usr/bin/env bash
# The C example in README.md compiles (warnings as errors) against the built
# library and prints the DRG the CHS-DRG 2.0 tables publish for its case. Prints TAP.
set -u
src=$1 lib=$(realpath "$2") cc=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "1..2"
sed -n '/^```c$/,/^```$/p' "$src/README.md" | sed '1d;$d' > "$tmp/example.c"
if "$cc" -std=c11 -Wall -Wextra -Werror -I"$src/include" "$tmp/example.c" "$lib" -o "$tmp/example" 2>"$tmp/log"; then
  echo "ok 1 - the README's C example compiles"
else
  echo "not ok 1 - the README's C example compiles"; sed 's/^/# /' "$tmp/log"; exit 1
fi
out=$(cd "$src" && LD_LIBRARY_PATH=$(dirname "$lib") "$tmp/example" 2>&1)
if [ "$out" = "HC23" ]; then
  echo "ok 2 - it prints HC23"
else
  echo "not ok 2 - it printed: $out"; exit 1
fi
