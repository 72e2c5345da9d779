/**
 * @file dict.h
 * @brief Code dictionary: interning ICD-10 and ICD-9-CM-3 code strings to
 *        dense integer ids, with a documented normalisation.
 *
 * Normalisation (yb_code_normalize()), applied to every code before it is
 * stored or looked up:
 * 1. full-width ASCII forms U+FF01 … U+FF5E become their ASCII characters and
 *    the ideographic space U+3000 becomes a space;
 * 2. leading and trailing spaces and tabs are removed;
 * 3. letters become upper case, except an @c x that extends a code (医保版
 *    extension such as @c K35.800x001, @c I10.x05, @c 60.5x02), which becomes
 *    lower case: an X is an extension unless it is the first character of the
 *    code or follows '+' (the start of an asterisk code) or a space;
 * 4. anything else is kept as is; an empty result, an inner space or control
 *    character, or a non-ASCII character left after step 1 is rejected
 *    (::YB_E_FORMAT).
 *
 * A dictionary is filled once (single writer) and then read by any number of
 * threads. Ids are dense, starting at 0, in order of first interning; they
 * stay below ::YB_DICT_INVALID.
 */
#ifndef YIBAO_DICT_H
#define YIBAO_DICT_H

#include <stddef.h>
#include <stdint.h>
#include <yibao/export.h>
#include <yibao/ctx.h>

YB_BEGIN_DECLS

/** Longest normalised code accepted, in bytes. @since 0.1 */
#define YB_CODE_MAX 63

/** yb_dict_lookup_batch(): the code is well-formed but not in the dictionary. @since 0.1 */
#define YB_DICT_NOT_FOUND 4294967295

/** yb_dict_lookup_batch(): the code is not a code (normalisation fails) or its offsets are invalid. @since 0.1 */
#define YB_DICT_INVALID 4294967294

/** @brief Opaque code dictionary. @since 0.1 */
typedef struct yb_dict yb_dict;

/**
 * @brief Normalises a code as documented in this header.
 * @param[in] code the code (UTF-8, need not be NUL-terminated).
 * @param[in] len its length in bytes.
 * @param[out] out buffer for the NUL-terminated normalised code.
 * @param[in] cap capacity of @p out (YB_CODE_MAX + 1 always suffices).
 * @param[out] out_len receives the normalised length (may be NULL).
 * @returns ::YB_OK, ::YB_E_FORMAT (empty or bad character), ::YB_E_LIMIT
 *          (longer than ::YB_CODE_MAX or than @p cap - 1) or ::YB_E_INVALID_ARG.
 * @since 0.1
 */
YB_API int yb_code_normalize(const char *code, size_t len, char *out, size_t cap,
                             size_t *out_len);

/**
 * @brief Creates an empty dictionary using the context's allocator.
 * @param[in] ctx the context (its allocator is remembered).
 * @param[out] out receives the dictionary.
 * @returns ::YB_OK, ::YB_E_NOMEM or ::YB_E_INVALID_ARG.
 * @since 0.1
 */
YB_API int yb_dict_new(yb_ctx *ctx, yb_dict **out);

/**
 * @brief Frees a dictionary. NULL is accepted.
 * @param[in] dict the dictionary.
 * @since 0.1
 */
YB_API void yb_dict_free(yb_dict *dict);

/**
 * @brief Interns a code: returns its id, adding it when new.
 * @param[in] ctx the context for error detail.
 * @param[in] dict the dictionary (not shared with readers while writing).
 * @param[in] code the code.
 * @param[in] len its length in bytes.
 * @param[out] id receives the id.
 * @returns ::YB_OK, ::YB_E_FORMAT, ::YB_E_LIMIT, ::YB_E_NOMEM or ::YB_E_INVALID_ARG.
 * @since 0.1
 */
YB_API int yb_dict_intern(yb_ctx *ctx, yb_dict *dict, const char *code, size_t len,
                          uint32_t *id);

/**
 * @brief Looks a code up without adding it. Thread-safe on a shared dictionary.
 * @param[in] dict the dictionary.
 * @param[in] code the code.
 * @param[in] len its length in bytes.
 * @param[out] id receives the id.
 * @returns ::YB_OK, ::YB_E_NOT_FOUND, ::YB_E_FORMAT, ::YB_E_LIMIT or
 *          ::YB_E_INVALID_ARG.
 * @since 0.1
 */
YB_API int yb_dict_lookup(const yb_dict *dict, const char *code, size_t len, uint32_t *id);

/**
 * @brief Looks many codes up at once (a column of a batch). Thread-safe on a
 *        shared dictionary.
 *
 * Code @c k is the bytes <tt>data[offsets[k] … offsets[k+1])</tt> (the Arrow
 * "large utf8" layout of cases.h). Gives the same ids as calling
 * yb_dict_lookup() on each code, faster: the memory accesses of several codes
 * overlap.
 * @param[in] dict the dictionary.
 * @param[in] data the codes' bytes, back to back (may be NULL when @p n is 0).
 * @param[in] offsets n + 1 offsets into @p data (may be NULL when @p n is 0).
 * @param[in] n number of codes.
 * @param[out] ids n entries: the id of each code, ::YB_DICT_NOT_FOUND for a
 *             well-formed code that is absent, or ::YB_DICT_INVALID for one
 *             that yb_dict_lookup() refuses (::YB_E_FORMAT, ::YB_E_LIMIT) or
 *             whose offsets are negative or decrease.
 * @returns the number of codes not found or invalid (at most INT32_MAX), or
 *          ::YB_E_INVALID_ARG.
 * @since 0.1
 */
YB_API int yb_dict_lookup_batch(const yb_dict *dict, const char *data, const int64_t *offsets, size_t n,
                                uint32_t *ids);

/**
 * @brief The normalised code of an id.
 * @param[in] dict the dictionary.
 * @param[in] id an id below yb_dict_count().
 * @returns the NUL-terminated code owned by the dictionary, or NULL for an
 *          unknown id.
 * @since 0.1
 */
YB_API const char *yb_dict_code(const yb_dict *dict, uint32_t id);

/**
 * @brief Number of codes in the dictionary.
 * @param[in] dict the dictionary.
 * @returns the count (0 for NULL).
 * @since 0.1
 */
YB_API uint32_t yb_dict_count(const yb_dict *dict);

YB_END_DECLS

#endif /* YIBAO_DICT_H */
