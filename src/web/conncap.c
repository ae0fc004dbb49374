/* SPDX-License-Identifier: Apache-2.0 */
/*
** conncap.c — a per-address connection cap of our own instead of libmicrohttpd's
** MHD_OPTION_PER_IP_CONNECTION_LIMIT, which would also cap the reverse proxy every client
** comes through. Open connections are counted per address in a fixed table of atomic
** counters indexed by a hash of the address (two addresses that share a slot share its cap:
** stricter, never looser); the trusted proxy is never counted.
*/
#include "conncap.h"
#include "../model/util.h"
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdatomic.h>
#include <string.h>

enum { SLOTS = 4096 };

static atomic_int counts[SLOTS];
static int cap = 64;
static unsigned char exempt_addr[sizeof(struct in6_addr)];
static int exempt_family; /* 0: none */

void conncap_init(int per_address, const char *exempt) {
  cap = per_address;
  exempt_family = 0;
  if (!exempt) return;
  if (inet_pton(AF_INET, exempt, exempt_addr) == 1)
    exempt_family = AF_INET;
  else if (inet_pton(AF_INET6, exempt, exempt_addr) == 1)
    exempt_family = AF_INET6;
}

/* The address bytes of sa (4 or 16) and their length; 0 for other families. */
static size_t addr_bytes(const struct sockaddr *sa, const unsigned char **bytes) {
  if (sa->sa_family == AF_INET) {
    *bytes = (const unsigned char *)&((const struct sockaddr_in *)sa)->sin_addr;
    return 4;
  }
  if (sa->sa_family == AF_INET6) {
    *bytes = (const unsigned char *)&((const struct sockaddr_in6 *)sa)->sin6_addr;
    return 16;
  }
  return 0;
}

/* The slot of addr, or -1 when it is not counted (the trusted proxy, an odd family). */
static int slot_of(const struct sockaddr *sa) {
  const unsigned char *b = NULL;
  size_t n = sa ? addr_bytes(sa, &b) : 0;
  if (n == 0) return -1;
  if (sa->sa_family == exempt_family && memcmp(b, exempt_addr, n) == 0) return -1;
  return (int)(fnv1a(FNV1A_INIT, b, n) % SLOTS);
}

/* The check and the count are one step (compare-and-swap): the server's threads accept at
   once, and a check apart from the count let two of them admit the 64th connection each. */
int conncap_admit(const struct sockaddr *addr) {
  int slot = slot_of(addr);
  if (slot < 0) return 1;
  int n = atomic_load(&counts[slot]);
  while (n < cap)
    if (atomic_compare_exchange_weak(&counts[slot], &n, n + 1)) return 1;
  return 0;
}

int conncap_open(const struct sockaddr *addr) {
  return slot_of(addr); /* counted when admitted */
}

void conncap_close(int slot) {
  if (slot >= 0) atomic_fetch_sub(&counts[slot], 1);
}
