package org.yibao;

/**
 * Structured detail of an error recorded on a {@link Context}
 * ({@code yb_error_info}). Absent parts are empty strings and zeros.
 *
 * @param status the {@code yb_status} code (negative)
 * @param statusName its stable symbolic name, such as {@code "YB_E_FORMAT"}
 * @param message the full message
 * @param file the file (or pack table) the error is about
 * @param line 1-based line, 0 if not applicable
 * @param column 1-based column (field index for CSV), 0 if not applicable
 * @param field the field, column or parameter name
 * @param value the offending value as read (at most 200 bytes of it)
 */
public record ErrorInfo(int status, String statusName, String message, String file, long line,
                        long column, String field, String value) {

    /** Detail of a failure that recorded nothing on a context: the status text alone. */
    static ErrorInfo ofStatus(int status, String message) {
        return new ErrorInfo(status, Yibao.statusName(status), message, "", 0, 0, "", "");
    }
}
