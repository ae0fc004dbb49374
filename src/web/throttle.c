/* SPDX-License-Identifier: Apache-2.0 */
/*
** throttle.c — failed sign-ins, counted in memory per (login, client address). Locking an
** account for everyone after a few wrong passwords lets anyone lock the secretariat out;
** counting per pair locks only the address that guesses. The count and lock do not depend on
** whether the login exists, so an unknown login answers exactly as a known one: the same
** delays (signin_delay_ms), the same lock, the same 429. The lock lasts LOCK_FIRST_SECONDS
** and doubles with every further lock of the pair, up to LOCK_MAX_SECONDS; a success clears
** the pair; a pair idle for a day is forgotten. The table is fixed in size with a keyed hash
** (a random key per process), so a flood of logins can evict only unlocked entries first
** and cannot aim at one slot. It also bounds how many sign-in rows the audit trail takes.
*/
#include "../model/digest.h"
#include "../model/util.h"
#include "staff.h"
#include <pthread.h>
#include <string.h>

enum { SLOTS = 4096, PROBES = 16, FORGET_SECONDS = 24 * 60 * 60 };
enum { AUDIT_WINDOW_SECONDS = 600, AUDIT_ROWS_PER_WINDOW = 30 };

typedef struct Pair {
  uint64_t key; /* 0: free */
  int failures, locks;
  long long locked_until, last;
} Pair;

static Pair pairs[SLOTS];
static uint64_t hash_key;
static long long audit_window_start;
static int audit_rows, audit_dropped;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_once_t key_once = PTHREAD_ONCE_INIT;

static void make_key(void) {
  if (random_bytes(&hash_key, sizeof hash_key)) hash_key = FNV1A_INIT;
}

static uint64_t pair_key(const char *login, const char *addr) {
  pthread_once(&key_once, make_key);
  uint64_t h = fnv1a(FNV1A_INIT, &hash_key, sizeof hash_key);
  h = fnv1a(h, login, strlen(login) + 1);
  h = fnv1a(h, addr, strlen(addr) + 1);
  return h ? h : 1;
}

/* The pair's entry (lock held), or NULL. */
static Pair *lookup(uint64_t key) {
  for (int i = 0; i < PROBES; i++) {
    Pair *p = &pairs[(key + (uint64_t)i) % SLOTS];
    if (p->key == key) return p;
  }
  return NULL;
}

/* The pair's entry (lock held): found (forgotten when idle for a day), else a free or
   forgotten one, else the stalest unlocked one, else the stalest. A fresh entry is zeroed with
   the key set. */
static Pair *find(uint64_t key, long long now) {
  Pair *p = lookup(key), *victim = NULL;
  if (p && p->last + FORGET_SECONDS >= now) return p;
  if (p) victim = p;
  for (int i = 0; !victim && i < PROBES; i++) {
    p = &pairs[(key + (uint64_t)i) % SLOTS];
    if (p->key == 0 || p->last + FORGET_SECONDS < now) victim = p;
  }
  for (int i = 0; !victim && i < PROBES; i++) {
    p = &pairs[(key + (uint64_t)i) % SLOTS];
    if (p->locked_until <= now && (!victim || p->last < victim->last)) victim = p;
  }
  for (int i = 0; !victim && i < PROBES; i++) {
    p = &pairs[(key + (uint64_t)i) % SLOTS];
    if (!victim || p->last < victim->last) victim = p;
  }
  memset(victim, 0, sizeof *victim);
  victim->key = key;
  return victim;
}

int throttle_locked(const char *login, const char *addr, long long now) {
  uint64_t key = pair_key(login, addr);
  pthread_mutex_lock(&lock);
  const Pair *p = lookup(key);
  int wait = p && p->locked_until > now ? (int)(p->locked_until - now) : 0;
  pthread_mutex_unlock(&lock);
  return wait;
}

void throttle_fail(const char *login, const char *addr, long long now, ThrottleResult *out) {
  uint64_t key = pair_key(login, addr);
  memset(out, 0, sizeof *out);
  pthread_mutex_lock(&lock);
  Pair *p = find(key, now);
  p->failures++;
  p->last = now;
  out->failures = p->failures;
  out->delay_ms = signin_delay_ms(p->failures);
  if (p->failures >= SIGNIN_MAX_FAILURES) {
    long long seconds = THROTTLE_LOCK_FIRST_SECONDS;
    for (int i = 0; i < p->locks && seconds < THROTTLE_LOCK_MAX_SECONDS; i++)
      seconds *= 2;
    if (seconds > THROTTLE_LOCK_MAX_SECONDS) seconds = THROTTLE_LOCK_MAX_SECONDS;
    p->locks++;
    p->locked_until = now + seconds;
    out->lock_seconds = (int)seconds;
  }
  pthread_mutex_unlock(&lock);
}

void throttle_clear(const char *login, const char *addr) {
  uint64_t key = pair_key(login, addr);
  pthread_mutex_lock(&lock);
  Pair *p = lookup(key);
  if (p) memset(p, 0, sizeof *p);
  pthread_mutex_unlock(&lock);
}

int throttle_audit_allowed(long long now, int *dropped) {
  pthread_mutex_lock(&lock);
  if (now - audit_window_start >= AUDIT_WINDOW_SECONDS) {
    audit_window_start = now;
    audit_rows = 0;
  }
  int ok = audit_rows < AUDIT_ROWS_PER_WINDOW;
  if (ok) {
    audit_rows++;
    *dropped = audit_dropped;
    audit_dropped = 0;
  } else {
    audit_dropped++;
    *dropped = 0;
  }
  pthread_mutex_unlock(&lock);
  return ok;
}
