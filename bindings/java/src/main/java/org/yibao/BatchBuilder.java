package org.yibao;

import com.sun.jna.Structure;
import java.lang.reflect.Array;
import java.util.LinkedHashMap;

/**
 * What the batch builders share ({@link CaseBatch.Builder},
 * {@link PointsCases.Builder}, {@link CapitationLedger.Entries.Builder},
 * {@link BenefitClaims.Builder}): the
 * row count and the columns given so far, each under its C field name and
 * checked to have one value per row, laid out by {@link StructColumns} when
 * the batch is built. A column is a primitive array, a {@code String[]} (the
 * Arrow string column {@code field_data}/{@code field_offsets}) or a
 * {@link Source}.
 *
 * @param <B> the builder
 */
abstract class BatchBuilder<B extends BatchBuilder<B>> {
    /** A column that lays itself out (lists of codes, say). */
    interface Source {
        void into(StructColumns<?> cols, String field);
    }

    final int n;
    private final LinkedHashMap<String, Object> cols = new LinkedHashMap<>();

    BatchBuilder(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("negative batch size " + n);
        }
        this.n = n;
    }

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }

    /**
     * Sets column {@code field} to an array of one value per row, dropping the
     * columns it replaces (codes given as ids instead of strings, say).
     * @param what the setter's name, for the message of a wrong length
     */
    final B col(String field, Object values, String what, String... replaces) {
        Columns.checkLength(Array.getLength(values), n, what);
        return put(field, values, replaces);
    }

    /** Sets column {@code field} to a value checked by the caller. */
    final B put(String field, Object value, String... replaces) {
        for (String r : replaces) {
            cols.remove(r);
        }
        cols.put(field, value);
        return self();
    }

    /** The column given for {@code field}, or null. */
    final Object get(String field) {
        return cols.get(field);
    }

    /** Whether any of the columns was given. */
    final boolean has(String... fields) {
        for (String f : fields) {
            if (cols.containsKey(f)) {
                return true;
            }
        }
        return false;
    }

    /** Copies the columns into {@code mem} and points {@code struct} at them (whose {@code n} the caller sets). */
    final <S extends Structure> S layout(S struct, Columns mem) {
        StructColumns<S> sc = new StructColumns<>(struct, n);
        cols.forEach((field, v) -> {
            if (v instanceof String[] s) {
                sc.text(field, Utf8.of(s));
            } else if (v instanceof Source src) {
                src.into(sc, field);
            } else {
                sc.in(field, v);
            }
        });
        return sc.input(mem);
    }
}
