package org.yibao;

import static org.yibao.internal.NativeYibao.*;

/**
 * A libyibao call failed. Carries the status and the context's structured
 * detail ({@link #info()}: message, file, line, column, field, value).
 *
 * <p>The subclass says the status family, so callers can catch what they can
 * handle: {@link InvalidInput} (bad arguments and malformed text), {@link Pack}
 * (pack data), {@link NotFound}, {@link Numeric} (overflow, division by zero),
 * {@link Resource} (memory, files), {@link Cancelled}, {@link State},
 * {@link Internal}, and {@link Row} for a per-row status raised by a
 * single-case call. Batch calls never throw for bad rows: they return a
 * status per row.
 *
 * <p>Unchecked, like the JDK's {@link ArithmeticException} or
 * {@link IllegalArgumentException}: most failures are bad input that the
 * caller reports rather than recovers from.
 */
public class YibaoException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient ErrorInfo info;

    YibaoException(ErrorInfo info) {
        super(info.message() + " (" + info.statusName() + ")");
        this.info = info;
    }

    /** The {@code yb_status} code (negative). */
    public int status() {
        return info.status();
    }

    /** The status's symbolic name, such as {@code "YB_E_FORMAT"}. */
    public String statusName() {
        return info.statusName();
    }

    /** The full message recorded by the library (without the status name). */
    public String detail() {
        return info.message();
    }

    /** The structured detail. */
    public ErrorInfo info() {
        return info;
    }

    /** The file (or pack table) the error is about, or "". */
    public String file() {
        return info.file();
    }

    /** The 1-based line, or 0. */
    public long line() {
        return info.line();
    }

    /** The 1-based column, or 0. */
    public long column() {
        return info.column();
    }

    /** The field, column or parameter name, or "". */
    public String field() {
        return info.field();
    }

    /** The offending value, or "". */
    public String value() {
        return info.value();
    }

    /** The exception of the family of {@code info.status()}. */
    static YibaoException of(ErrorInfo info) {
        int s = info.status();
        return switch (s) {
            case YB_E_INVALID_ARG -> new InvalidArgument(info);
            case YB_E_NOMEM -> new OutOfMemory(info);
            case YB_E_IO -> new Io(info);
            case YB_E_FORMAT -> new Format(info);
            case YB_E_ENCODING -> new Encoding(info);
            case YB_E_PACK -> new Pack(info);
            case YB_E_CHECKSUM -> new Checksum(info);
            case YB_E_NOT_FOUND -> new NotFound(info);
            case YB_E_OVERFLOW -> new Overflow(info);
            case YB_E_CANCELLED -> new Cancelled(info);
            case YB_E_VERSION -> new Version(info);
            case YB_E_STATE -> new State(info);
            case YB_E_LIMIT -> new Limit(info);
            case YB_E_DUPLICATE -> new Duplicate(info);
            case YB_E_PARAM -> new Param(info);
            case YB_E_DIV_ZERO -> new DivisionByZero(info);
            case YB_E_INTERNAL -> new Internal(info);
            default -> s <= -100 && s > -200 ? new GroupingRow(info)
                    : s <= -200 && s > -300 ? new PointsRow(info)
                    : s <= -300 && s > -400 ? new CapitationRow(info)
                    : s <= -400 && s > -500 ? new BenefitRow(info)
                    : new YibaoException(info);
        };
    }

    // ---- families

    /** Bad arguments or malformed input text. */
    public static class InvalidInput extends YibaoException {
        private static final long serialVersionUID = 1L;
        InvalidInput(ErrorInfo i) { super(i); }
    }

    /** {@code YB_E_INVALID_ARG}: a NULL, bad struct size or out-of-range argument. */
    public static class InvalidArgument extends InvalidInput {
        private static final long serialVersionUID = 1L;
        InvalidArgument(ErrorInfo i) { super(i); }
    }

    /** {@code YB_E_FORMAT}: malformed text (CSV syntax, a number, a date, a code). */
    public static class Format extends InvalidInput {
        private static final long serialVersionUID = 1L;
        Format(ErrorInfo i) { super(i); }
    }

    /** {@code YB_E_ENCODING}: input is not UTF-8 (GBK, UTF-16, ...). */
    public static class Encoding extends Format {
        private static final long serialVersionUID = 1L;
        Encoding(ErrorInfo i) { super(i); }
    }

    /** {@code YB_E_PARAM}: a parameter value outside its allowed domain. */
    public static class Param extends InvalidInput {
        private static final long serialVersionUID = 1L;
        Param(ErrorInfo i) { super(i); }
    }

    /** {@code YB_E_LIMIT}: a documented size limit was exceeded. */
    public static class Limit extends InvalidInput {
        private static final long serialVersionUID = 1L;
        Limit(ErrorInfo i) { super(i); }
    }

    /** {@code YB_E_DUPLICATE}: a key that must be unique appears twice. */
    public static class Duplicate extends InvalidInput {
        private static final long serialVersionUID = 1L;
        Duplicate(ErrorInfo i) { super(i); }
    }

    /** {@code YB_E_PACK}: a pack manifest or table is inconsistent or incomplete. */
    public static class Pack extends YibaoException {
        private static final long serialVersionUID = 1L;
        Pack(ErrorInfo i) { super(i); }
    }

    /** {@code YB_E_CHECKSUM}: a pack table does not match its manifest's checksum. */
    public static class Checksum extends Pack {
        private static final long serialVersionUID = 1L;
        Checksum(ErrorInfo i) { super(i); }
    }

    /** {@code YB_E_VERSION}: unsupported format version or struct size. */
    public static class Version extends Pack {
        private static final long serialVersionUID = 1L;
        Version(ErrorInfo i) { super(i); }
    }

    /** {@code YB_E_NOT_FOUND}: a looked-up key, code, table or parameter does not exist. */
    public static class NotFound extends YibaoException {
        private static final long serialVersionUID = 1L;
        NotFound(ErrorInfo i) { super(i); }
    }

    /** Money and fixed-point arithmetic failures. */
    public static class Numeric extends YibaoException {
        private static final long serialVersionUID = 1L;
        Numeric(ErrorInfo i) { super(i); }
    }

    /** {@code YB_E_OVERFLOW}: a money or fixed-point result does not fit in 64 bits. */
    public static class Overflow extends Numeric {
        private static final long serialVersionUID = 1L;
        Overflow(ErrorInfo i) { super(i); }
    }

    /** {@code YB_E_DIV_ZERO}: a division by zero (a zero total or scale). */
    public static class DivisionByZero extends Numeric {
        private static final long serialVersionUID = 1L;
        DivisionByZero(ErrorInfo i) { super(i); }
    }

    /** The environment failed: memory or files. */
    public static class Resource extends YibaoException {
        private static final long serialVersionUID = 1L;
        Resource(ErrorInfo i) { super(i); }
    }

    /** {@code YB_E_NOMEM}: the allocator returned NULL. */
    public static class OutOfMemory extends Resource {
        private static final long serialVersionUID = 1L;
        OutOfMemory(ErrorInfo i) { super(i); }
    }

    /** {@code YB_E_IO}: a file could not be opened, read or written. */
    public static class Io extends Resource {
        private static final long serialVersionUID = 1L;
        Io(ErrorInfo i) { super(i); }
    }

    /** {@code YB_E_CANCELLED}: the progress listener asked to stop. */
    public static class Cancelled extends YibaoException {
        private static final long serialVersionUID = 1L;
        Cancelled(ErrorInfo i) { super(i); }
    }

    /** {@code YB_E_STATE}: the call is not valid in the object's current state. */
    public static class State extends YibaoException {
        private static final long serialVersionUID = 1L;
        State(ErrorInfo i) { super(i); }
    }

    /** {@code YB_E_INTERNAL}: an internal invariant failed; please report it. */
    public static class Internal extends YibaoException {
        private static final long serialVersionUID = 1L;
        Internal(ErrorInfo i) { super(i); }
    }

    /** A per-row status (-100 and below) raised by a single-case call. */
    public static class Row extends YibaoException {
        private static final long serialVersionUID = 1L;
        Row(ErrorInfo i) { super(i); }
    }

    /** Grouping row statuses, -100 … -199 ({@code YB_E_ROW_SEX}, {@code YB_E_ROW_DX_CODE}, ...). */
    public static class GroupingRow extends Row {
        private static final long serialVersionUID = 1L;
        GroupingRow(ErrorInfo i) { super(i); }
    }

    /** Points row statuses, -200 … -299. */
    public static class PointsRow extends Row {
        private static final long serialVersionUID = 1L;
        PointsRow(ErrorInfo i) { super(i); }
    }

    /** Capitation row statuses, -300 … -399. */
    public static class CapitationRow extends Row {
        private static final long serialVersionUID = 1L;
        CapitationRow(ErrorInfo i) { super(i); }
    }

    /** Benefit row statuses, -400 … -499. */
    public static class BenefitRow extends Row {
        private static final long serialVersionUID = 1L;
        BenefitRow(ErrorInfo i) { super(i); }
    }
}
