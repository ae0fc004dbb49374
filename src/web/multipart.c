/* SPDX-License-Identifier: Apache-2.0 */
/*
** multipart.c — a multipart/form-data body (multipart.h), parsed by libmicrohttpd's post
** processor, which hands each part over in pieces (key, file name, offset, bytes). Text parts
** are collected whole and checked like an urlencoded form's values (UTF-8, no NUL); the file
** part goes straight into the Upload. The bytes fed are counted against the limit, so a body
** without a Content-Length (chunked) is cut off as soon as it is too big.
*/
#include "../model/text.h"
#include "multipart.h"
#include <stdlib.h>
#include <string.h>

#define PP_BUFFER_BYTES (16 * 1024) /* the post processor's own buffer */

struct Multipart {
  struct MHD_PostProcessor *pp;
  Form *form;
  Upload *up;
  size_t limit, fed;
  int bad;
  char *key; /* the text part being read, NULL when none (or a file) */
  Buf value; /* its bytes so far */
  int files; /* file parts seen */
  int in_file;
  char *part;   /* the key of the part being read (text or file), NULL before the first */
  uint64_t got; /* its bytes so far */
};

static int valid_text(const char *s, size_t n) {
  return !memchr(s, 0, n) && text_is_utf8(s, n);
}

/* The text part being read is complete: into the form. */
static void end_part(Multipart *m) {
  if (m->key) {
    size_t n = m->value.len;
    const char *v = m->value.s ? m->value.s : "";
    if (valid_text(v, n))
      form_add(m->form, m->key, xstrdup(v));
    else {
      m->bad = 1;
      free(m->key);
    }
  }
  m->key = NULL;
  buf_free(&m->value);
  m->in_file = 0;
}

/* The first piece of a file part: the request's one file. */
static void start_file(Multipart *m, const char *key, const char *filename) {
  m->in_file = 1;
  if (!*filename) return; /* a file input left empty: no file */
  if (m->files++) {
    m->bad = 1; /* one file per request */
    return;
  }
  m->up->present = 1;
  m->up->field = xstrdup(key);
  m->up->filename = text_is_utf8(filename, strlen(filename)) ? xstrdup(filename) : NULL;
}

static enum MHD_Result on_piece(void *cls, enum MHD_ValueKind kind, const char *key,
                                const char *filename, const char *content_type,
                                const char *transfer_encoding, const char *data, uint64_t off,
                                size_t size) {
  (void)kind;
  (void)content_type;
  (void)transfer_encoding;
  Multipart *m = cls;
  if (!key || !valid_text(key, strlen(key))) {
    m->bad = 1;
    return MHD_NO;
  }
  /* a new part: offset 0, unless it is a first piece of no bytes followed by the real one */
  if (off == 0 && (!m->part || m->got || strcmp(m->part, key) != 0)) {
    end_part(m);
    free(m->part);
    m->part = xstrdup(key);
    m->got = 0;
    if (filename)
      start_file(m, key, filename);
    else
      m->key = xstrdup(key);
  }
  m->got += size;
  if (size && m->in_file && m->files == 1 && m->up->present)
    buf_putn(&m->up->data, data, size);
  else if (size && m->key)
    buf_putn(&m->value, data, size);
  return m->bad ? MHD_NO : MHD_YES;
}

Multipart *multipart_new(struct MHD_Connection *c, size_t limit, Form *form, Upload *up) {
  Multipart *m = xcalloc(1, sizeof *m);
  m->form = form;
  m->up = up;
  m->limit = limit;
  m->pp = MHD_create_post_processor(c, PP_BUFFER_BYTES, on_piece, m);
  if (!m->pp) {
    free(m);
    return NULL;
  }
  return m;
}

int multipart_feed(Multipart *m, const char *data, size_t n) {
  if (m->bad) return -1;
  if (n > m->limit - m->fed) {
    m->fed = m->limit;
    return 1;
  }
  m->fed += n;
  if (MHD_post_process(m->pp, data, n) != MHD_YES) m->bad = 1;
  return m->bad ? -1 : 0;
}

int multipart_finish(Multipart *m) {
  if (!m) return -1;
  int complete = MHD_destroy_post_processor(m->pp) == MHD_YES;
  m->pp = NULL;
  end_part(m);
  int rc = m->bad || !complete ? -1 : 0;
  free(m->part);
  free(m);
  return rc;
}

void multipart_free(Multipart *m) {
  if (!m) return;
  if (m->pp) MHD_destroy_post_processor(m->pp);
  free(m->key);
  free(m->part);
  buf_free(&m->value);
  free(m);
}

void upload_free(Upload *u) {
  free(u->field);
  free(u->filename);
  buf_free(&u->data);
  memset(u, 0, sizeof *u);
}
