#!/usr/bin/env bash
# Builds libyibao.so from this source tree and copies it into the jar's
# resources, with the non-system shared libraries it links (libjansson), so
# the jar loads without any system install (org.yibao.internal.NativeLoader).
#
#   build-native.sh BUILD_DIR OUT_DIR
#
# BUILD_DIR is a meson build directory of this tree (configured here, as
# scripts/run does, when missing); OUT_DIR receives libyibao.so, each bundled
# dependency under its soname, their licence texts, and libyibao.deps (the
# dependencies in load order). Called by Maven in generate-resources.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${1:?build directory}
OUT=${2:?output directory}

if [ ! -f "$BUILD/build.ninja" ]; then
  echo "== configuring $BUILD (gcc)"
  CC=${CC:-gcc} meson setup "$BUILD" "$ROOT" >/dev/null
fi
san=$(meson introspect --buildoptions "$BUILD" | python3 -c \
  'import json, sys; print([o["value"] for o in json.load(sys.stdin) if o["name"] == "b_sanitize"][0])')
if [ "$san" != none ] && [ "$san" != "[]" ]; then
  echo "build-native.sh: $BUILD is a sanitizer build ($san); a JVM cannot load it" \
       "(pass -Dyibao.native.build=<plain build dir>)" >&2
  exit 1
fi
meson compile -C "$BUILD" -j 2 yibao:shared_library >/dev/null

so="$BUILD/lib/libyibao.so"
[ -f "$so" ] || { echo "build-native.sh: $so was not built" >&2; exit 1; }
mkdir -p "$OUT"
tmp="$OUT/.libyibao.so.tmp"
objcopy --strip-debug "$so" "$tmp"
if cmp -s "$tmp" "$OUT/libyibao.so"; then rm -f "$tmp"; else mv -f "$tmp" "$OUT/libyibao.so"; fi

# Bundle what the dynamic linker resolves outside the C runtime (glibc and
# its loader), under the soname libyibao asks for.
deps=()
while read -r soname _ path _; do
  case "$soname" in
    linux-vdso.so.*|ld-linux*|libc.so.*|libm.so.*|libpthread.so.*|libdl.so.*|librt.so.*|libgcc_s.so.*) continue ;;
  esac
  [ -f "$path" ] || { echo "build-native.sh: $soname not found by ldd" >&2; exit 1; }
  cp -fL "$path" "$OUT/$soname"
  deps+=("$soname")
  pkg=$(dpkg -S "$(readlink -f "$path")" 2>/dev/null | head -1 | cut -d: -f1 || true)
  if [ -n "$pkg" ] && [ -f "/usr/share/doc/$pkg/copyright" ]; then
    cp -f "/usr/share/doc/$pkg/copyright" "$OUT/$soname.copyright"
  fi
done < <(ldd "$OUT/libyibao.so" | awk '/=>/ {print $1, $2, $3, $4}')
printf '%s\n' "${deps[@]+"${deps[@]}"}" > "$OUT/libyibao.deps"
cp -f "$ROOT/LICENSE" "$OUT/libyibao.LICENSE"
echo "== bundled $(basename "$so") ${deps[*]+"${deps[*]}"} into $OUT"
