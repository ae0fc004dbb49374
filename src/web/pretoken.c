/* SPDX-License-Identifier: Apache-2.0 */
/*
** pretoken.c — the sign-in form's double-submit token (the `pre` cookie and the form's csrf
** field). The token must be one this server issued, not one the client chose: it is 16
** random bytes followed by the first 16 bytes of their HMAC-SHA256 under a secret (nettle), in
** hex. The secret is the installation's, kept in the store (settings "pretoken.secret", made
** by the first server that starts), so that several servers behind one proxy accept each
** other's forms and a restart keeps open forms valid. A server that cannot store it (a
** read-only replica) makes its own when it starts, and its forms are its own.
*/
#include "../model/digest.h"
#include "../store/staff.h"
#include "staff.h"
#include <nettle/hmac.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

enum { NONCE_BYTES = 16, MAC_BYTES = 16 };
_Static_assert(2 * (NONCE_BYTES + MAC_BYTES) == TOKEN_HEX,
               "a pre token is as long as a session token");

enum { SECRET_BYTES = 32 };
static char secret[2 * SECRET_BYTES + 1]; /* hex: the key is these bytes */
static int have_secret;
static pthread_once_t secret_once = PTHREAD_ONCE_INIT;

/* A fresh secret into hex (2 * SECRET_BYTES + 1 bytes): 0 or -1. */
static int fresh_secret(char *hex) {
  unsigned char raw[SECRET_BYTES];
  if (random_bytes(raw, sizeof raw)) return -1;
  hex_encode(raw, sizeof raw, hex);
  return 0;
}

static void make_secret(void) {
  if (!have_secret) have_secret = fresh_secret(secret) == 0;
}

int pretoken_init(Store *s, char *err, size_t errlen) {
  char fresh[sizeof secret], stored[sizeof secret];
  if (fresh_secret(fresh)) {
    snprintf(err, errlen, "no random numbers for the sign-in form's secret");
    return -1;
  }
  int rc = store_setting_once(s, "pretoken.secret", fresh, stored, sizeof stored, err, errlen);
  memcpy(secret, rc == 0 && strlen(stored) == 2 * SECRET_BYTES ? stored : fresh, sizeof secret);
  have_secret = 1;
  return rc;
}

/* hex of nonce || HMAC(secret, nonce)[0..MAC_BYTES) into out (TOKEN_HEX + 1 bytes). */
static void sign(const unsigned char *nonce, char *out) {
  struct hmac_sha256_ctx ctx;
  unsigned char mac[SHA256_DIGEST_SIZE], both[NONCE_BYTES + MAC_BYTES];
  hmac_sha256_set_key(&ctx, 2 * SECRET_BYTES, (const uint8_t *)secret);
  hmac_sha256_update(&ctx, NONCE_BYTES, nonce);
  hmac_sha256_digest(&ctx, sizeof mac, mac);
  memcpy(both, nonce, NONCE_BYTES);
  memcpy(both + NONCE_BYTES, mac, MAC_BYTES);
  hex_encode(both, sizeof both, out);
}

int pretoken_new(char *hex) {
  pthread_once(&secret_once, make_secret);
  unsigned char nonce[NONCE_BYTES];
  if (!have_secret || random_bytes(nonce, sizeof nonce)) return -1;
  sign(nonce, hex);
  return 0;
}

static int hexval(char c) {
  return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

int pretoken_valid(const char *hex) {
  pthread_once(&secret_once, make_secret);
  if (!have_secret || !hex || strlen(hex) != TOKEN_HEX) return 0;
  unsigned char nonce[NONCE_BYTES];
  for (int i = 0; i < NONCE_BYTES; i++) {
    int hi = hexval(hex[2 * i]), lo = hexval(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) return 0;
    nonce[i] = (unsigned char)(hi * 16 + lo);
  }
  char want[TOKEN_HEX + 1];
  sign(nonce, want);
  unsigned char diff = 0; /* constant time */
  for (int i = 0; i < TOKEN_HEX; i++)
    diff |= (unsigned char)(want[i] ^ hex[i]);
  return diff == 0;
}
