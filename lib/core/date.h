/* Calendar dates as the integer YYYYMMDD (the public API's date form) and
 * day numbers for arithmetic. Proleptic Gregorian, years 1900 … 2999. */
#ifndef YB_CORE_DATE_H
#define YB_CORE_DATE_H

#include <stddef.h>
#include <stdint.h>

/* YB_OK when yyyymmdd is a real date in range, YB_E_FORMAT otherwise. */
int yb_date_valid(int32_t yyyymmdd);
/* Days since 1970-01-01 of a valid YYYYMMDD. */
int32_t yb_date_to_days(int32_t yyyymmdd);
/* Inverse of yb_date_to_days. */
int32_t yb_date_from_days(int32_t days);
/* Parses "YYYY-MM-DD" or "YYYYMMDD" (surrounding spaces allowed). */
int yb_date_parse(const char *s, size_t len, int32_t *yyyymmdd);

#endif /* YB_CORE_DATE_H */
