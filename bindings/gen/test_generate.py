"""Tests of the binding generator (standard library unittest; pytest collects
it too). Run from anywhere: python3 bindings/gen/test_generate.py

- the committed generated files equal a fresh generation from the headers;
- the parser reads the FFI-clean subset exactly and refuses everything else
  with file and line;
- the generated Java class compiles against JNA and calls into libyibao
  (skipped when javac, the JNA jar or a built libyibao.so is missing).
"""
import glob
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import generate  # noqa: E402
from cheader import HeaderError, parse_headers  # noqa: E402

ROOT = generate.ROOT


class CommittedFilesAreFresh(unittest.TestCase):
    def test_generated_files_match_headers(self):
        with tempfile.TemporaryDirectory() as tmp:
            self.assertEqual(generate.main(["--out", tmp]), 0)
            fresh = generate.outputs(os.path.join(ROOT, "include", "yibao"))
            self.assertTrue(fresh)
            stale = generate.stale(fresh, ROOT)
            self.assertEqual(stale, [], "stale generated files; run python3 bindings/gen/generate.py")
            # The fresh copy written under tmp is byte-identical too.
            for rel in fresh:
                with open(os.path.join(tmp, rel), encoding="utf-8") as a, \
                        open(os.path.join(ROOT, rel), encoding="utf-8") as b:
                    self.assertEqual(a.read(), b.read(), rel)

    def test_every_exported_symbol_is_declared(self):
        # lib/libyibao.map lists the ABI; the model must hold exactly those functions.
        model = parse_headers(os.path.join(ROOT, "include", "yibao"))
        with open(os.path.join(ROOT, "lib", "libyibao.map"), encoding="utf-8") as f:
            exported = {ln.strip().rstrip(";") for ln in f
                        if ln.strip().startswith("yb_") and ln.strip().endswith(";")}
        self.assertEqual({fn.name for fn in model.functions}, exported)


def parse_text(text, name="mod.h", extra=None):
    """Parses one header (plus ctx.h-like helpers) written to a temp dir."""
    tmp = tempfile.mkdtemp()
    try:
        files = {"yibao.h": "#include <yibao/%s>\n" % name, name: textwrap.dedent(text)}
        files.update(extra or {})
        for fn, body in files.items():
            with open(os.path.join(tmp, fn), "w", encoding="utf-8") as f:
                f.write(body)
        return parse_headers(tmp)
    finally:
        shutil.rmtree(tmp)


GOOD = """\
    /** @file mod.h @brief A module. */
    #ifndef YIBAO_MOD_H
    #define YIBAO_MOD_H
    #include <stdint.h>
    #include <stddef.h>
    YB_BEGIN_DECLS
    /** Names are this long. @since 0.1 */
    #define YB_MOD_NAME 16
    /** None. @since 0.1 */
    #define YB_MOD_NO_ID UINT32_MAX
    /** @brief Kinds. @since 0.1 */
    typedef enum yb_kind {
        /** The first. */
        YB_KIND_A = 1,
        YB_KIND_B = -2, /**< The second. */
        YB_KIND_C = 0x10 /**< The third. */
    } yb_kind;
    /** @brief A handle. @since 0.1 */
    typedef struct yb_thing yb_thing;
    /** @brief Called back. @since 0.1 */
    typedef int (*yb_visit_fn)(void *user, uint64_t n);
    /** @brief Columns. @since 0.1 */
    typedef struct yb_cols {
        size_t size;            /**< sizeof. */
        const int64_t *values;  /**< Values. */
        char name[YB_MOD_NAME]; /**< Name. */
        yb_visit_fn visit;      /**< Hook. */
        const char *const *names; /**< Strings. */
    } yb_cols;
    /** @brief A record in an output array. @since 0.1 */
    typedef struct yb_line {
        int32_t kind;  /**< Kind. */
        int64_t amount; /**< Fen. */
    } yb_line;
    /**
     * @brief Loads a thing.
     * @param[in] path where.
     * @param[out] out the thing.
     * @returns a status.
     * @since 0.1
     */
    YB_API int yb_thing_load(const char *path,
                             yb_thing **out);
    /** @brief No arguments. @returns a number. @since 0.1 */
    YB_API uint32_t yb_thing_count(void);
    YB_END_DECLS
    #endif
"""


