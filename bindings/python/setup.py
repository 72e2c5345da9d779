"""Builds the yibao package: the cffi extension over libyibao.

Where libyibao comes from, in this order:
1. YIBAO_PREFIX=/some/prefix: an installed libyibao (PREFIX/include,
   PREFIX/lib*/libyibao.so); the extension links it with an rpath.
2. The libyibao source tree this package sits in (../.., or YIBAO_SOURCE):
   built with meson/ninja as a static library inside the setuptools build
   directory (reused by later builds) and linked into the extension, so the
   installed package needs no libyibao at run time (only its system
   dependencies: jansson).
3. pkg-config's "yibao" (an installed libyibao found by pkg-config).
"""
import os
import re
import shlex
import shutil
import subprocess
import sys

from setuptools import setup
from setuptools.command.build_ext import build_ext

HERE = os.path.dirname(os.path.abspath(__file__))


def _version():
    with open(os.path.join(HERE, "yibao", "_generated", "api.py"), encoding="utf-8") as f:
        text = f.read()
    parts = [re.search(r"^YB_VERSION_%s = (\d+)" % p, text, re.M).group(1)
             for p in ("MAJOR", "MINOR", "PATCH")]
    return ".".join(parts)


def _source_root():
    root = os.environ.get("YIBAO_SOURCE") or os.path.normpath(os.path.join(HERE, "..", ".."))
    try:
        with open(os.path.join(root, "meson.build"), encoding="utf-8") as f:
            if "project('libyibao'" in f.read():
                return root
    except OSError:
        pass
    return None


def _run(cmd, **kw):
    print("yibao: " + " ".join(shlex.quote(c) for c in cmd), flush=True)
    subprocess.run(cmd, check=True, **kw)


def _pkg_config(args, env=None):
    out = subprocess.run(["pkg-config"] + args, check=True, capture_output=True, text=True, env=env)
    return shlex.split(out.stdout)


def _split_flags(flags):
    cfg = {"include_dirs": [], "library_dirs": [], "libraries": [], "extra_link_args": []}
    for f in flags:
        if f.startswith("-I"):
            cfg["include_dirs"].append(f[2:])
        elif f.startswith("-L"):
            cfg["library_dirs"].append(f[2:])
        elif f.startswith("-l"):
            cfg["libraries"].append(f[2:])
        else:
            cfg["extra_link_args"].append(f)
    return cfg


def _installed(prefix):
    for sub in ("lib", "lib64", "lib/x86_64-linux-gnu"):
        libdir = os.path.join(prefix, sub)
        if os.path.exists(os.path.join(libdir, "libyibao.so")):
            return {"include_dirs": [os.path.join(prefix, "include")], "library_dirs": [libdir],
                    "libraries": ["yibao"], "runtime_library_dirs": [libdir]}
    raise SystemExit("yibao: YIBAO_PREFIX=%s has no lib*/libyibao.so" % prefix)


def _from_source(root, build_temp):
    for tool in ("meson", "ninja", "pkg-config"):
        if shutil.which(tool) is None:
            raise SystemExit("yibao: building libyibao from %s needs %s (scripts/run setup installs it), "
                             "or set YIBAO_PREFIX to an installed libyibao" % (root, tool))
    bdir = os.path.abspath(os.path.join(build_temp, "libyibao"))
    if not os.path.exists(os.path.join(bdir, "build.ninja")):
        _run(["meson", "setup", bdir, root, "--buildtype=release", "-Ddefault_library=static",
              "-Dwerror=false", "-Dtests=false", "-Ddocs=disabled", "-Dabi_check=disabled",
              "-Dtest_python=disabled", "-Dtest_java=disabled"])
    jobs = os.environ.get("YIBAO_BUILD_JOBS", "2")
    _run(["ninja", "-C", bdir, "-j", jobs, "lib/libyibao.a"])
    env = dict(os.environ, PKG_CONFIG_PATH=os.path.join(bdir, "meson-uninstalled"))
    cfg = _split_flags(_pkg_config(["--static", "--libs", "--cflags", "yibao-uninstalled"], env))
    cfg["include_dirs"].append(os.path.join(root, "include"))
    # Keep the static library's symbols inside the extension.
    cfg["extra_link_args"].append("-Wl,--exclude-libs,ALL")
    # Relink the extension whenever the library was rebuilt.
    cfg["depends"] = [os.path.join(bdir, "lib", "libyibao.a")]
    return cfg


def libyibao_config(build_temp):
    prefix = os.environ.get("YIBAO_PREFIX")
    if prefix:
        return _installed(prefix)
    root = _source_root()
    if root:
        return _from_source(root, build_temp)
    if shutil.which("pkg-config") and subprocess.run(["pkg-config", "--exists", "yibao"]).returncode == 0:
        cfg = _split_flags(_pkg_config(["--cflags", "--libs", "yibao"]))
        cfg["runtime_library_dirs"] = list(cfg["library_dirs"])
        return cfg
    raise SystemExit("yibao: no libyibao found: set YIBAO_PREFIX, build from the source tree, "
                     "or install libyibao where pkg-config finds it")


class BuildExt(build_ext):
    def pre_run(self, ext, ffi):
        """Called by cffi before it writes the C source: find or build libyibao."""
        for key, values in libyibao_config(self.build_temp).items():
            getattr(ext, key).extend(values)


setup(
    version=_version(),
    cffi_modules=["yibao/_generated/build_ffi.py:ffibuilder"],
    cmdclass={"build_ext": BuildExt},
)
