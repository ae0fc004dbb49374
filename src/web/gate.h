/* SPDX-License-Identifier: Apache-2.0 */
/*
** gate.h — the checks a request gets from its headers alone, before any page runs (gate.c):
** ambiguous framing (request smuggling), methods the site does not answer, cross-origin POSTs,
** bodies where none belongs, and the body a POST may carry (an urlencoded form, or a
** multipart upload to /staff/upload/), with its size limit.
*/
#ifndef SHINCHOKU_WEB_GATE_H
#define SHINCHOKU_WEB_GATE_H

#include "source.h"
/* The largest body of each kind: a form (the longest entry form is far below this) and an
   uploaded department workbook (a few hundred KiB; the multipart framing included). */
#define GATE_MAX_FORM_BYTES (1024 * 1024)
#define GATE_MAX_UPLOAD_BYTES (8 * 1024 * 1024)

/* The body a request that passed the gate carries. */
typedef enum BodyKind { BODY_NONE, BODY_FORM, BODY_MULTIPART } BodyKind;

/* 1 with out filled (an error page) when the request is refused from its headers alone;
   else 0 with *kind the body it may carry. path is the raw path as sent. */
int gate_refuse(const Source *src, const char *path, const WebConf *conf, const char *method,
                const char *version, BodyKind *kind, Resp *out);

#endif
