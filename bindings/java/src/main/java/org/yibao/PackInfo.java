package org.yibao;

import java.lang.ref.Reference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import org.yibao.internal.NativeLoader;
import org.yibao.internal.NativeYibao;

/**
 * Summary of a data pack ({@code yb_pack_info}), read by {@link #inspect}.
 *
 * @param kind for example "drg-scheme"
 * @param name for example "CHS-DRG"
 * @param version for example "1.1"
 * @param region for example "national"
 * @param validFrom first day of validity, or null when not given
 * @param validTo last day of validity, or null when open-ended
 * @param tables number of tables (base packs included)
 * @param fingerprint stable identity of the content (64 hex digits), for audit
 */
public record PackInfo(String kind, String name, String version, String region, LocalDate validFrom,
                       LocalDate validTo, int tables, String fingerprint) {
    static {
        NativeLoader.load();
    }

    /**
     * Reads a pack's manifest (and its base's) and, when {@code verify}, checks
     * every table against its SHA-256 checksum.
     * @param ctx the calling thread's context
     * @param pack the pack directory or its pack.json
     * @param verify whether to verify the table checksums
     * @throws YibaoException.Io for a missing manifest
     * @throws YibaoException.Pack for an inconsistent manifest ({@link YibaoException.Checksum} for a changed table)
     */
    public static PackInfo inspect(Context ctx, Path pack, boolean verify) {
        try {
            NativeYibao.YbPackInfo i = new NativeYibao.YbPackInfo();
            ctx.check(NativeYibao.yb_pack_inspect(ctx.ptr(), pack.toString(), verify ? 1 : 0, i));
            return new PackInfo(text(i.kind), text(i.name), text(i.version), text(i.region), date(i.valid_from),
                    date(i.valid_to), i.tables, text(i.fingerprint));
        } finally {
            Reference.reachabilityFence(ctx);
        }
    }

    private static String text(byte[] nulTerminated) {
        int n = 0;
        while (n < nulTerminated.length && nulTerminated[n] != 0) {
            n++;
        }
        return new String(nulTerminated, 0, n, StandardCharsets.UTF_8);
    }

    /** A YYYYMMDD integer as a date; null for 0. */
    static LocalDate date(int yyyymmdd) {
        return yyyymmdd == 0 ? null : LocalDate.of(yyyymmdd / 10000, yyyymmdd / 100 % 100, yyyymmdd % 100);
    }
}
