/* Declarations of the hand-written C helpers of the Python package
 * (_speedups.c), compiled into the cffi extension next to the generated
 * layer. This text is given to cffi's cdef as is: declarations only. */

int64_t ybpy_split_joined(const uint8_t *data, size_t len, int row_sep, int item_sep, int keep_empty,
                          int64_t *n_rows, int64_t *row_offsets, uint8_t *out, int64_t *item_offsets);
int64_t ybpy_split_rows(const uint8_t *data, const int64_t *offsets, size_t n, int item_sep, int keep_empty,
                        int64_t *row_offsets, uint8_t *out, int64_t *item_offsets);
int64_t ybpy_parse_fixed(const uint8_t *data, const int64_t *offsets, size_t n, int decimals, int64_t *out,
                         int32_t *status);
void ybpy_hash_texts(const uint8_t *data, const int64_t *offsets, size_t n, uint64_t *out);
int64_t ybpy_objects_utf8(void *const *objs, size_t n, int clean, uint8_t *out, size_t cap, int64_t *offsets);
int64_t ybpy_objects_split(void *const *objs, size_t n, int sep, int lists, uint8_t *out, size_t cap,
                           int64_t *row_offsets, int64_t *item_offsets, size_t items_cap, int64_t *counts);
