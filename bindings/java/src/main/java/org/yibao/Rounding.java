package org.yibao;

import java.math.RoundingMode;
import org.yibao.internal.NativeYibao;

/**
 * Rounding modes of libyibao ({@code yb_round}); each is the same rule as the
 * {@link RoundingMode} it maps to, so Java-side {@link java.math.BigDecimal}
 * arithmetic and the library round alike.
 */
public enum Rounding {
    /** Ties away from zero (四舍五入); the library's default. */
    HALF_UP(NativeYibao.YB_ROUND_HALF_UP, RoundingMode.HALF_UP),
    /** Ties to the even neighbour (banker's rounding). */
    HALF_EVEN(NativeYibao.YB_ROUND_HALF_EVEN, RoundingMode.HALF_EVEN),
    /** Toward zero (truncate). */
    DOWN(NativeYibao.YB_ROUND_DOWN, RoundingMode.DOWN),
    /** Away from zero. */
    UP(NativeYibao.YB_ROUND_UP, RoundingMode.UP),
    /** Toward negative infinity. */
    FLOOR(NativeYibao.YB_ROUND_FLOOR, RoundingMode.FLOOR),
    /** Toward positive infinity. */
    CEIL(NativeYibao.YB_ROUND_CEIL, RoundingMode.CEILING);

    final int code;
    private final RoundingMode mode;

    Rounding(int code, RoundingMode mode) {
        this.code = code;
        this.mode = mode;
    }

    /** The JDK rounding mode with the same rule. */
    public RoundingMode toRoundingMode() {
        return mode;
    }

    /** The library mode with the same rule as {@code mode}. @throws IllegalArgumentException for UNNECESSARY */
    public static Rounding of(RoundingMode mode) {
        for (Rounding r : values()) {
            if (r.mode == mode) {
                return r;
            }
        }
        throw new IllegalArgumentException("no libyibao rounding mode for " + mode);
    }
}
