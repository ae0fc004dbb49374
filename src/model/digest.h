/* SPDX-License-Identifier: Apache-2.0 */
/*
** digest.h — SHA-256 (nettle) as lowercase hex: of bytes, of a file, of a folder of files;
** and the kernel's random bytes (getrandom) for salts and tokens. Used for the digest an
** import records, the store's session tokens and the audit trail's hash chain.
*/
#ifndef SHINCHOKU_DIGEST_H
#define SHINCHOKU_DIGEST_H

#include <stddef.h>

enum { DIGEST_HEX = 64 }; /* hex digits of a SHA-256, without the terminating NUL */

/* hex gets DIGEST_HEX + 1 bytes. Returns hex. */
char *digest_bytes(const void *data, size_t len, char *hex);
/* The SHA-256 of a file's contents, as `sha256sum` prints it. -1 (errno set) when it cannot
   be read. */
int digest_file(const char *path, char *hex);
/* The SHA-256 of a folder: for every regular file directly in it, in byte order of the
   names, the name, a NUL, the size in decimal, a NUL and the contents. -1 (errno set) when
   it cannot be read. */
int digest_folder(const char *path, char *hex);
/* digest_folder for a folder, digest_file otherwise. */
int digest_path(const char *path, char *hex);

/* n bytes as lowercase hex into out (2 n + 1 bytes). Returns out. */
char *hex_encode(const void *bytes, size_t n, char *out);
/* Fill buf with n random bytes from the kernel. -1 when it cannot. */
int random_bytes(void *buf, size_t n);

#endif
