/* SPDX-License-Identifier: Apache-2.0 */
/*
** packet.h — which documents a committee meeting's packet holds (packet.c): the meeting, the
** agenda item and the 資料 in order, each a report kind (and the policy variant it is
** evaluated with), read from the plan's meeting data (model/meeting.h, the exchange format's
** meetings.csv and agenda.csv). A plan without meetings gets the default packet. The PDF
** writer knows nothing of kinds.
*/
#ifndef SHINCHOKU_REPORTS_PACKET_H
#define SHINCHOKU_REPORTS_PACKET_H

#include "../model/plan.h"
#include "report.h"
#include <stddef.h>

#define PACKET_MAX_DOCS 16

/* One report of the packet. Consecutive entries with the same label are one 資料. */
typedef struct PacketDoc {
  const char *label;   /* 「資料2」 */
  const char *kind;    /* a report kind (report_kinds[]) */
  const char *variant; /* the policy variant to evaluate with, NULL for the policy itself */
  const char *title;   /* the title on the cover as the seed words it, NULL: the report's */
} PacketDoc;

typedef struct PacketDecl {
  const char *meeting;  /* NULL: 「（計画名） 進捗報告」 */
  const char *business; /* 「協議事項」 or 「報告事項」, NULL: 協議事項 */
  const char *agenda;   /* NULL: 「（計画名）の進捗について」 */
  PacketDoc docs[PACKET_MAX_DOCS];
  int ndocs;
} PacketDecl;

/* The packet of plan p's meeting named key (its id or name), or of its latest meeting when
   key is NULL, or the default packet when the plan has no meeting and key is NULL: the
   agenda's documents that have a report kind, in order (the others are handed out but not
   made here). Strings point into the plan. 0, or -1 with the reason in err. */
int packet_for(const Plan *p, const char *key, PacketDecl *out, char *err, size_t errlen);

/* The label (「資料2」) the latest meeting's agenda gives report kind `kind`, NULL when the plan
   has no meeting or its agenda does not make that kind: a document is labelled as the plan's
   own agenda numbers it, not by kind (000's sheets are 資料3-1, 001's 資料2). */
const char *packet_label(const Plan *p, const char *kind);

/* A packet assembled (packet_build.c): each document's policy, evaluation and report, and the
   cover's words; pk is what report_write_packet_pdf prints. */
typedef struct Packet {
  ReportPacket pk;
  Policy *pols[PACKET_MAX_DOCS];
  Evaluation *evs[PACKET_MAX_DOCS];
  Report *reports[PACKET_MAX_DOCS];
  const Report *docs[PACKET_MAX_DOCS];
  const char *titles[PACKET_MAX_DOCS];
  int n; /* documents built so far */
  Buf meeting, agenda;
} Packet;

/* The packet of plan's meeting which (packet_for), every document evaluated with variant,
   else the document's, else the variant the policy declares for its kind, and built for year
   from src. 0 (free with packet_free), or -1 with the reason in err. */
int packet_build(Packet *pk, const Plan *plan, const char *which, const char *variant, int year,
                 const ReportSource *src, char *err, size_t errlen);
void packet_free(Packet *pk);

#endif
