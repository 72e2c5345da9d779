/**
 * @file cases.h
 * @brief Inpatient cases as columns: the input of CHS-DRG and DIP grouping.
 *
 * A batch of @c n cases is a struct of arrays. Every array has @c n entries,
 * except the CSR lists: row @c i's diagnoses are items
 * <tt>dx_row_offsets[i] … dx_row_offsets[i+1]-1</tt> (item 0 of the row is
 * the principal diagnosis), and likewise procedures (item 0 = principal
 * procedure). Codes are given either as UTF-8 strings back to back
 * (@c dx_data with @c dx_offsets, the Apache Arrow "large utf8" layout) or as
 * ids from the dictionary of the scheme or catalogue they are grouped with
 * (@c dx_ids); exactly one of the two forms per list.
 *
 * Optional integer columns may be NULL (all missing); inside a column the
 * value -1 means missing.
 */
#ifndef YIBAO_CASES_H
#define YIBAO_CASES_H

#include <stddef.h>
#include <stdint.h>
#include <yibao/export.h>

YB_BEGIN_DECLS

/** @brief Discharge types (离院方式). @since 0.1 */
typedef enum yb_discharge {
    YB_DISCHARGE_ROUTINE = 1,       /**< 医嘱离院 */
    YB_DISCHARGE_TRANSFER = 2,      /**< 医嘱转院 */
    YB_DISCHARGE_COMMUNITY = 3,     /**< 医嘱转社区卫生服务机构/乡镇卫生院 */
    YB_DISCHARGE_AGAINST_ADVICE = 4,/**< 非医嘱离院 */
    YB_DISCHARGE_DEATH = 5,         /**< 死亡 */
    YB_DISCHARGE_OTHER = 9          /**< 其他 */
} yb_discharge;

/**
 * @brief A batch of inpatient cases, column by column.
 * @since 0.1
 */
typedef struct yb_case_columns {
    size_t size;                      /**< sizeof(yb_case_columns). */
    size_t n;                         /**< Number of cases. */
    const int8_t *sex;                /**< 1 male, 2 female; -1 missing. Required. */
    const int16_t *age_years;         /**< Age in whole years; -1 missing. Required. */
    const int32_t *age_days;          /**< Total age in days (infants); -1 missing; may be NULL. */
    const int32_t *birth_weight_g;    /**< Birth/admission weight of newborns in grams; -1 missing; may be NULL. */
    const int32_t *los_days;          /**< Length of stay in days; -1 missing; may be NULL. */
    const int8_t *discharge_type;     /**< A ::yb_discharge; -1 missing; may be NULL. */
    const int64_t *dx_row_offsets;    /**< n + 1 offsets into the diagnosis items. Required. */
    const char *dx_data;              /**< Diagnosis codes as UTF-8 bytes, or NULL with dx_ids. */
    const int64_t *dx_offsets;        /**< Item k is dx_data[dx_offsets[k] … dx_offsets[k+1]). */
    const uint32_t *dx_ids;           /**< Pre-interned diagnosis ids, or NULL with dx_data. */
    const int64_t *proc_row_offsets;  /**< n + 1 offsets into the procedure items; NULL = no procedures. */
    const char *proc_data;            /**< Procedure codes as UTF-8 bytes, or NULL with proc_ids. */
    const int64_t *proc_offsets;      /**< Item k is proc_data[proc_offsets[k] … proc_offsets[k+1]). */
    const uint32_t *proc_ids;         /**< Pre-interned procedure ids, or NULL with proc_data. */
    const int32_t *vent_hours;        /**< Invasive ventilation hours; -1 missing; may be NULL. */
    const int32_t *icu_days;          /**< ICU days; -1 missing; may be NULL. */
    void *reserved[8];                /**< Must be NULL. */
} yb_case_columns;

YB_END_DECLS

#endif /* YIBAO_CASES_H */
