/* SPDX-License-Identifier: Apache-2.0 */
/*
** conncap.h — how many connections one client address may hold open at once (conncap.c),
** with the trusted reverse proxy exempt (it carries everyone's connections).
*/
#ifndef SHINCHOKU_WEB_CONNCAP_H
#define SHINCHOKU_WEB_CONNCAP_H

#include <sys/socket.h>

/* The cap per address; `exempt` (may be NULL) is the trusted proxy's numeric address. */
void conncap_init(int per_address, const char *exempt);
/* 1 when one more connection from addr is allowed. */
int conncap_admit(const struct sockaddr *addr);
/* Count a connection from addr opened (+1) or closed (-1). Returns the slot counted, to be
   passed back on close (-1: not counted). */
int conncap_open(const struct sockaddr *addr);
void conncap_close(int slot);

#endif
