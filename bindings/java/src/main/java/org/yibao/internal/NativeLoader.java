package org.yibao.internal;

import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads the native libyibao before {@link NativeYibao} binds to it.
 *
 * <p>Unless the system property {@code yibao.library} names a library (a name
 * or an absolute path, as {@link NativeYibao#LIBRARY_NAME} reads it), the copy
 * bundled in the jar under {@code <platform>/libyibao.so} is used: it is
 * extracted with the libraries it needs (listed in {@code libyibao.deps}) into
 * a private temporary directory, those are opened first, then the directory is
 * put first on JNA's search path for "yibao" and the files are deleted once
 * the library is mapped. The directory is made under {@code java.io.tmpdir},
 * or under the system property {@code yibao.tmpdir} (for a {@code noexec}
 * /tmp). So a system-wide libyibao of another version is never
 * picked up by accident, and nothing needs to be installed.
 */
public final class NativeLoader {
    private NativeLoader() {}

    private static boolean loaded;
    private static final List<NativeLibrary> KEEP = new ArrayList<>();

    /** Loads the library once; later calls return at once. */
    public static synchronized void load() {
        if (loaded) {
            return;
        }
        if (System.getProperty("yibao.library") == null) {
            loadBundled();
        }
        int v = NativeYibao.yb_version_number();
        if (v / 10000 != NativeYibao.YB_VERSION_MAJOR || v < NativeYibao.YB_VERSION_MAJOR * 10000
                + NativeYibao.YB_VERSION_MINOR * 100) {
            throw new UnsatisfiedLinkError("libyibao " + NativeYibao.yb_version_string()
                    + " is loaded but this binding was generated for " + NativeYibao.YB_VERSION_MAJOR
                    + "." + NativeYibao.YB_VERSION_MINOR + " (same major, at least that minor)");
        }
        loaded = true;
    }

    private static void loadBundled() {
        String prefix = "/" + Platform.RESOURCE_PREFIX + "/";
        if (NativeLoader.class.getResource(prefix + "libyibao.so") == null) {
            return; // not bundled for this platform: JNA's own search applies
        }
        Path dir = null;
        try {
            String base = System.getProperty("yibao.tmpdir");
            dir = base == null ? Files.createTempDirectory("yibao-native-")
                    : Files.createTempDirectory(Path.of(base), "yibao-native-");
            for (String dep : deps(prefix)) {
                KEEP.add(NativeLibrary.getInstance(extract(prefix + dep, dir.resolve(dep)).toString()));
            }
            extract(prefix + "libyibao.so", dir.resolve("libyibao.so"));
            // "yibao" is NativeYibao.LIBRARY_NAME when the property is unset; reading that
            // field here would initialise NativeYibao before the path is known.
            NativeLibrary.addSearchPath("yibao", dir.toString());
            NativeYibao.yb_version_number(); // binds now, while the files exist
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract the bundled libyibao", e);
        } finally {
            if (dir != null) {
                deleteQuietly(dir);
            }
        }
    }

    private static List<String> deps(String prefix) throws IOException {
        List<String> out = new ArrayList<>();
        try (InputStream in = NativeLoader.class.getResourceAsStream(prefix + "libyibao.deps")) {
            if (in == null) {
                return out;
            }
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank()) {
                    out.add(line.strip());
                }
            }
        }
        return out;
    }

    private static Path extract(String resource, Path to) throws IOException {
        try (InputStream in = NativeLoader.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("missing resource " + resource);
            }
            Files.copy(in, to, StandardCopyOption.REPLACE_EXISTING);
        }
        return to;
    }

    private static void deleteQuietly(Path dir) {
        try (var files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(dir);
        } catch (IOException ignored) {
            // a leftover temporary directory is harmless
        }
    }
}
