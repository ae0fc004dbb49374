/* SPDX-License-Identifier: Apache-2.0 */
/*
** mail.h — sending one plain-text mail in Japanese through the SMTP relay the city configures
** ([mail] smtp_relay and from in shinchoku.conf), with libcurl's SMTP client.
*/
#ifndef SHINCHOKU_MAIL_H
#define SHINCHOKU_MAIL_H

#include <stddef.h>

typedef struct Mail {
  const char *relay;     /* HOST:PORT, or a URL smtp://HOST:PORT (smtps:// for TLS) */
  const char *from;      /* the sender's address */
  const char *const *to; /* recipients' addresses, NULL-terminated */
  const char *subject;   /* UTF-8 */
  const char *body;      /* UTF-8, lines separated by \n */
} Mail;

/* Whether s is an address we write into a header: local@domain, printable ASCII without
   spaces, CR, LF, angle brackets or commas. */
int mail_address_ok(const char *s);

/* The message as sent (headers and a base64 body), malloc'd. */
char *mail_message(const Mail *m);

/* Send m. 0, or -1 with the reason in err. */
int mail_send(const Mail *m, char *err, size_t errlen);

#endif
