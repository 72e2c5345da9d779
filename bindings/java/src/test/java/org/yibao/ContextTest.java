package org.yibao;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.yibao.internal.NativeYibao;

/** Contexts: version, status names, options, error detail, log listener, closing (tests/core/test_ctx.c). */
class ContextTest {

    @Test
    void versionMatchesTheHeaderTheBindingWasGeneratedFrom() {
        int expected = NativeYibao.YB_VERSION_MAJOR * 10000 + NativeYibao.YB_VERSION_MINOR * 100
                + NativeYibao.YB_VERSION_PATCH;
        assertEquals(expected, Yibao.versionNumber());
        assertEquals(NativeYibao.YB_VERSION_MAJOR + "." + NativeYibao.YB_VERSION_MINOR + "."
                + NativeYibao.YB_VERSION_PATCH, Yibao.version());
    }

    @Test
    void statusNamesAndTexts() {
        assertEquals("YB_OK", Yibao.statusName(0));
        assertEquals("YB_E_FORMAT", Yibao.statusName(NativeYibao.YB_E_FORMAT));
        assertEquals("out of memory", Yibao.statusText(NativeYibao.YB_E_NOMEM));
        assertEquals("unknown status", Yibao.statusText(12345));
        assertEquals("YB_UNKNOWN", Yibao.statusName(12345));
    }

    @Test
    void optionsHaveTheDocumentedDefaultsAndAreChecked() {
        try (Context ctx = new Context()) {
            assertEquals(65536, ctx.option(Context.Option.PROGRESS_INTERVAL));
            assertEquals(64, ctx.option(Context.Option.MAX_CODES_PER_CASE));
            assertEquals(1 << 20, ctx.option(Context.Option.CSV_MAX_RECORD));
            assertSame(ctx, ctx.setOption(Context.Option.PROGRESS_INTERVAL, 10));
            assertEquals(10, ctx.option(Context.Option.PROGRESS_INTERVAL));
            YibaoException.Param e = assertThrows(YibaoException.Param.class,
                    () -> ctx.setOption(Context.Option.PROGRESS_INTERVAL, 0));
            assertEquals(NativeYibao.YB_E_PARAM, e.status());
            assertEquals("YB_E_PARAM", e.statusName());
            assertTrue(e.detail().contains("progress interval") && e.detail().contains("got 0"), e.detail());
            assertTrue(e instanceof YibaoException.InvalidInput);
            // The context keeps the detail until cleared.
            ErrorInfo last = ctx.lastError();
            assertEquals(NativeYibao.YB_E_PARAM, last.status());
            assertEquals(e.detail(), last.message());
            ctx.clearError();
            assertNull(ctx.lastError());
            assertThrows(YibaoException.Param.class, () -> ctx.setOption(Context.Option.CSV_MAX_RECORD, 10));
            assertThrows(YibaoException.Param.class, () -> ctx.setOption(Context.Option.MAX_CODES_PER_CASE, 5000));
        }
    }

    @Test
    void logListenerReceivesErrorsUpToItsLevel() {
        try (Context ctx = new Context()) {
            List<String> seen = new ArrayList<>();
            ctx.setLogListener((level, msg) -> seen.add(level + ": " + msg), Context.LogLevel.WARN);
            assertThrows(YibaoException.Param.class, () -> ctx.setOption(Context.Option.PROGRESS_INTERVAL, 0));
            assertEquals(1, seen.size());
            assertTrue(seen.get(0).startsWith("ERROR: ") && seen.get(0).contains("got 0"), seen.get(0));
            ctx.setLogListener(null, Context.LogLevel.ERROR);
            assertThrows(YibaoException.Param.class, () -> ctx.setOption(Context.Option.PROGRESS_INTERVAL, -5));
            assertEquals(1, seen.size());
        }
    }

    @Test
    void aThrowingLogListenerIsRethrownAfterTheCall() {
        try (Context ctx = new Context()) {
            ctx.setLogListener((level, msg) -> {
                throw new IllegalStateException("listener broke");
            }, Context.LogLevel.DEBUG);
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> ctx.setOption(Context.Option.PROGRESS_INTERVAL, 0));
            assertEquals("listener broke", e.getMessage());
            // Remembered once: the next call is normal again.
            ctx.setLogListener(null, Context.LogLevel.ERROR);
            assertEquals(65536, ctx.option(Context.Option.PROGRESS_INTERVAL));
        }
    }

    @Test
    void closedHandlesRefuseUseAndCloseTwiceIsFine() {
        Context ctx = new Context();
        assertFalse(ctx.isClosed());
        ctx.close();
        ctx.close();
        assertTrue(ctx.isClosed());
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ctx.option(Context.Option.PROGRESS_INTERVAL));
        assertTrue(e.getMessage().contains("context is closed"));
    }

    @Test
    void forgottenContextsAreFreedByTheCleaner() throws Exception {
        // Many contexts dropped without close(): the cleaner frees them. A leak or a double free would show
        // under a native memory checker; here it must simply not crash.
        for (int i = 0; i < 2000; i++) {
            new Context().setOption(Context.Option.PROGRESS_INTERVAL, 5);
        }
        System.gc();
        Thread.sleep(50);
        try (Context ctx = new Context()) {
            assertEquals(65536, ctx.option(Context.Option.PROGRESS_INTERVAL));
        }
    }
}