class ParserReadsTheSubset(unittest.TestCase):
    def test_reads_every_kind_of_declaration(self):
        m = parse_text(GOOD)
        consts = {c.name: c.value for c in m.constants}
        self.assertEqual(consts, {"YB_MOD_NAME": 16, "YB_MOD_NO_ID": 4294967295})
        (enum,) = m.enums
        self.assertEqual([(v.name, v.value, v.doc.brief) for v in enum.values],
                         [("YB_KIND_A", 1, "The first."), ("YB_KIND_B", -2, "The second."),
                          ("YB_KIND_C", 16, "The third.")])
        self.assertEqual([o.name for o in m.opaques], ["yb_thing"])
        (cb,) = m.callbacks
        self.assertEqual((cb.name, cb.ret.c(), [p.type.c(p.name) for p in cb.params]),
                         ("yb_visit_fn", "int", ["void *user", "uint64_t n"]))
        s, line = m.structs
        self.assertTrue(s.size_prefixed)
        self.assertFalse(line.size_prefixed)
        self.assertEqual([f.type.c(f.name) for f in s.fields],
                         ["size_t size", "const int64_t *values", "char name[16]", "yb_visit_fn visit",
                          "const char *const *names"])
        self.assertEqual(s.fields[2].doc.brief, "Name.")
        load, count = m.functions
        self.assertEqual([p.type.c(p.name) for p in load.params], ["const char *path", "yb_thing **out"])
        self.assertEqual(load.doc.brief, "Loads a thing.")
        self.assertEqual(load.doc.params, {"path": "where.", "out": "the thing."})
        self.assertEqual(load.doc.returns, "a status.")
        self.assertEqual((count.ret.c(), count.params), ("uint32_t", []))

    def assertRefused(self, bad_line, where, fragment):
        text = GOOD.replace("    YB_END_DECLS", "    " + bad_line + "\n    YB_END_DECLS")
        with self.assertRaises(HeaderError) as cm:
            parse_text(text)
        msg = str(cm.exception)
        self.assertIn(fragment, msg)
        self.assertIn("mod.h:%d" % where, msg)

    def test_refuses_what_the_convention_excludes(self):
        line = GOOD.count("\n", 0, GOOD.index("    YB_END_DECLS")) + 1
        cases = [
            ("YB_API int yb_f(const char *fmt, ...);", "unexpected character '.'"),
            ("typedef struct yb_b { size_t size; int32_t x : 1; } yb_b;", "bitfield"),
            ("typedef union yb_u yb_u;", "union"),
            ("#define YB_SQ(x) ((x) * (x))", "function-like macro"),
            ("#define YB_HALF 0.5", "not an integer expression"),
            ("typedef enum yb_e { YB_E_X } yb_e;", "needs an explicit value"),
            ("YB_API int yb_g(float x);", "type 'float'"),
            ("YB_API int yb_h(yb_unknown *x);", "unknown type 'yb_unknown'"),
            ("typedef struct yb_s { } yb_s;", "no fields"),
            ("YB_API int yb_i(int a[4]);", "array parameter"),
            ("YB_API int yb_j(yb_cols s);", "by value"),
            ("#ifdef YB_FEATURE", "unsupported preprocessor directive"),
            ("int yb_k(void);", "unsupported declaration"),
            ("YB_API int k(void);", "lacks the yb_ prefix"),
            ("typedef struct yb_q { size_t size; yb_cols inner; } yb_q;", "struct yb_cols by value"),
            ("YB_API int yb_n(_Bool b);", "type '_Bool'"),
            ("YB_API int yb_o(unsigned x);", "type 'unsigned'"),
            ("typedef enum yb_p { YB_P_A = 1 << 2 } yb_p;", "not an integer expression"),
        ]
        for bad, fragment in cases:
            with self.subTest(bad=bad):
                self.assertRefused(bad, line, fragment)

    def test_header_missing_from_umbrella_is_reported(self):
        tmp = tempfile.mkdtemp()
        try:
            with open(os.path.join(tmp, "yibao.h"), "w") as f:
                f.write("#include <yibao/a.h>\n")
            for name in ("a.h", "b.h"):
                with open(os.path.join(tmp, name), "w") as f:
                    f.write("#ifndef YIBAO_X_H\n#define YIBAO_X_H\n#endif\n")
            with self.assertRaises(HeaderError) as cm:
                generate.outputs(tmp)
            self.assertIn("does not include: b.h", str(cm.exception))
        finally:
            shutil.rmtree(tmp)


