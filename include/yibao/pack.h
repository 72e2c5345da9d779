/**
 * @file pack.h
 * @brief Data packs: inspecting and verifying a pack directory.
 *
 * Schemes, catalogues, books, policies and plans are loaded from packs: a
 * directory holding a manifest @c pack.json and UTF-8 CSV tables, each listed
 * in the manifest with its SHA-256 checksum. A pack may overlay a base pack
 * (a local variant of a national scheme). Every loaded pack has a stable
 * fingerprint (64 hex digits) that does not depend on where it is stored;
 * results can carry it for audit. The format is described in doc/packs.md.
 */
#ifndef YIBAO_PACK_H
#define YIBAO_PACK_H

#include <stddef.h>
#include <stdint.h>
#include <yibao/export.h>
#include <yibao/ctx.h>

YB_BEGIN_DECLS

/** Size of a fingerprint buffer: 64 hex digits and a NUL. @since 0.1 */
#define YB_FINGERPRINT_SIZE 65

/**
 * @brief Summary of a pack, filled by yb_pack_inspect().
 *
 * Strings are copied into the fixed buffers, truncated if longer.
 * @since 0.1
 */
typedef struct yb_pack_info {
    size_t size;                           /**< Caller sets sizeof(yb_pack_info). */
    char kind[32];                         /**< For example "drg-scheme". */
    char name[64];                         /**< For example "CHS-DRG". */
    char version[32];                      /**< For example "1.1". */
    char region[64];                       /**< For example "national". */
    int32_t valid_from;                    /**< YYYYMMDD, 0 if not given. */
    int32_t valid_to;                      /**< YYYYMMDD, 0 if open-ended. */
    uint32_t tables;                       /**< Number of tables (base included). */
    char fingerprint[YB_FINGERPRINT_SIZE]; /**< Stable identity of the content. */
} yb_pack_info;

/**
 * @brief Reads a pack's manifest (and its base's) and, when @p verify is
 *        non-zero, checks every table against its checksum.
 * @param[in] ctx the context for error detail.
 * @param[in] path the pack directory or its pack.json.
 * @param[in] verify non-zero to verify all table checksums.
 * @param[in,out] info caller's struct with @c size set; filled on success.
 * @returns ::YB_OK, ::YB_E_IO, ::YB_E_PACK, ::YB_E_VERSION, ::YB_E_CHECKSUM,
 *          ::YB_E_ENCODING, ::YB_E_NOMEM or ::YB_E_INVALID_ARG.
 * @since 0.1
 */
YB_API int yb_pack_inspect(yb_ctx *ctx, const char *path, int verify, yb_pack_info *info);

YB_END_DECLS

#endif /* YIBAO_PACK_H */
