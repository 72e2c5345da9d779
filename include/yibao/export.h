/**
 * @file export.h
 * @brief Symbol export and C linkage macros shared by every public header.
 */
#ifndef YIBAO_EXPORT_H
#define YIBAO_EXPORT_H

/**
 * @def YB_API
 * @brief Marks a function as part of the exported ABI.
 *
 * The library is compiled with hidden visibility; only declarations carrying
 * this macro (and listed in lib/libyibao.map) are exported.
 */
#if defined(YB_BUILDING_LIBRARY) && defined(__GNUC__)
#define YB_API __attribute__((visibility("default")))
#else
#define YB_API
#endif

/**
 * @def YB_BEGIN_DECLS
 * @brief Opens a C-linkage block when the header is read by a C++ compiler.
 * @def YB_END_DECLS
 * @brief Closes the block opened by YB_BEGIN_DECLS.
 */
#ifdef __cplusplus
#define YB_BEGIN_DECLS extern "C" {
#define YB_END_DECLS }
#else
#define YB_BEGIN_DECLS
#define YB_END_DECLS
#endif

#endif /* YIBAO_EXPORT_H */
