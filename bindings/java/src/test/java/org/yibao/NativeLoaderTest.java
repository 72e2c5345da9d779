package org.yibao;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.Library;
import com.sun.jna.NativeLibrary;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yibao.internal.NativeYibao;

/** The jar's own copy of libyibao is the one loaded, from a private directory removed after loading. */
class NativeLoaderTest {

    @Test
    void theBundledLibraryIsLoadedAndItsFilesAreGone() throws Exception {
        assertNotNull(Yibao.version());
        assertNotNull(NativeLoaderTest.class.getResource("/linux-x86-64/libyibao.so"), "bundled in the jar");
        // The instance NativeYibao registered (JNA caches it by name and options).
        File f = NativeLibrary.getInstance(NativeYibao.LIBRARY_NAME,
                Map.of(Library.OPTION_STRING_ENCODING, "UTF-8")).getFile();
        assertNotNull(f);
        Path dir = f.toPath().getParent();
        assertTrue(dir.getFileName().toString().startsWith("yibao-native-"), f.toString());
        assertFalse(Files.exists(dir), "the extraction directory is removed once the library is mapped");
        // Its dependencies come from the jar too: libyibao.deps lists them.
        String deps = new String(NativeLoaderTest.class.getResourceAsStream("/linux-x86-64/libyibao.deps").readAllBytes());
        for (String dep : deps.split("\n")) {
            if (!dep.isBlank()) {
                assertNotNull(NativeLoaderTest.class.getResource("/linux-x86-64/" + dep.strip()), dep);
            }
        }
        assertEquals(System.getProperty("yibao.library"), null);
    }
}
