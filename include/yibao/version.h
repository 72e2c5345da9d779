/**
 * @file version.h
 * @brief Compile-time version of libyibao.
 *
 * meson reads the three numbers below to set the project version and the
 * shared library's soversion, so they are the single source of truth.
 */
#ifndef YIBAO_VERSION_H
#define YIBAO_VERSION_H

/** Major version: incremented on an incompatible ABI change. @since 0.1 */
#define YB_VERSION_MAJOR 0
/** Minor version: incremented when symbols are added. @since 0.1 */
#define YB_VERSION_MINOR 1
/** Patch version: incremented for fixes that do not change the ABI. @since 0.1 */
#define YB_VERSION_PATCH 0

#endif /* YIBAO_VERSION_H */
