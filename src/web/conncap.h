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
/* 1 when one more connection from addr is allowed, and then it is counted: every admitted
   connection must be closed by conncap_close (a connection the server fails to start after
   admitting it keeps its count: the address's cap is one lower until the server restarts). */
int conncap_admit(const struct sockaddr *addr);
/* The slot an admitted connection from addr was counted in, to be passed back on close (-1:
   not counted). */
int conncap_open(const struct sockaddr *addr);
void conncap_close(int slot);

#endif