class JavaTypeMapping(unittest.TestCase):
    def test_parameters_map_to_jna_types(self):
        import emit_java
        extra = """    /** @brief Column. @since 0.1 */
    YB_API int yb_col(const char *data, const int64_t *offsets, size_t n, const char *name,
                      const char *code, size_t len, const int64_t *values, uint32_t *ids);
    YB_END_DECLS"""
        java = emit_java.emit_class(parse_text(GOOD.replace("    YB_END_DECLS", textwrap.indent(extra, ""))))
        # an Arrow string column (bytes + int64 offsets) is two pointers into native memory; a
        # string with a length is bytes; a lone const char * is a String; other T * are T[]
        self.assertIn("public static native int yb_col(Pointer data, Pointer offsets, long n, String name, "
                      "byte[] code, long len, long[] values, int[] ids);", java)
        self.assertIn("public static native int yb_thing_load(String path, PointerByReference out);", java)


def _jna_jar():
    env = os.environ.get("JNA_JAR")
    if env and os.path.exists(env):
        return env
    jars = sorted(glob.glob(os.path.expanduser("~/.m2/repository/net/java/dev/jna/jna/*/jna-*.jar")))
    jars = [j for j in jars if not j.endswith(("-sources.jar", "-javadoc.jar"))]
    return jars[-1] if jars else None


def _built_lib_dir():
    for d in (os.environ.get("YB_BUILD_ROOT"), os.path.join(ROOT, "build")):
        if d and os.path.exists(os.path.join(d, "lib", "libyibao.so")):
            return os.path.join(d, "lib")
    return None


JAVA_SMOKE = """\
import static org.yibao.internal.NativeYibao.*;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;

public class Smoke {
    public static void main(String[] args) {
        long[] out = new long[1];
        // 1234.56 yuan x 0.85 = 1049.376 -> 1049.38 yuan (tests/core/test_money.c)
        int rc = yb_muldiv(123456, 850000, YB_RATIO_ONE, YB_ROUND_HALF_UP, out);
        PointerByReference ref = new PointerByReference();
        yb_ctx_new(ref, null);
        Pointer ctx = ref.getValue();
        YbPackInfo info = new YbPackInfo();
        int rc2 = yb_pack_inspect(ctx, "/nonexistent/pack", 1, info);
        YbErrorInfo ei = new YbErrorInfo();
        yb_ctx_error_info(ctx, ei);
        System.out.println(rc + " " + out[0] + " " + yb_status_name(rc2) + " " + ei.status + " "
                + ei.file.getString(0, "UTF-8"));
        yb_ctx_free(ctx);
    }
}
"""


class JavaLayerCompilesAndRuns(unittest.TestCase):
    def test_javac_and_call(self):
        jar, libdir = _jna_jar(), _built_lib_dir()
        if not (shutil.which("javac") and shutil.which("java") and jar):
            self.skipTest("javac/java or the JNA jar (~/.m2 or JNA_JAR) is missing")
        files = generate.outputs(os.path.join(ROOT, "include", "yibao"))
        with tempfile.TemporaryDirectory() as tmp:
            srcs = []
            for rel, text in files.items():
                if rel.endswith(".java"):
                    srcs.append(os.path.join(tmp, os.path.basename(rel)))
                    with open(srcs[-1], "w", encoding="utf-8") as f:
                        f.write(text)
            with open(os.path.join(tmp, "Smoke.java"), "w") as f:
                f.write(JAVA_SMOKE)
            cls = os.path.join(tmp, "classes")
            subprocess.run(["javac", "-Xlint:all", "-Werror", "-d", cls, "-cp", jar] + srcs
                           + [os.path.join(tmp, "Smoke.java")], check=True)
            if os.environ.get("YB_SANITIZED"):
                self.skipTest("compiled; the sanitized libyibao.so cannot be loaded by a plain JVM")
            if libdir is None:
                self.skipTest("compiled; no built libyibao.so to call (build/ or YB_BUILD_ROOT)")
            run = subprocess.run(["java", "-Djna.library.path=" + libdir, "-cp",
                                  os.pathsep.join([cls, jar]), "Smoke"],
                                 check=True, capture_output=True, text=True)
            self.assertEqual(run.stdout.strip(),
                             "0 104938 YB_E_IO -3 /nonexistent/pack/pack.json")


if __name__ == "__main__":
    unittest.main()
